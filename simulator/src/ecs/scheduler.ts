import type { EcsContext } from './context.js'
import { completeDeployment, failDeployment, failureThreshold, rollBack } from './deployments.js'
import type { DeploymentRecord, ServiceRecord, TaskRecord } from './model.js'
import { addServiceEvent, taskList } from './service-events.js'
import { placeByStrategy } from './capacity-providers.js'
import { announceTargetChanges } from './load-balancer-targets.js'
import { advanceTask, gracePeriodMs, isCountedHealthy, launchTask, requestStop } from './task-lifecycle.js'
import { findTaskDefinition } from './task-definitions.js'
import { finishLifecycleRollbacks, stepLifecycle } from './lifecycle-deployments.js'

/** Stopped tasks ECS still lists; older ones are forgotten, as ECS forgets them after about an hour. */
const keptStoppedTasks = 2000

/** One pass of the engine: every task moves along its lifecycle, then every service is reconciled. */
export function tick(ctx: EcsContext): void {
  const now = ctx.world.now()
  for (const cluster of ctx.clusters.values()) {
    for (const task of cluster.tasks) {
      if (task.lastStatus === 'STOPPED') continue
      for (const change of advanceTask(ctx, task, now)) countForCircuitBreaker(task, change)
    }
    for (const service of cluster.services.values()) reconcile(ctx, service, now)
    forgetOldStoppedTasks(cluster.tasks)
  }
}

/** failedTasks counts consecutive failures: a task reaching healthy resets it (resetOnHealthyTask, default true). */
function countForCircuitBreaker(task: TaskRecord, change: 'HEALTHY' | 'STOPPED'): void {
  const deployment = task.deployment
  if (!deployment || !task.service) return
  if (change === 'STOPPED' && task.failed) {
    deployment.failedTasks++
    deployment.updatedAt = task.stoppedAt ?? deployment.updatedAt
  }
  const reset = task.service.deploymentConfiguration.deploymentCircuitBreaker.resetOnHealthyTask !== false
  if (change === 'HEALTHY' && reset && deployment.failedTasks > 0) deployment.failedTasks = 0
}

function forgetOldStoppedTasks(tasks: TaskRecord[]): void {
  let stopped = tasks.filter(task => task.lastStatus === 'STOPPED').length
  for (let index = 0; stopped > keptStoppedTasks && index < tasks.length;) {
    if (tasks[index].lastStatus === 'STOPPED') {
      tasks.splice(index, 1)
      stopped--
    } else {
      index++
    }
  }
}

function reconcile(ctx: EcsContext, service: ServiceRecord, now: number): void {
  if (service.status === 'INACTIVE') return
  applyScalingBounds(ctx, service)
  let primary = service.deployments[0]
  if (!primary) return
  if (primary.rollbackPending) primary = rollBack(ctx, service, primary)
  primary.desiredCount = service.desiredCount
  replaceUnhealthyTasks(ctx, service, now)
  const lifecycle = primary.lifecycle !== undefined && primary.rolloutState === 'IN_PROGRESS'
  let started: TaskRecord[] = []
  const stopped = lifecycle
    ? stepLifecycle(ctx, service, primary, now, {
        launchGreen: () => (started = [...started, ...launch(ctx, service, primary, true)]),
        complete: () => completeDeployment(ctx, service, primary)
      })
    : drain(ctx, service, primary, now)
  if (!lifecycle) started = launch(ctx, service, primary)
  finishLifecycleRollbacks(ctx, service)
  if (stopped.length > 0)
    addServiceEvent(ctx, service, `has stopped ${stopped.length} running tasks: ${taskList(stopped)}.`)
  if (started.length > 0)
    addServiceEvent(ctx, service, `has started ${started.length} tasks: ${taskList(started)}.`)
  announceTargetChanges(ctx, service)
  if (stopped.length > 0 || started.length > 0) service.steady = false
  updateCounts(service)
  judge(ctx, service, primary, now)
  reportSteadyState(ctx, service)
  if (service.status === 'DRAINING' && serviceTasks(service).length === 0) service.status = 'INACTIVE'
}

/** Application Auto Scaling keeps the desired count within the scalable target's bounds unless suspended. */
function applyScalingBounds(ctx: EcsContext, service: ServiceRecord): void {
  if (service.status !== 'ACTIVE') return
  const bounds = ctx.world.autoScaling.capacityFor(service.cluster.name, service.name)
  if (!bounds) return
  service.desiredCount = Math.min(bounds.max, Math.max(bounds.min, service.desiredCount))
}

/** Tasks not yet STOPPED, including those draining and stopping. */
export function serviceTasks(service: ServiceRecord): TaskRecord[] {
  return service.cluster.tasks.filter(task => task.service === service && task.lastStatus !== 'STOPPED')
}

/**
 * The states maximumPercent counts. The API reference (DeploymentConfiguration.maximumPercent): "an upper limit
 * on the number of your service's tasks that are allowed in the RUNNING or PENDING state during a deployment".
 * DEACTIVATING, STOPPING and DEPROVISIONING tasks are in neither, so they do not count: ECS may start a new task
 * while old ones still drain and serve. PROVISIONING counts as PENDING: the scheduler launched the task, and
 * DescribeServices reports it in pendingCount.
 */
const countedByMaximumPercent = new Set<TaskRecord['lastStatus']>(['PROVISIONING', 'PENDING', 'RUNNING'])

function wanted(tasks: TaskRecord[]): TaskRecord[] {
  return tasks.filter(task => task.desiredStatus === 'RUNNING')
}

function replaceUnhealthyTasks(ctx: EcsContext, service: ServiceRecord, now: number): void {
  for (const task of wanted(serviceTasks(service))) {
    if (task.unhealthyAt === undefined || now < task.unhealthyAt + ctx.world.timing.unhealthyGraceMs) continue
    // healthCheckGracePeriodSeconds: failed checks are ignored for that long after the task started.
    if (now < (task.startedAt ?? task.createdAt) + gracePeriodMs(ctx, service)) continue
    const targetGroup = service.loadBalancers[0]?.targetGroupArn
    const reason = task.hasHealthCheck
      ? 'Task failed container health checks'
      : `Task failed ELB health checks in (target-group ${String(targetGroup)})`
    addServiceEvent(
      ctx,
      service,
      `(task ${task.id}) failed ${task.hasHealthCheck ? 'container' : 'ELB'} health checks.`
    )
    requestStop(ctx, task, now, 'ServiceSchedulerInitiated', reason, true)
  }
}

/**
 * Stops what the service no longer wants: surplus tasks of the primary deployment, and the older deployments'
 * tasks as far as minimumHealthyPercent allows (tasks that are not healthy never count towards it).
 */
function drain(
  ctx: EcsContext,
  service: ServiceRecord,
  primary: DeploymentRecord,
  now: number
): TaskRecord[] {
  const desired = service.desiredCount
  const minimumHealthy = Math.ceil((desired * service.deploymentConfiguration.minimumHealthyPercent) / 100)
  const live = wanted(serviceTasks(service))
  const stopped: TaskRecord[] = []
  const stop = (task: TaskRecord) => {
    if (task.lastStatus === 'RUNNING') stopped.push(task)
    requestStop(
      ctx,
      task,
      now,
      'ServiceSchedulerInitiated',
      `Scaling activity initiated by (deployment ${task.deployment?.id})`
    )
  }
  const byReadiness = (a: TaskRecord, b: TaskRecord) =>
    Number(isCountedHealthy(a)) - Number(isCountedHealthy(b)) || b.seq - a.seq
  const primaryTasks = live.filter(task => task.deployment === primary).sort(byReadiness)
  for (const task of primaryTasks.slice(0, Math.max(0, primaryTasks.length - desired))) stop(task)
  let healthy = live.filter(task => task.desiredStatus === 'RUNNING' && isCountedHealthy(task)).length
  const oldTasks = live.filter(task => task.deployment !== primary).sort(byReadiness)
  for (const task of oldTasks) {
    if (!isCountedHealthy(task)) {
      stop(task)
    } else if (healthy > minimumHealthy) {
      stop(task)
      healthy--
    }
  }
  return stopped
}

/** Starts primary tasks up to the desired count, within maximumPercent of it across all deployments. */
function launch(
  ctx: EcsContext,
  service: ServiceRecord,
  primary: DeploymentRecord,
  besideOld = false
): TaskRecord[] {
  if (service.status !== 'ACTIVE' || service.cluster.status !== 'ACTIVE') return []
  if (primary.rolloutState === 'FAILED') return []
  const taskDefinition = findTaskDefinition(ctx, primary.taskDefinitionArn)
  if (!taskDefinition) return []
  const desired = service.desiredCount
  const maximum = Math.floor((desired * service.deploymentConfiguration.maximumPercent) / 100)
  const all = serviceTasks(service)
  const primaryCount = wanted(all).filter(task => task.deployment === primary).length
  const counted = all.filter(task => countedByMaximumPercent.has(task.lastStatus)).length
  // Blue/green, linear and canary scale green to the full count beside blue: maximumPercent does not apply.
  const count = besideOld ? desired - primaryCount : Math.min(desired - primaryCount, maximum - counted)
  if (count > 0 && service.placementFailure !== undefined) {
    failPlacement(ctx, service, primary)
    return []
  }
  const started: TaskRecord[] = []
  const placed = wanted(all).filter(task => task.deployment === primary)
  for (let index = 0; index < count; index++) {
    const capacityProviderName = placeByStrategy(primary.capacityProviderStrategy, placed)
    const task = launchTask(ctx, {
      cluster: service.cluster,
      taskDefinition,
      service,
      deployment: primary,
      startedBy: primary.id,
      ...(capacityProviderName ? { capacityProviderName } : {}),
      group: `service:${service.name}`,
      overrides: { containerOverrides: [], inferenceAcceleratorOverrides: [] }
    })
    placed.push(task)
    started.push(task)
  }
  return started
}

/** A task the scheduler cannot place counts as a failed launch for the circuit breaker. */
function failPlacement(ctx: EcsContext, service: ServiceRecord, primary: DeploymentRecord): void {
  const now = ctx.world.now()
  const spacing = ctx.world.timing.provisioningMs + ctx.world.timing.pendingMs
  if (service.lastPlacementAttempt !== undefined && now < service.lastPlacementAttempt + spacing) return
  service.lastPlacementAttempt = now
  primary.failedTasks++
  primary.updatedAt = now
  const message = `(service ${service.name}) was unable to place a task. Reason: ${service.placementFailure}`
  if (service.events[0]?.message !== message)
    addServiceEvent(ctx, service, message.slice(`(service ${service.name}) `.length))
}

function updateCounts(service: ServiceRecord): void {
  const tasks = wanted(serviceTasks(service))
  for (const deployment of service.deployments) {
    const own = tasks.filter(task => task.deployment === deployment)
    if (deployment !== service.deployments[0]) deployment.desiredCount = own.length
  }
}

/** Circuit breaker first, then completion: the primary has its healthy tasks and nothing else is left. */
function judge(ctx: EcsContext, service: ServiceRecord, primary: DeploymentRecord, now: number): void {
  const configuration = service.deploymentConfiguration
  const record = primary.serviceDeployment
  const threshold = failureThreshold(configuration, service.desiredCount)
  if (primary.rolloutState === 'IN_PROGRESS' && record.circuitBreaker.status === 'MONITORING') {
    record.circuitBreaker.threshold = threshold
    record.circuitBreaker.failureCount = primary.failedTasks
  }
  if (primary.rolloutState !== 'IN_PROGRESS' || primary.lifecycle) return
  if (configuration.deploymentCircuitBreaker.enable && primary.failedTasks >= threshold) {
    failDeployment(ctx, service, primary)
    return
  }
  if (primary.holdUntil !== undefined && now < primary.holdUntil) return
  // Tasks told to stop no longer belong to any deployment's count: ECS completes a deployment (and reports a
  // steady state) while the old tasks still drain, as describe-services shows in practice.
  const tasks = wanted(serviceTasks(service))
  const own = tasks.filter(task => task.deployment === primary)
  const others = tasks.filter(task => task.deployment !== primary)
  const healthy = own.filter(isCountedHealthy).length
  if (others.length === 0 && own.length === service.desiredCount && healthy === service.desiredCount) {
    completeDeployment(ctx, service, primary)
  }
}

/** Said once each time the service settles: one COMPLETED deployment and exactly its healthy tasks. */
function reportSteadyState(ctx: EcsContext, service: ServiceRecord): void {
  const primary = service.deployments[0]
  if (service.steady || service.status !== 'ACTIVE') return
  if (service.deployments.length !== 1 || primary.rolloutState !== 'COMPLETED') return
  const tasks = wanted(serviceTasks(service))
  if (tasks.length !== service.desiredCount || !tasks.every(isCountedHealthy)) return
  service.steady = true
  addServiceEvent(ctx, service, 'has reached a steady state.')
}
