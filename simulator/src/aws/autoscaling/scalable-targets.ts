import { createHash } from 'node:crypto'
import type { ScalableTargetSeed } from '../../scenario.js'
import type { AutoScalingView } from '../../world.js'

export const ECS_DESIRED_COUNT = 'ecs:service:DesiredCount'

export interface SuspendedState {
  DynamicScalingInSuspended: boolean
  DynamicScalingOutSuspended: boolean
  ScheduledScalingSuspended: boolean
}

export interface StoredScalableTarget {
  serviceNamespace: string
  /** `service/CLUSTER/SERVICE` */
  resourceId: string
  scalableDimension: string
  minCapacity: number
  maxCapacity: number
  suspended: SuspendedState
  creationTime: Date
  roleArn: string
  arn: string
}

/** Application Auto Scaling scalable targets of ECS services. */
export class ScalableTargets implements AutoScalingView {
  private readonly targets = new Map<string, StoredScalableTarget>()

  constructor(
    readonly region: string,
    readonly accountId: string,
    seeds: ScalableTargetSeed[] = []
  ) {
    for (const seed of seeds) {
      this.register({
        serviceNamespace: 'ecs',
        resourceId: `service/${seed.cluster}/${seed.service}`,
        scalableDimension: ECS_DESIRED_COUNT,
        minCapacity: seed.minCapacity,
        maxCapacity: seed.maxCapacity,
        suspended: {
          DynamicScalingInSuspended: seed.suspended?.dynamicScalingInSuspended ?? false,
          DynamicScalingOutSuspended: seed.suspended?.dynamicScalingOutSuspended ?? false,
          ScheduledScalingSuspended: seed.suspended?.scheduledScalingSuspended ?? false
        }
      })
    }
  }

  /** Creates the target, or replaces the given fields of an existing one. */
  register(
    target: Pick<StoredScalableTarget, 'serviceNamespace' | 'resourceId' | 'scalableDimension'> &
      Partial<StoredScalableTarget>
  ): StoredScalableTarget {
    const key = `${target.serviceNamespace}|${target.resourceId}|${target.scalableDimension}`
    const existing = this.targets.get(key)
    const id = createHash('sha256').update(key).digest('hex').slice(0, 32)
    const stored: StoredScalableTarget = {
      creationTime: new Date(),
      roleArn: `arn:aws:iam::${this.accountId}:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService`,
      arn: `arn:aws:application-autoscaling:${this.region}:${this.accountId}:scalable-target/0e${id.slice(0, 30)}`,
      minCapacity: 0,
      maxCapacity: 0,
      suspended: {
        DynamicScalingInSuspended: false,
        DynamicScalingOutSuspended: false,
        ScheduledScalingSuspended: false
      },
      ...existing,
      ...Object.fromEntries(Object.entries(target).filter(([, value]) => value !== undefined))
    } as StoredScalableTarget
    this.targets.set(key, stored)
    return stored
  }

  deregister(serviceNamespace: string, resourceId: string, scalableDimension: string): boolean {
    return this.targets.delete(`${serviceNamespace}|${resourceId}|${scalableDimension}`)
  }

  find(
    serviceNamespace: string,
    resourceId: string,
    scalableDimension: string
  ): StoredScalableTarget | undefined {
    return this.targets.get(`${serviceNamespace}|${resourceId}|${scalableDimension}`)
  }

  /** In registration order. */
  all(): StoredScalableTarget[] {
    return [...this.targets.values()]
  }

  /** The target of an ECS service's desired count: for tests. */
  serviceTarget(cluster: string, service: string): StoredScalableTarget | undefined {
    return this.find('ecs', `service/${cluster}/${service}`, ECS_DESIRED_COUNT)
  }

  /**
   * The bounds Application Auto Scaling holds the service's desired count to. Raising it to the minimum is a
   * scale-out, so it stops while DynamicScalingOutSuspended (min 0); lowering it to the maximum is a scale-in,
   * stopped while DynamicScalingInSuspended (max Infinity). Undefined when there is no target or both directions
   * are suspended. ScheduledScalingSuspended changes nothing: the simulator has no scheduled actions.
   */
  capacityFor(cluster: string, service: string): { min: number; max: number } | undefined {
    const target = this.serviceTarget(cluster.replace(/^arn:aws:ecs:[^:]+:\d{12}:cluster\//, ''), service)
    if (!target) return undefined
    const { DynamicScalingInSuspended: inSuspended, DynamicScalingOutSuspended: outSuspended } =
      target.suspended
    if (inSuspended && outSuspended) return undefined
    return { min: outSuspended ? 0 : target.minCapacity, max: inSuspended ? Infinity : target.maxCapacity }
  }
}
