import { randomBytes } from 'node:crypto'
import { taskArn } from './arns.js'
import { nextZone, taskId, type EcsContext } from './context.js'
import { awslogsDestination, writeServingLogs, writeStartupLogs } from './container-logs.js'
import type {
  ClusterRecord,
  ContainerRecord,
  DeploymentRecord,
  ServiceRecord,
  TaskDefinitionRecord,
  TaskRecord
} from './model.js'
import { registerTargets, setTargetsHealth } from './load-balancer-targets.js'
import { pickAppContainer, planTask } from './task-plan.js'
import { requestStop, stopStep } from './task-stop.js'
import { recordLifecycle, setTaskStatus as setStatus } from './timeline.js'

export { requestStop } from './task-stop.js'

type Json = Record<string, unknown>

export interface LaunchRequest {
  cluster: ClusterRecord
  taskDefinition: TaskDefinitionRecord
  service?: ServiceRecord
  deployment?: DeploymentRecord
  startedBy?: string
  capacityProviderName?: string
  group: string
  overrides?: Json
  tags?: { key: string; value: string }[]
}

/** What changed for a task while it was advanced; the scheduler counts failures and healthy tasks from it. */
export type TaskChange = 'HEALTHY' | 'STOPPED'

export function launchTask(ctx: EcsContext, request: LaunchRequest): TaskRecord {
  const now = ctx.world.now()
  const id = taskId()
  const definitions = request.taskDefinition.body.containerDefinitions as Json[]
  const overrides = ((request.overrides?.containerOverrides as Json[] | undefined) ?? []).filter(Boolean)
  const containers = definitions.map(definition => containerFrom(definition, overrides, id))
  const body = request.taskDefinition.body
  const task: TaskRecord = {
    ...(request.capacityProviderName ? { capacityProviderName: request.capacityProviderName } : {}),
    seq: ctx.nextTaskSeq++,
    id,
    arn: taskArn(ctx, request.cluster.name, id),
    cluster: request.cluster,
    service: request.service,
    deployment: request.deployment,
    taskDefinition: request.taskDefinition,
    group: request.group,
    startedBy: request.startedBy,
    cpu: String(body.cpu ?? '256'),
    memory: String(body.memory ?? '512'),
    availabilityZone: nextZone(ctx),
    privateIp: `10.0.${randomBytes(1)[0]}.${1 + (randomBytes(1)[0] % 254)}`,
    lastStatus: 'PROVISIONING',
    desiredStatus: 'RUNNING',
    healthStatus: 'UNKNOWN',
    containers,
    appContainer: pickAppContainer(containers),
    plan: planTask(ctx, definitions, containers),
    hasHealthCheck: definitions.some(definition => definition.essential !== false && definition.healthCheck),
    createdAt: now,
    statusSince: now,
    failed: false,
    targets: [],
    overrides: request.overrides ?? {},
    tags: request.tags ?? []
  }
  request.cluster.tasks.push(task)
  recordLifecycle(ctx, task, 'PROVISIONING', now)
  return task
}

function containerFrom(definition: Json, overrides: Json[], id: string): ContainerRecord {
  const environment: Record<string, string> = {}
  for (const variable of (definition.environment as { name: string; value: string }[] | undefined) ?? []) {
    environment[variable.name] = variable.value
  }
  const override = overrides.find(candidate => candidate.name === definition.name)
  for (const variable of (override?.environment as { name: string; value: string }[] | undefined) ?? []) {
    environment[variable.name] = variable.value
  }
  return {
    name: definition.name as string,
    image: definition.image as string,
    essential: definition.essential !== false,
    hasHealthCheck: Boolean(definition.healthCheck),
    environment,
    lastStatus: 'PENDING',
    healthStatus: 'UNKNOWN',
    runtimeId: `${id}-${randomBytes(5).toString('hex')}`,
    logs: awslogsDestination(definition, id)
  }
}

/**
 * Moves a task along its lifecycle up to `now`. Each step starts where the previous one ended (not at the
 * tick), so what the API shows does not depend on how often the scheduler ticks.
 */
export function advanceTask(ctx: EcsContext, task: TaskRecord, now: number): TaskChange[] {
  const changes: TaskChange[] = []
  const timing = ctx.world.timing
  for (;;) {
    const since = task.statusSince
    if (task.lastStatus === 'PROVISIONING' && now >= since + timing.provisioningMs) {
      setStatus(ctx, task, 'PENDING', since + timing.provisioningMs)
      task.pullStartedAt = task.statusSince
    } else if (task.lastStatus === 'PENDING' && now >= since + timing.pendingMs + pullMs(ctx, task)) {
      const at = since + timing.pendingMs + pullMs(ctx, task)
      if (task.plan.startFailure) {
        failToStart(ctx, task, at)
        changes.push('STOPPED')
      } else {
        start(ctx, task, at)
      }
    } else if (task.lastStatus === 'RUNNING' && runningStep(ctx, task, now, changes)) {
      continue
    } else {
      const stepped = stopStep(ctx, task, now)
      if (!stepped) return changes
      if (stepped === 'STOPPED') changes.push('STOPPED')
    }
  }
}

/**
 * How long the image pull lasts beyond pendingMs: Fargate caches no layers, so every task transfers the image's
 * whole compressed size. Only with a pull rate set, and only for images whose size the registry knows.
 */
function pullMs(ctx: EcsContext, task: TaskRecord): number {
  const rate = ctx.world.timing.pullBytesPerSecond
  if (!rate || task.plan.startFailure) return 0
  const bytes = ctx.world.registry.compressedSizeOf?.(task.appContainer.image) ?? 0
  return Math.round((bytes / rate) * (ctx.world.timing.secondMs ?? 1))
}

function start(ctx: EcsContext, task: TaskRecord, at: number): void {
  task.pullStoppedAt = at
  task.startedAt = at
  for (const container of task.containers) container.lastStatus = 'RUNNING'
  setStatus(ctx, task, 'RUNNING', at)
  registerTargets(ctx, task)
  writeStartupLogs(ctx, task)
}

function failToStart(ctx: EcsContext, task: TaskRecord, at: number): void {
  const failure = task.plan.startFailure!
  task.desiredStatus = 'STOPPED'
  task.stopCode = failure.stopCode
  task.stoppedReason = failure.stoppedReason
  task.stoppingAt = at
  task.failed = true
  for (const container of task.containers) {
    container.lastStatus = 'STOPPED'
    if (failure.containerReason) container.reason = failure.containerReason
  }
  task.executionStoppedAt = at
  task.stoppedAt = at
  setStatus(ctx, task, 'STOPPED', at, failure.stoppedReason)
}

/** One event of a RUNNING task (health settles, or the essential container exits), earliest first. */
function runningStep(ctx: EcsContext, task: TaskRecord, now: number, changes: TaskChange[]): boolean {
  const started = task.startedAt!
  const window = healthCheckWindowMs(ctx, task)
  const healthAt = nextHealthChange(task, window)
  const exitAt = task.plan.exitAfterMs === undefined ? Infinity : started + task.plan.exitAfterMs
  if (exitAt <= now && exitAt <= healthAt) {
    exit(ctx, task, exitAt)
    return true
  }
  if (healthAt <= now) {
    if (task.unhealthyAt === undefined && task.plan.healthyAfterMs > window)
      failHealthCheckWindow(ctx, task, healthAt)
    else settleHealth(ctx, task, healthAt)
    if (task.healthyAt !== undefined) changes.push('HEALTHY')
    return true
  }
  return false
}

/**
 * When the task's health changes next. A start that outlasts the health check's window turns UNHEALTHY at the
 * window's end; if the scheduler leaves it running (a grace period), its first passing check after the start
 * makes it HEALTHY, as Docker's health status recovers on one success.
 */
function nextHealthChange(task: TaskRecord, window: number): number {
  const started = task.startedAt!
  if (task.healthyAt !== undefined) return Infinity
  if (task.unhealthyAt === undefined) return started + Math.min(task.plan.healthyAfterMs, window)
  const windowFailed = task.plan.healthyAfterMs > window
  return windowFailed && task.plan.healthy ? started + task.plan.healthyAfterMs : Infinity
}

function settleHealth(ctx: EcsContext, task: TaskRecord, at: number): void {
  const failsCheck =
    !task.plan.healthy && (task.hasHealthCheck || (task.service?.loadBalancers.length ?? 0) > 0)
  if (failsCheck) {
    task.unhealthyAt = at
    if (task.hasHealthCheck) setHealth(task, 'UNHEALTHY')
    setTargetsHealth(ctx, task, 'unhealthy')
    recordLifecycle(ctx, task, 'UNHEALTHY', at)
    return
  }
  // Without a container health check or a load balancer nothing can fail: ECS counts the task as healthy.
  task.unhealthyAt = undefined
  task.healthyAt = at
  if (task.hasHealthCheck) setHealth(task, 'HEALTHY')
  setTargetsHealth(ctx, task, 'healthy')
  recordLifecycle(ctx, task, 'HEALTHY', at)
  writeServingLogs(ctx, task)
}

/**
 * ECS gives a container startPeriod + interval x retries seconds to pass its health check; a start that takes
 * longer (a long migration) ends UNHEALTHY. Only modelled when the scenario says how long a second lasts.
 */
function healthCheckWindowMs(ctx: EcsContext, task: TaskRecord): number {
  const secondMs = ctx.world.timing.healthCheckSecondMs
  if (secondMs === undefined || !task.hasHealthCheck) return Infinity
  const definition = (task.taskDefinition.body.containerDefinitions as Json[]).find(
    container => container.name === task.appContainer.name
  )
  const check = definition?.healthCheck as
    { startPeriod?: number; interval?: number; retries?: number } | undefined
  if (!check) return Infinity
  return ((check.startPeriod ?? 0) + (check.interval ?? 30) * (check.retries ?? 3)) * secondMs
}

function failHealthCheckWindow(ctx: EcsContext, task: TaskRecord, at: number): void {
  task.unhealthyAt = at
  setHealth(task, 'UNHEALTHY')
  setTargetsHealth(ctx, task, 'unhealthy')
  recordLifecycle(
    ctx,
    task,
    'UNHEALTHY',
    at,
    'health check did not pass within startPeriod + interval x retries'
  )
}

function setHealth(task: TaskRecord, health: 'HEALTHY' | 'UNHEALTHY'): void {
  task.healthStatus = health
  for (const container of task.containers) if (container.hasHealthCheck) container.healthStatus = health
}

/** The service's health check grace period in simulator ms; 0 when health-check seconds have no length. */
export function gracePeriodMs(ctx: EcsContext, service: ServiceRecord | undefined): number {
  const secondMs = ctx.world.timing.healthCheckSecondMs
  if (!service || secondMs === undefined) return 0
  return service.healthCheckGracePeriodSeconds * secondMs
}

function exit(ctx: EcsContext, task: TaskRecord, at: number): void {
  const app = task.appContainer
  app.lastStatus = 'STOPPED'
  app.exitCode = task.plan.exitCode
  // A crash before the task ever counted as healthy is a failed launch to the circuit breaker.
  requestStop(
    ctx,
    task,
    at,
    'EssentialContainerExited',
    'Essential container in task exited',
    task.healthyAt === undefined
  )
}

/** Counted as healthy by the scheduler: running, wanted, and its checks (if any) passed. */
export function isCountedHealthy(task: TaskRecord): boolean {
  return task.lastStatus === 'RUNNING' && task.desiredStatus === 'RUNNING' && task.healthyAt !== undefined
}

/** For seeding: a task that was already up and healthy when the simulator started. */
export function startAsAlreadyHealthy(ctx: EcsContext, task: TaskRecord): void {
  const at = task.statusSince
  task.plan = { ...task.plan, startFailure: undefined, healthy: true }
  setStatus(ctx, task, 'PENDING', at)
  task.pullStartedAt = at
  start(ctx, task, at)
  settleHealth(ctx, task, at)
  // Its targets passed their health checks long before the simulator started.
  setTargetsHealth(ctx, task, 'healthy', true)
}
