import type { EcsContext } from './context.js'
import type { DeploymentRecord, ServiceRecord, TaskRecord, TaskTarget } from './model.js'
import { addServiceEvent, addServiceEventMessage } from './service-events.js'

/**
 * What ECS does with the target groups of a service behind a load balancer: it registers each task's IP and
 * container port when the task is RUNNING, and deregisters them when the task is to stop; the targets then drain
 * for the group's deregistration delay while the task is DEACTIVATING (ECS developer guide, "Amazon ECS task
 * lifecycle": "DEACTIVATING ... for tasks that are part of a service that's configured to use Elastic Load
 * Balancing target groups, the target group deregistration occurs during this state").
 */

function address(task: TaskRecord, target: TaskTarget) {
  return { id: task.privateIp, port: target.port, availabilityZone: task.availabilityZone }
}

/**
 * The target group a task of this deployment registers in for the service's load balancer `index`: green's alternate
 * one during a blue/green deployment, otherwise the one that carries production traffic (which flips after one).
 */
export function targetGroupFor(
  service: ServiceRecord,
  deployment: DeploymentRecord | undefined,
  index: number
): string | undefined {
  const configured = service.loadBalancers[index]?.targetGroupArn
  return (
    deployment?.lifecycle?.greenTargetGroups[index] ??
    service.productionTargetGroups?.[index] ??
    (typeof configured === 'string' ? configured : undefined)
  )
}

/** Registers the task in every target group of its service (target state `initial`). */
export function registerTargets(ctx: EcsContext, task: TaskRecord): void {
  const service = task.service
  if (!service) return
  for (const [index, loadBalancer] of service.loadBalancers.entries()) {
    // Blue/green: the green revision registers in the alternate target group of the pair.
    const targetGroupArn = targetGroupFor(service, task.deployment, index)
    if (targetGroupArn === undefined) continue
    const target: TaskTarget = {
      targetGroupArn,
      port: Number(loadBalancer.containerPort ?? 8080),
      registrationAnnounced: false,
      drainAnnounced: false
    }
    task.targets.push(target)
    ctx.world.targetGroups.registerTarget(targetGroupArn, address(task, target))
  }
}

export function setTargetsHealth(
  ctx: EcsContext,
  task: TaskRecord,
  state: 'healthy' | 'unhealthy',
  alreadyChecked = false
): void {
  for (const target of task.targets) {
    ctx.world.targetGroups.setTargetHealth(
      target.targetGroupArn,
      address(task, target),
      state,
      alreadyChecked
    )
  }
}

/**
 * Deregisters the task's targets; returns how long the drain lasts in simulator ms: the longest
 * `deregistration_delay.timeout_seconds` of its groups as they are now. A later change of the attribute does not
 * shorten a drain already running (ELB applies the delay a deregistration started with). The drain is not cut
 * short for want of connections: Open WebUI keeps websockets open, so the worse case is the whole delay.
 */
export function drainTargets(ctx: EcsContext, task: TaskRecord): number {
  const secondMs = ctx.world.timing.secondMs ?? 1
  let seconds = 0
  for (const target of task.targets) {
    ctx.world.targetGroups.drainTarget(target.targetGroupArn, address(task, target))
    seconds = Math.max(seconds, ctx.world.targetGroups.deregistrationDelaySeconds(target.targetGroupArn))
  }
  return seconds * secondMs
}

export function removeTargets(ctx: EcsContext, task: TaskRecord): void {
  for (const target of task.targets) {
    ctx.world.targetGroups.removeTarget(target.targetGroupArn, address(task, target))
  }
}

/**
 * The service events ECS writes for target changes since the last pass, in its wording (as `describe-services`
 * shows them): `registered 1 targets in (target-group ARN)`, `deregistered 1 targets in (target-group ARN)` and
 * `(service NAME, taskSet ecs-svc/ID) has begun draining connections on 1 tasks.`
 */
export function announceTargetChanges(ctx: EcsContext, service: ServiceRecord): void {
  const tasks = service.cluster.tasks.filter(task => task.service === service && task.targets.length > 0)
  const registered = new Map<string, number>()
  const deregistered = new Map<string, number>()
  const drainingByDeployment = new Map<string, number>()
  for (const task of tasks) {
    let draining = false
    for (const target of task.targets) {
      if (!target.registrationAnnounced) {
        target.registrationAnnounced = true
        registered.set(target.targetGroupArn, (registered.get(target.targetGroupArn) ?? 0) + 1)
      }
      if (task.drainMs !== undefined && !target.drainAnnounced) {
        target.drainAnnounced = true
        deregistered.set(target.targetGroupArn, (deregistered.get(target.targetGroupArn) ?? 0) + 1)
        draining = true
      }
    }
    if (draining) {
      const taskSet = task.deployment?.id ?? service.deployments[0]?.id ?? ''
      drainingByDeployment.set(taskSet, (drainingByDeployment.get(taskSet) ?? 0) + 1)
    }
  }
  for (const [arn, count] of registered)
    addServiceEvent(ctx, service, `registered ${count} targets in (target-group ${arn})`)
  for (const [arn, count] of deregistered)
    addServiceEvent(ctx, service, `deregistered ${count} targets in (target-group ${arn})`)
  for (const [taskSet, count] of drainingByDeployment) {
    addServiceEventMessage(
      ctx,
      service,
      `(service ${service.name}, taskSet ${taskSet}) has begun draining connections on ${count} tasks.`
    )
  }
  if (registered.size > 0 || deregistered.size > 0) service.steady = false
}

/** For seeded tasks: their targets were registered long before the simulator started, without news. */
export function markTargetsAnnounced(task: TaskRecord): void {
  for (const target of task.targets) target.registrationAnnounced = true
}
