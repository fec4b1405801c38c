import type {
  Action,
  Listener,
  Rule,
  RuleCondition,
  Tag,
  TargetGroup,
  TargetGroupAttribute,
  TargetHealthDescription
} from '@aws-sdk/client-elastic-load-balancing-v2'

export type {
  Action,
  Listener,
  Rule,
  RuleCondition,
  Tag,
  TargetGroup,
  TargetGroupAttribute,
  TargetHealthDescription
}

/**
 * Elastic Load Balancing v2: the target groups in front of the service (read by the plan) and, during a migrating
 * upgrade, their deregistration delay, the listener rule of the maintenance page and target health.
 */
export interface LoadBalancerPort {
  describeTargetGroup(targetGroupArn: string): Promise<TargetGroup | undefined>
  describeTargetGroupAttributes(targetGroupArn: string): Promise<TargetGroupAttribute[]>
  modifyTargetGroupAttributes(targetGroupArn: string, attributes: TargetGroupAttribute[]): Promise<void>
  describeTargetHealth(targetGroupArn: string): Promise<TargetHealthDescription[]>
  /** Every listener of the load balancer (all pages). */
  describeListeners(loadBalancerArn: string): Promise<Listener[]>
  /** Every rule of the listener (all pages), the default one included. */
  describeRules(listenerArn: string): Promise<Rule[]>
  createRule(request: {
    listenerArn: string
    priority: number
    conditions: RuleCondition[]
    actions: Action[]
    tags: Tag[]
  }): Promise<Rule | undefined>
  /** Deletes the rule; a rule already gone is not an error. */
  deleteRule(ruleArn: string): Promise<void>
  /** Tags by resource ARN (at most 20 ARNs a call; the client splits longer lists). */
  describeTags(resourceArns: string[]): Promise<Map<string, Tag[]>>
}
