import {
  ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
  RegisterScalableTargetCommand
} from '@aws-sdk/client-application-auto-scaling'
import type { AutoScalingPort, ScalableTarget, SuspendedState } from '../ports/autoscaling.js'
import { awsClientConfig, withOperation, type AwsClientOptions } from './client-config.js'
import { serviceResourceId } from './service-resource-id.js'

const ECS_DESIRED_COUNT = { ServiceNamespace: 'ecs', ScalableDimension: 'ecs:service:DesiredCount' } as const

export class SdkAutoScaling implements AutoScalingPort {
  private readonly client: ApplicationAutoScalingClient

  constructor(
    readonly region: string,
    options: AwsClientOptions = {}
  ) {
    this.client = new ApplicationAutoScalingClient(awsClientConfig(region, options))
  }

  async describeServiceTarget(cluster: string, service: string): Promise<ScalableTarget | undefined> {
    try {
      const output = await this.client.send(
        new DescribeScalableTargetsCommand({
          ...ECS_DESIRED_COUNT,
          ResourceIds: [serviceResourceId(cluster, service)]
        })
      )
      return output.ScalableTargets?.[0]
    } catch (error) {
      throw withOperation('Application Auto Scaling', 'DescribeScalableTargets', error)
    }
  }

  /** Registering an existing target without capacities changes only what is given: here its SuspendedState. */
  async setSuspendedState(cluster: string, service: string, state: SuspendedState): Promise<void> {
    try {
      await this.client.send(
        new RegisterScalableTargetCommand({
          ...ECS_DESIRED_COUNT,
          ResourceId: serviceResourceId(cluster, service),
          SuspendedState: state
        })
      )
    } catch (error) {
      throw withOperation('Application Auto Scaling', 'RegisterScalableTarget', error)
    }
  }
}
