import {
  CreateRuleCommand,
  DeleteRuleCommand,
  DescribeListenersCommand,
  DescribeRulesCommand,
  DescribeTagsCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  ModifyTargetGroupAttributesCommand,
  type Listener,
  type Rule
} from '@aws-sdk/client-elastic-load-balancing-v2'
import type {
  Action,
  LoadBalancerPort,
  RuleCondition,
  Tag,
  TargetGroup,
  TargetGroupAttribute,
  TargetHealthDescription
} from '../ports/load-balancer.js'
import { awsClientConfig, isAwsError, withOperation, type AwsClientOptions } from './client-config.js'

/** DescribeTags takes at most 20 resource ARNs. */
const TAGS_PER_CALL = 20

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

  async modifyTargetGroupAttributes(
    targetGroupArn: string,
    attributes: TargetGroupAttribute[]
  ): Promise<void> {
    try {
      await this.client.send(
        new ModifyTargetGroupAttributesCommand({ TargetGroupArn: targetGroupArn, Attributes: attributes })
      )
    } catch (error) {
      throw withOperation('Elastic Load Balancing', 'ModifyTargetGroupAttributes', error)
    }
  }

  async describeTargetHealth(targetGroupArn: string): Promise<TargetHealthDescription[]> {
    try {
      const output = await this.client.send(
        new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn })
      )
      return output.TargetHealthDescriptions ?? []
    } catch (error) {
      throw withOperation('Elastic Load Balancing', 'DescribeTargetHealth', error)
    }
  }

  async describeListeners(loadBalancerArn: string): Promise<Listener[]> {
    const listeners: Listener[] = []
    let marker: string | undefined
    try {
      do {
        const output = await this.client.send(
          new DescribeListenersCommand({ LoadBalancerArn: loadBalancerArn, Marker: marker })
        )
        listeners.push(...(output.Listeners ?? []))
        marker = output.NextMarker
      } while (marker)
      return listeners
    } catch (error) {
      throw withOperation('Elastic Load Balancing', 'DescribeListeners', error)
    }
  }

  async describeRules(listenerArn: string): Promise<Rule[]> {
    const rules: Rule[] = []
    let marker: string | undefined
    try {
      do {
        const output = await this.client.send(
          new DescribeRulesCommand({ ListenerArn: listenerArn, Marker: marker })
        )
        rules.push(...(output.Rules ?? []))
        marker = output.NextMarker
      } while (marker)
      return rules
    } catch (error) {
      throw withOperation('Elastic Load Balancing', 'DescribeRules', error)
    }
  }

  async createRule(request: {
    listenerArn: string
    priority: number
    conditions: RuleCondition[]
    actions: Action[]
    tags: Tag[]
  }): Promise<Rule | undefined> {
    try {
      const output = await this.client.send(
        new CreateRuleCommand({
          ListenerArn: request.listenerArn,
          Priority: request.priority,
          Conditions: request.conditions,
          Actions: request.actions,
          Tags: request.tags
        })
      )
      return output.Rules?.[0]
    } catch (error) {
      throw withOperation('Elastic Load Balancing', 'CreateRule', error)
    }
  }

  async deleteRule(ruleArn: string): Promise<void> {
    try {
      await this.client.send(new DeleteRuleCommand({ RuleArn: ruleArn }))
    } catch (error) {
      if (isAwsError(error, 'RuleNotFoundException', 'RuleNotFound')) return
      throw withOperation('Elastic Load Balancing', 'DeleteRule', error)
    }
  }

  async describeTags(resourceArns: string[]): Promise<Map<string, Tag[]>> {
    const tags = new Map<string, Tag[]>()
    try {
      for (let start = 0; start < resourceArns.length; start += TAGS_PER_CALL) {
        const output = await this.client.send(
          new DescribeTagsCommand({ ResourceArns: resourceArns.slice(start, start + TAGS_PER_CALL) })
        )
        for (const description of output.TagDescriptions ?? [])
          if (description.ResourceArn) tags.set(description.ResourceArn, description.Tags ?? [])
      }
      return tags
    } catch (error) {
      throw withOperation('Elastic Load Balancing', 'DescribeTags', error)
    }
  }
}
