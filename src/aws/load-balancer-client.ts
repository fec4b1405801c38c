import {
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client
} from '@aws-sdk/client-elastic-load-balancing-v2'
import type { LoadBalancerPort, TargetGroup, TargetGroupAttribute } from '../ports/load-balancer.js'
import { awsClientConfig, isAwsError, withOperation, type AwsClientOptions } from './client-config.js'

export class SdkLoadBalancer implements LoadBalancerPort {
  private readonly client: ElasticLoadBalancingV2Client

  constructor(
    readonly region: string,
    options: AwsClientOptions = {}
  ) {
    this.client = new ElasticLoadBalancingV2Client(awsClientConfig(region, options))
  }

  async describeTargetGroup(targetGroupArn: string): Promise<TargetGroup | undefined> {
    try {
      const output = await this.client.send(
        new DescribeTargetGroupsCommand({ TargetGroupArns: [targetGroupArn] })
      )
      return output.TargetGroups?.[0]
    } catch (error) {
      if (isAwsError(error, 'TargetGroupNotFoundException', 'TargetGroupNotFound')) return undefined
      throw withOperation('Elastic Load Balancing', 'DescribeTargetGroups', error)
    }
  }

  async describeTargetGroupAttributes(targetGroupArn: string): Promise<TargetGroupAttribute[]> {
    try {
      const output = await this.client.send(
        new DescribeTargetGroupAttributesCommand({ TargetGroupArn: targetGroupArn })
      )
      return output.Attributes ?? []
    } catch (error) {
      throw withOperation('Elastic Load Balancing', 'DescribeTargetGroupAttributes', error)
    }
  }
}
