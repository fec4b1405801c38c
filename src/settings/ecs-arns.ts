import { parseEcsResourceArn } from '../domain/arn.js'
import { InputError } from '../errors.js'

/**
 * `cluster` and `service` may be ARNs. ECS reads an ARN only in the Region of the endpoint it is sent to
 * (another Region's ARN fails with "Invalid Region in ARN"), and a cluster of another account is not the
 * caller's: an ARN that disagrees with the credentials' Region, its own partition or the other input would
 * send the deploy somewhere the workflow did not mean. Caught here, before any request.
 */
/** The partition a Region belongs to (aws, aws-cn, aws-us-gov, aws-iso*). */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn'
  if (region.startsWith('us-gov-')) return 'aws-us-gov'
  if (region.startsWith('us-isob-')) return 'aws-iso-b'
  if (region.startsWith('us-iso-')) return 'aws-iso'
  if (region.startsWith('eu-isoe-')) return 'aws-iso-e'
  if (region.startsWith('us-isof-')) return 'aws-iso-f'
  return 'aws'
}

function clusterNameOf(cluster: string): string {
  return parseEcsResourceArn(cluster)?.cluster ?? cluster
}

export function checkEcsArns(
  cluster: string | undefined,
  service: string | undefined,
  awsRegion?: string
): void {
  const arns = [
    ['cluster', parseEcsResourceArn(cluster)],
    ['service', parseEcsResourceArn(service)]
  ] as const
  for (const [input, arn] of arns) {
    if (!arn) continue
    if (awsRegion && arn.region !== awsRegion) {
      throw new InputError(
        input,
        `the ARN is in ${arn.region}, but the AWS credentials are for ${awsRegion} (AWS_REGION): expected an ARN in ${awsRegion}, or the plain name`
      )
    }
    const expected = partitionOf(arn.region)
    if (arn.partition !== expected) {
      throw new InputError(
        input,
        `the ARN's partition is ${arn.partition}, but ${arn.region} is in ${expected}: expected arn:${expected}:ecs:${arn.region}:...`
      )
    }
  }
  const [[, clusterArn], [, serviceArn]] = arns
  if (clusterArn && serviceArn) {
    for (const [field, part] of [
      ['partition', 'partition'],
      ['region', 'region'],
      ['accountId', 'account']
    ] as const) {
      if (clusterArn[field] !== serviceArn[field]) {
        throw new InputError(
          'service',
          `the service ARN's ${part} is ${serviceArn[field]}, but the cluster ARN's is ${clusterArn[field]}: expected both in one ${part}`
        )
      }
    }
  }
  if (serviceArn?.cluster && cluster && serviceArn.cluster !== clusterNameOf(cluster)) {
    throw new InputError(
      'service',
      `the service ARN is in cluster ${serviceArn.cluster}, but cluster is ${clusterNameOf(cluster)}: expected the same cluster`
    )
  }
}
