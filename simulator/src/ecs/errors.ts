import { AwsError } from '../world.js'

/** The exceptions ECS answers with, with the messages it uses. */
export const clusterNotFound = (): AwsError => new AwsError('ClusterNotFoundException', 'Cluster not found.')

export const serviceNotFound = (): AwsError => new AwsError('ServiceNotFoundException', 'Service not found.')

export const serviceNotActive = (): AwsError =>
  new AwsError('ServiceNotActiveException', 'Service was not ACTIVE.')

export const invalidParameter = (message: string): AwsError =>
  new AwsError('InvalidParameterException', message)

export const clientException = (message: string): AwsError => new AwsError('ClientException', message)
