import { createHash } from 'node:crypto'
import type { TargetGroupSeed } from '../../scenario.js'
import type { TargetAddress, TargetGroupsView } from '../../world.js'
import { targetKey, type RegisteredTarget } from './targets.js'

/** The ALB default `deregistration_delay.timeout_seconds`. */
const DEFAULT_DEREGISTRATION_DELAY_SECONDS = 300

export interface StoredTargetGroup {
  name: string
  arn: string
  port: number
  healthCheckPath: string
  healthCheckIntervalSeconds: number
  healthyThresholdCount: number
  /** TargetGroupAttributes by key (`stickiness.enabled`: 'true'). */
  attributes: Map<string, string>
  /** Registered targets by `IP:port`, in registration order: ECS registers and deregisters them. */
  targets: Map<string, RegisteredTarget>
}

/** The simulator's clock as the health checks see it: ms now, and how many ms a simulated second lasts. */
export interface HealthCheckClock {
  now(): number
  secondMs(): number
}

const FROZEN_CLOCK: HealthCheckClock = { now: () => 0, secondMs: () => 0 }

/** ALB target groups (HTTP, target type ip, as Fargate services use them). */
export class TargetGroupStore implements TargetGroupsView {
  private readonly groups = new Map<string, StoredTargetGroup>()

  constructor(
    readonly region: string,
    readonly accountId: string,
    seeds: TargetGroupSeed[] = [],
    private readonly clock: HealthCheckClock = FROZEN_CLOCK
  ) {
    for (const seed of seeds) this.put(seed)
  }

  /** `arn:aws:elasticloadbalancing:REGION:ACCOUNT:targetgroup/NAME/<16 hex from the name>` */
  arnOf(name: string): string {
    const id = createHash('sha256')
      .update(`${this.accountId}:${this.region}:${name}`)
      .digest('hex')
      .slice(0, 16)
    return `arn:aws:elasticloadbalancing:${this.region}:${this.accountId}:targetgroup/${name}/${id}`
  }

  put(seed: TargetGroupSeed): StoredTargetGroup {
    const group: StoredTargetGroup = {
      name: seed.name,
      arn: seed.arn ?? this.arnOf(seed.name),
      port: seed.port ?? 8080,
      healthCheckPath: seed.healthCheckPath ?? '/',
      healthCheckIntervalSeconds: seed.healthCheckIntervalSeconds ?? 30,
      healthyThresholdCount: seed.healthyThresholdCount ?? 5,
      attributes: new Map([
        [
          'deregistration_delay.timeout_seconds',
          String(seed.deregistrationDelaySeconds ?? DEFAULT_DEREGISTRATION_DELAY_SECONDS)
        ],
        ['stickiness.enabled', String(seed.stickiness ?? false)],
        ['stickiness.type', 'lb_cookie'],
        ['stickiness.lb_cookie.duration_seconds', '86400'],
        ['stickiness.app_cookie.cookie_name', ''],
        ['stickiness.app_cookie.duration_seconds', '86400'],
        ['load_balancing.algorithm.type', 'round_robin'],
        ['load_balancing.algorithm.anomaly_mitigation', 'off'],
        ['load_balancing.cross_zone.enabled', 'use_load_balancer_configuration'],
        ['slow_start.duration_seconds', '0'],
        ['target_group_health.dns_failover.minimum_healthy_targets.count', '1'],
        ['target_group_health.unhealthy_state_routing.minimum_healthy_targets.count', '1']
      ]),
      targets: new Map()
    }
    this.groups.set(group.arn, group)
    return group
  }

  byArn(arn: string): StoredTargetGroup | undefined {
    return this.groups.get(arn)
  }

  byName(name: string): StoredTargetGroup | undefined {
    return this.all().find(group => group.name === name)
  }

  /** By name, as DescribeTargetGroups lists them. */
  all(): StoredTargetGroup[] {
    return [...this.groups.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  }

  exists(targetGroupArn: string): boolean {
    return this.groups.has(targetGroupArn)
  }

  deregistrationDelaySeconds(targetGroupArn: string): number {
    const value = Number(
      this.groups.get(targetGroupArn)?.attributes.get('deregistration_delay.timeout_seconds')
    )
    return Number.isFinite(value) && value >= 0 ? value : DEFAULT_DEREGISTRATION_DELAY_SECONDS
  }

  healthCheckIntervalSeconds(targetGroupArn: string): number {
    return this.groups.get(targetGroupArn)?.healthCheckIntervalSeconds ?? 30
  }

  registerTarget(targetGroupArn: string, target: TargetAddress): void {
    this.groups.get(targetGroupArn)?.targets.set(targetKey(target), { ...target, state: 'initial' })
  }

  /**
   * The task's health settled. A new target must pass one health check of the group before it gets traffic
   * ("After your target is registered, it must pass one health check to be considered healthy", ALB guide,
   * "Health checks for Application Load Balancer target groups"): the first check after the app is up comes up to
   * one HealthCheckIntervalSeconds later, and the simulator takes the whole interval (the worse reading).
   */
  setTargetHealth(
    targetGroupArn: string,
    target: TargetAddress,
    state: 'healthy' | 'unhealthy',
    alreadyChecked = false
  ): void {
    const group = this.groups.get(targetGroupArn)
    const registered = group?.targets.get(targetKey(target))
    if (!group || !registered || registered.state === 'draining') return
    if (state === 'healthy' && registered.state === 'initial' && !alreadyChecked) {
      registered.passesCheckAt = this.clock.now() + group.healthCheckIntervalSeconds * this.clock.secondMs()
      return
    }
    registered.state = state
  }

  /** Targets as DescribeTargetHealth and the listener see them now (an `initial` target that passed its check is `healthy`). */
  targetsOf(targetGroupArn: string): RegisteredTarget[] {
    const group = this.groups.get(targetGroupArn)
    if (!group) return []
    const now = this.clock.now()
    for (const target of group.targets.values()) {
      if (target.state === 'initial' && target.passesCheckAt !== undefined && now >= target.passesCheckAt) {
        target.state = 'healthy'
        target.passesCheckAt = undefined
      }
    }
    return [...group.targets.values()]
  }

  drainTarget(targetGroupArn: string, target: TargetAddress): void {
    const registered = this.groups.get(targetGroupArn)?.targets.get(targetKey(target))
    if (registered) registered.state = 'draining'
  }

  removeTarget(targetGroupArn: string, target: TargetAddress): void {
    this.groups.get(targetGroupArn)?.targets.delete(targetKey(target))
  }
}
