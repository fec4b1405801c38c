import { AwsError, type AwsJsonService } from '../../world.js'
import { operationTable, pageSize, paginate } from '../pagination.js'
import {
  ECS_DESIRED_COUNT,
  type ScalableTargets,
  type StoredScalableTarget,
  type SuspendedState
} from './scalable-targets.js'

const UNSUPPORTED = 'Unsupported service namespace, resource type or scalable dimension'
const ECS_RESOURCE_ID = /^service\/[^/]+\/[^/]+$/

/** Application Auto Scaling for ECS services: Describe/Register/DeregisterScalableTarget. */
export function createAutoScalingService(targets: ScalableTargets): AwsJsonService {
  const render = (target: StoredScalableTarget): Record<string, unknown> => ({
    ServiceNamespace: target.serviceNamespace,
    ResourceId: target.resourceId,
    ScalableDimension: target.scalableDimension,
    MinCapacity: target.minCapacity,
    MaxCapacity: target.maxCapacity,
    RoleARN: target.roleArn,
    CreationTime: target.creationTime,
    SuspendedState: { ...target.suspended },
    ScalableTargetARN: target.arn
  })

  const checkEcsTarget = (input: Record<string, unknown>): void => {
    if (
      input.ServiceNamespace !== 'ecs' ||
      input.ScalableDimension !== ECS_DESIRED_COUNT ||
      !ECS_RESOURCE_ID.test(input.ResourceId as string)
    ) {
      throw new AwsError('ValidationException', UNSUPPORTED)
    }
  }

  const handle = operationTable('Application Auto Scaling', {
    DescribeScalableTargets(input) {
      const size = pageSize(input.MaxResults, 'maxResults', { max: 50, default: 50 }, 'ValidationException')
      const resourceIds = input.ResourceIds as string[] | undefined
      const matching = targets
        .all()
        .filter(target => target.serviceNamespace === input.ServiceNamespace)
        .filter(target => !resourceIds || resourceIds.includes(target.resourceId))
        .filter(
          target =>
            input.ScalableDimension === undefined || target.scalableDimension === input.ScalableDimension
        )
      const page = paginate(
        matching,
        size,
        input.NextToken as string | undefined,
        () => new AwsError('InvalidNextTokenException', 'Invalid token')
      )
      return { ScalableTargets: page.items.map(render), NextToken: page.nextToken }
    },

    RegisterScalableTarget(input) {
      checkEcsTarget(input)
      const key = [
        input.ServiceNamespace as string,
        input.ResourceId as string,
        input.ScalableDimension as string
      ] as const
      const existing = targets.find(...key)
      const min = (input.MinCapacity as number | undefined) ?? existing?.minCapacity
      const max = (input.MaxCapacity as number | undefined) ?? existing?.maxCapacity
      if (min === undefined || max === undefined) {
        throw new AwsError(
          'ValidationException',
          'MinCapacity and MaxCapacity are required to register a new scalable target'
        )
      }
      if (min < 0 || max < 0) throw new AwsError('ValidationException', 'Capacity cannot be negative')
      if (min > max)
        throw new AwsError('ValidationException', 'Minimum capacity cannot be greater than maximum capacity')
      // Members of SuspendedState left out are false, the documented default.
      const given = input.SuspendedState as Partial<SuspendedState> | undefined
      const suspended = given
        ? {
            DynamicScalingInSuspended: given.DynamicScalingInSuspended ?? false,
            DynamicScalingOutSuspended: given.DynamicScalingOutSuspended ?? false,
            ScheduledScalingSuspended: given.ScheduledScalingSuspended ?? false
          }
        : undefined
      const stored = targets.register({
        serviceNamespace: key[0],
        resourceId: key[1],
        scalableDimension: key[2],
        minCapacity: min,
        maxCapacity: max,
        suspended,
        roleArn: input.RoleARN as string | undefined
      })
      return { ScalableTargetARN: stored.arn }
    },

    DeregisterScalableTarget(input) {
      checkEcsTarget(input)
      if (
        !targets.deregister(
          input.ServiceNamespace as string,
          input.ResourceId as string,
          input.ScalableDimension as string
        )
      ) {
        throw new AwsError(
          'ObjectNotFoundException',
          `No scalable target registered for service namespace: ecs, resource ID: ${String(input.ResourceId)}, scalable dimension: ${ECS_DESIRED_COUNT}`
        )
      }
      return {}
    }
  })
  return { handle }
}
