import { AwsError, type AwsJsonService } from '../../world.js'
import { operationTable, pageSize, paginate } from '../pagination.js'
import {
  type LoadBalancerStore,
  type RuleAction,
  type RuleCondition,
  type StoredListener,
  type StoredRule
} from './load-balancers.js'
import type { StoredTargetGroup, TargetGroupStore } from './target-groups.js'
import { targetHealthDescription, targetKey } from './targets.js'

const notFound = (): AwsError => new AwsError('TargetGroupNotFound', 'One or more target groups not found')

/**
 * Elastic Load Balancing v2 target groups: DescribeTargetGroups, Describe/ModifyTargetGroupAttributes and
 * DescribeTargetHealth (the targets ECS registers for a service's tasks). Outputs
 * are plain objects; the awsQuery front door renders them as XML by the model.
 */
export function createElbv2Service(store: TargetGroupStore, balancers?: LoadBalancerStore): AwsJsonService {
  const render = (group: StoredTargetGroup): Record<string, unknown> => ({
    TargetGroupArn: group.arn,
    TargetGroupName: group.name,
    Protocol: 'HTTP',
    Port: group.port,
    VpcId: 'vpc-0a1b2c3d4e5f60718',
    HealthCheckProtocol: 'HTTP',
    HealthCheckPort: 'traffic-port',
    HealthCheckEnabled: true,
    HealthCheckIntervalSeconds: group.healthCheckIntervalSeconds,
    HealthCheckTimeoutSeconds: 5,
    HealthyThresholdCount: group.healthyThresholdCount,
    UnhealthyThresholdCount: 2,
    HealthCheckPath: group.healthCheckPath,
    Matcher: { HttpCode: '200' },
    LoadBalancerArns: balancers?.loadBalancersOf(group.arn) ?? [],
    TargetType: 'ip',
    ProtocolVersion: 'HTTP1',
    IpAddressType: 'ipv4'
  })

  const attributes = (group: StoredTargetGroup): Record<string, unknown> => ({
    Attributes: [...group.attributes].map(([Key, Value]) => ({ Key, Value }))
  })

  const handle = operationTable('Elastic Load Balancing v2', {
    DescribeTargetGroups(input) {
      const arns = input.TargetGroupArns as string[] | undefined
      const names = input.Names as string[] | undefined
      const selectors = [arns, names, input.LoadBalancerArn].filter(selector => selector !== undefined)
      if (selectors.length > 1) {
        throw new AwsError(
          'ValidationError',
          'Target group names, target group ARNs, and a load balancer ARN cannot be specified at the same time'
        )
      }
      let groups = store.all()
      if (input.LoadBalancerArn !== undefined) {
        const balancer = balancers?.byArn(input.LoadBalancerArn as string)
        if (!balancer) throw new AwsError('LoadBalancerNotFound', 'One or more load balancers not found')
        groups = groups.filter(group => balancers!.loadBalancersOf(group.arn).includes(balancer.arn))
      }
      const size = pageSize(input.PageSize, 'pageSize', { max: 400, default: 400 }, 'ValidationError')
      if (arns) groups = arns.map(arn => store.byArn(arn) ?? throwing(notFound()))
      if (names) groups = names.map(name => store.byName(name) ?? throwing(notFound()))
      const page = paginate(
        groups,
        size,
        input.Marker as string | undefined,
        () => new AwsError('ValidationError', 'Invalid marker')
      )
      return { TargetGroups: page.items.map(render), NextMarker: page.nextToken }
    },

    /** All registered targets, or the ones asked for (`unused` when the group does not hold them). */
    DescribeTargetHealth(input) {
      const group = store.byArn(input.TargetGroupArn as string)
      if (!group) throw notFound()
      const asked = input.Targets as { Id: string; Port?: number }[] | undefined
      const targets = new Map(store.targetsOf(group.arn).map(target => [targetKey(target), target]))
      const descriptions = asked
        ? asked.map(target => {
            const port = target.Port ?? group.port
            return targetHealthDescription(
              { id: target.Id, port },
              targets.get(targetKey({ id: target.Id, port }))
            )
          })
        : [...targets.values()].map(target => targetHealthDescription(target, target))
      return { TargetHealthDescriptions: descriptions }
    },

    DescribeTargetGroupAttributes(input) {
      const group = store.byArn(input.TargetGroupArn as string)
      if (!group) throw notFound()
      return attributes(group)
    },

    DescribeLoadBalancers(input) {
      const arns = input.LoadBalancerArns as string[] | undefined
      const names = input.Names as string[] | undefined
      let found = balancers?.all() ?? []
      const missing = () => new AwsError('LoadBalancerNotFound', 'One or more load balancers not found')
      if (arns) found = arns.map(arn => balancers?.byArn(arn) ?? throwing(missing()))
      if (names) found = names.map(name => balancers?.byName(name) ?? throwing(missing()))
      return {
        LoadBalancers: found.map(balancer => ({
          LoadBalancerArn: balancer.arn,
          LoadBalancerName: balancer.name,
          DNSName: `${balancer.name}-1234567890.${store.region}.elb.amazonaws.com`,
          Scheme: 'internet-facing',
          VpcId: 'vpc-0a1b2c3d4e5f60718',
          State: { Code: 'active' },
          Type: 'application',
          IpAddressType: 'ipv4'
        }))
      }
    },

    DescribeListeners(input) {
      const arns = input.ListenerArns as string[] | undefined
      if (input.LoadBalancerArn !== undefined && arns !== undefined)
        throw new AwsError(
          'ValidationError',
          'Listener ARNs and a load balancer ARN cannot be specified at the same time'
        )
      let listeners: StoredListener[]
      if (input.LoadBalancerArn !== undefined) {
        const balancer = balancers?.byArn(input.LoadBalancerArn as string)
        if (!balancer) throw new AwsError('LoadBalancerNotFound', 'One or more load balancers not found')
        listeners = balancer.listeners
      } else if (arns) {
        listeners = arns.map(
          arn =>
            balancers?.listener(arn) ??
            throwing(new AwsError('ListenerNotFound', 'One or more listeners not found'))
        )
      } else {
        throw new AwsError('ValidationError', 'You must specify either listener ARNs or a load balancer ARN')
      }
      const size = pageSize(input.PageSize, 'pageSize', { max: 400, default: 400 }, 'ValidationError')
      const page = paginate(
        listeners,
        size,
        input.Marker as string | undefined,
        () => new AwsError('ValidationError', 'Invalid marker')
      )
      return {
        Listeners: page.items.map(listener => ({
          ListenerArn: listener.arn,
          LoadBalancerArn: listener.loadBalancerArn,
          Port: listener.port,
          Protocol: listener.protocol,
          DefaultActions: listener.rules.find(rule => rule.priority === undefined)!.actions
        })),
        NextMarker: page.nextToken
      }
    },

    DescribeRules(input) {
      const arns = input.RuleArns as string[] | undefined
      let rules: StoredRule[]
      if (input.ListenerArn !== undefined) {
        const listener = balancers?.listener(input.ListenerArn as string)
        if (!listener) throw new AwsError('ListenerNotFound', 'One or more listeners not found')
        rules = balancers!.orderedRules(listener)
      } else if (arns) {
        rules = arns.map(
          arn =>
            balancers?.rule(arn)?.rule ??
            throwing(new AwsError('RuleNotFound', 'One or more rules not found'))
        )
      } else {
        throw new AwsError('ValidationError', 'You must specify either listener or rule ARNs')
      }
      const size = pageSize(input.PageSize, 'pageSize', { max: 400, default: 400 }, 'ValidationError')
      const page = paginate(
        rules,
        size,
        input.Marker as string | undefined,
        () => new AwsError('ValidationError', 'Invalid marker')
      )
      return { Rules: page.items.map(renderRule), NextMarker: page.nextToken }
    },

    CreateRule(input) {
      if (!balancers) throw new AwsError('ListenerNotFound', 'One or more listeners not found')
      const rule = balancers.createRule({
        listenerArn: input.ListenerArn as string,
        priority: input.Priority as number,
        conditions: (input.Conditions as RuleCondition[] | undefined) ?? [],
        actions: (input.Actions as RuleAction[] | undefined) ?? [],
        tags: (input.Tags as { Key?: string; Value?: string }[] | undefined) ?? []
      })
      return { Rules: [renderRule(rule)] }
    },

    DeleteRule(input) {
      if (!balancers) throw new AwsError('RuleNotFound', 'One or more rules not found')
      balancers.deleteRule(input.RuleArn as string)
      return {}
    },

    /** Tags of rules (and of target groups and load balancers, which carry none here); at most 20 ARNs. */
    DescribeTags(input) {
      const arns = (input.ResourceArns as string[] | undefined) ?? []
      if (arns.length > 20) {
        throw new AwsError(
          'ValidationError',
          `1 validation error detected: Value at 'resourceArns' failed to satisfy constraint: Member must have length less than or equal to 20`
        )
      }
      return {
        TagDescriptions: arns.map(arn => {
          const rule = balancers?.rule(arn)?.rule
          if (!rule && !store.exists(arn) && !balancers?.byArn(arn) && !balancers?.listener(arn))
            throw new AwsError('RuleNotFound', 'One or more rules not found')
          return {
            ResourceArn: arn,
            Tags: [...(rule?.tags ?? [])].map(([Key, Value]) => ({ Key, Value }))
          }
        })
      }
    },

    ModifyTargetGroupAttributes(input) {
      const group = store.byArn(input.TargetGroupArn as string)
      if (!group) throw notFound()
      for (const attribute of input.Attributes as { Key?: string; Value?: string }[]) {
        if (attribute.Key === undefined || !group.attributes.has(attribute.Key)) {
          throw new AwsError(
            'ValidationError',
            `Target group attribute key '${attribute.Key ?? ''}' is not recognized`
          )
        }
        group.attributes.set(attribute.Key, attribute.Value ?? '')
      }
      return attributes(group)
    }
  })
  return { handle }
}

function renderRule(rule: StoredRule): Record<string, unknown> {
  return {
    RuleArn: rule.arn,
    Priority: rule.priority === undefined ? 'default' : String(rule.priority),
    Conditions: rule.conditions,
    Actions: rule.actions,
    IsDefault: rule.priority === undefined
  }
}

function throwing(error: AwsError): never {
  throw error
}
