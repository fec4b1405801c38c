import { AwsError, type AwsJsonService } from '../../world.js'
import { operationTable, pageSize, paginate } from '../pagination.js'
import type { StoredTargetGroup, TargetGroupStore } from './target-groups.js'
import { targetHealthDescription, targetKey } from './targets.js'

const notFound = (): AwsError => new AwsError('TargetGroupNotFound', 'One or more target groups not found')

/**
 * Elastic Load Balancing v2 target groups: DescribeTargetGroups, Describe/ModifyTargetGroupAttributes and
 * DescribeTargetHealth (the targets ECS registers for a service's tasks). Outputs
 * are plain objects; the awsQuery front door renders them as XML by the model.
 */
export function createElbv2Service(store: TargetGroupStore): AwsJsonService {
  const render = (group: StoredTargetGroup): Record<string, unknown> => ({
    TargetGroupArn: group.arn,
    TargetGroupName: group.name,
    Protocol: 'HTTP',
    Port: group.port,
    VpcId: 'vpc-0a1b2c3d4e5f60718',
    HealthCheckProtocol: 'HTTP',
    HealthCheckPort: 'traffic-port',
    HealthCheckEnabled: true,
    HealthCheckIntervalSeconds: 30,
    HealthCheckTimeoutSeconds: 5,
    HealthyThresholdCount: 5,
    UnhealthyThresholdCount: 2,
    HealthCheckPath: group.healthCheckPath,
    Matcher: { HttpCode: '200' },
    LoadBalancerArns: [],
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
      if (input.LoadBalancerArn !== undefined)
        throw new AwsError('LoadBalancerNotFound', 'One or more load balancers not found')
      const size = pageSize(input.PageSize, 'pageSize', { max: 400, default: 400 }, 'ValidationError')
      let groups = store.all()
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
      const descriptions = asked
        ? asked.map(target => {
            const port = target.Port ?? group.port
            return targetHealthDescription(
              { id: target.Id, port },
              group.targets.get(targetKey({ id: target.Id, port }))
            )
          })
        : [...group.targets.values()].map(target => targetHealthDescription(target, target))
      return { TargetHealthDescriptions: descriptions }
    },

    DescribeTargetGroupAttributes(input) {
      const group = store.byArn(input.TargetGroupArn as string)
      if (!group) throw notFound()
      return attributes(group)
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

function throwing(error: AwsError): never {
  throw error
}
