import type { TargetGroup, TargetGroupAttribute } from '@aws-sdk/client-elastic-load-balancing-v2'

export type { TargetGroup, TargetGroupAttribute }

/** Elastic Load Balancing v2, read-only: the target groups in front of the service. */
export interface LoadBalancerPort {
  describeTargetGroup(targetGroupArn: string): Promise<TargetGroup | undefined>
  describeTargetGroupAttributes(targetGroupArn: string): Promise<TargetGroupAttribute[]>
}
