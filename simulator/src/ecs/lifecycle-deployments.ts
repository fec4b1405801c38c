import { serviceRevisionArn } from './arns.js'
import type { EcsContext } from './context.js'
import {
  LIFECYCLE_STAGES,
  type DeploymentRecord,
  type LifecycleStage,
  type LifecycleState,
  type LifecycleStrategy,
  type ServiceRecord,
  type TaskRecord
} from './model.js'
import { addServiceEvent } from './service-events.js'
import { isCountedHealthy, requestStop } from './task-lifecycle.js'

/**
 * ECS's own BLUE_GREEN, LINEAR and CANARY deployments (developer guide: "Amazon ECS blue/green deployments",
 * "Amazon ECS linear deployments", "Amazon ECS canary deployments", "Lifecycle hooks for Amazon ECS service
 * deployments"; API reference: DeploymentConfiguration, ServiceDeployment.lifecycleStage, StopServiceDeployment).
 *
 * The green revision is scaled up to the full desired count beside blue (maximumPercent does not apply), behind
 * the alternate target group; production traffic moves to it (all at once, in linear steps, or a canary share
 * first), both revisions run through the bake time, and blue is scaled down at CLEAN_UP. Every stage is reported
 * in the service deployment's `lifecycleStage`. A CloudWatch alarm, a hook answering FAILED or
 * StopServiceDeployment (ROLLBACK) before CLEAN_UP returns production traffic to blue at once and stops green.
 * The circuit breaker watches rolling deployments only (ECS developer guide, deployment circuit breaker), so
 * green tasks that keep failing are replaced without end, the reading worse for a caller that waits.
 */

type Json = Record<string, unknown>

export const LIFECYCLE_STRATEGIES: readonly LifecycleStrategy[] = ['BLUE_GREEN', 'LINEAR', 'CANARY']

export function lifecycleStrategyOf(configuration: { extra: Json }): LifecycleStrategy | undefined {
  const strategy = configuration.extra.strategy
  return LIFECYCLE_STRATEGIES.find(candidate => candidate === strategy)
}

/** A new deployment on a service with a lifecycle strategy, when a revision is there to shift from. */
export function beginLifecycle(
  ctx: EcsContext,
  service: ServiceRecord,
  green: DeploymentRecord,
  blue: DeploymentRecord | undefined,
  activeRevisions: number
): void {
  const strategy = lifecycleStrategyOf(service.deploymentConfiguration)
  if (!strategy || !blue) return
  const now = ctx.world.now()
  // RECONCILE_SERVICE "only happens when you start a new service deployment with more than 1 service revision
  // in an ACTIVE state".
  const first: LifecycleStage = activeRevisions > 1 ? 'RECONCILE_SERVICE' : 'PRE_SCALE_UP'
  green.lifecycle = {
    strategy,
    stage: first,
    stageSince: now,
    source: blue,
    productionPercent: 0,
    trafficHistory: [],
    greenTargetGroups: service.loadBalancers.map((loadBalancer, index) =>
      alternateOf(service, loadBalancer, index)
    )
  }
  green.serviceDeployment.lifecycleStage = first
  green.serviceDeployment.stageHistory = [{ stage: first, at: now }]
  startHooks(ctx, green, first, now)
}

/** The target group green registers in: the one of the pair not carrying production traffic now. */
function alternateOf(service: ServiceRecord, loadBalancer: Json, index: number): string {
  const configured = String(loadBalancer.targetGroupArn ?? '')
  const alternate = (loadBalancer.advancedConfiguration as Json | undefined)?.alternateTargetGroupArn
  const production = service.productionTargetGroups?.[index] ?? configured
  if (typeof alternate !== 'string') return production
  return production === alternate ? configured : alternate
}

interface LifecycleStep {
  /** Starts green tasks up to the desired count, maximumPercent aside. */
  launchGreen: () => TaskRecord[]
  /** Marks the deployment COMPLETED (deployments.ts). */
  complete: () => void
}

/** One scheduler pass for an IN_PROGRESS lifecycle deployment. Returns the blue tasks it told to stop. */
export function stepLifecycle(
  ctx: EcsContext,
  service: ServiceRecord,
  green: DeploymentRecord,
  now: number,
  step: LifecycleStep
): TaskRecord[] {
  const lifecycle = green.lifecycle!
  const record = green.serviceDeployment
  if (record.status === 'ROLLBACK_REQUESTED') {
    rollBackLifecycle(ctx, service, green, record.statusReason ?? 'Rollback requested.')
    return []
  }
  const alarm = alarmInAlarm(ctx, green)
  if (alarm && lifecycle.stage !== 'CLEAN_UP') {
    rollBackLifecycle(ctx, service, green, `CloudWatch alarm ${alarm} is in ALARM.`)
    return []
  }
  if (greenScaledUp(lifecycle.stage)) step.launchGreen()
  if (lifecycle.hookUntil !== undefined) {
    if (now < lifecycle.hookUntil) return []
    const result = hookResult(ctx, green, lifecycle.stage)
    if (result === 'FAILED') {
      rollBackLifecycle(ctx, service, green, `A lifecycle hook of ${lifecycle.stage} returned FAILED.`)
      return []
    }
    // IN_PROGRESS: ECS calls the hook again after its callback delay.
    lifecycle.hookUntil = result === 'IN_PROGRESS' ? now + hookMs(ctx) : undefined
    if (lifecycle.hookUntil !== undefined) return []
  }
  if (now < lifecycle.stageSince + stageMs(ctx)) return []
  switch (lifecycle.stage) {
    case 'SCALE_UP':
      if (!greenReady(service, green)) return []
      break
    case 'PRODUCTION_TRAFFIC_SHIFT':
      if (!shiftTraffic(ctx, green, now)) return []
      break
    case 'BAKE_TIME':
      if (now < lifecycle.stageSince + minutes(ctx, bakeTimeInMinutes(green))) return []
      break
    case 'CLEAN_UP': {
      const stopped = scaleDownBlue(ctx, service, green, now)
      service.productionTargetGroups = [...lifecycle.greenTargetGroups]
      step.complete()
      return stopped
    }
    default:
      break
  }
  enterStage(ctx, service, green, nextStage(lifecycle.stage), now)
  return []
}

/** From SCALE_UP to the end of BAKE_TIME green keeps its full count (a failed task is replaced). */
function greenScaledUp(stage: LifecycleStage): boolean {
  const index = LIFECYCLE_STAGES.indexOf(stage)
  return index >= LIFECYCLE_STAGES.indexOf('SCALE_UP') && index <= LIFECYCLE_STAGES.indexOf('BAKE_TIME')
}

function nextStage(stage: LifecycleStage): LifecycleStage {
  return LIFECYCLE_STAGES[LIFECYCLE_STAGES.indexOf(stage) + 1] ?? 'CLEAN_UP'
}

function enterStage(
  ctx: EcsContext,
  service: ServiceRecord,
  green: DeploymentRecord,
  stage: LifecycleStage,
  now: number
): void {
  const lifecycle = green.lifecycle!
  lifecycle.stage = stage
  lifecycle.stageSince = now
  lifecycle.nextShiftAt = undefined
  green.serviceDeployment.lifecycleStage = stage
  green.serviceDeployment.stageHistory?.push({ stage, at: now })
  green.serviceDeployment.updatedAt = now
  green.updatedAt = now
  if (stage === 'POST_PRODUCTION_TRAFFIC_SHIFT')
    addServiceEvent(ctx, service, `(deployment ${green.id}) production traffic shifted to the new revision.`)
  startHooks(ctx, green, stage, now)
}

function startHooks(ctx: EcsContext, green: DeploymentRecord, stage: LifecycleStage, now: number): void {
  if (hooksOf(green, stage).length > 0) green.lifecycle!.hookUntil = now + hookMs(ctx)
}

function hooksOf(green: DeploymentRecord, stage: LifecycleStage): Json[] {
  const hooks =
    (green.serviceDeployment.deploymentConfiguration.extra.lifecycleHooks as Json[] | undefined) ?? []
  return hooks.filter(hook => ((hook.lifecycleStages as string[] | undefined) ?? []).includes(stage))
}

/** The worst answer of the stage's hooks: any FAILED rolls back, any IN_PROGRESS keeps the stage waiting. */
function hookResult(ctx: EcsContext, green: DeploymentRecord, stage: LifecycleStage): HookStatus {
  const results = hooksOf(green, stage).map(
    hook => ctx.hookResults.get(String(hook.hookTargetArn)) ?? 'SUCCEEDED'
  )
  if (results.includes('FAILED')) return 'FAILED'
  if (results.includes('IN_PROGRESS')) return 'IN_PROGRESS'
  return 'SUCCEEDED'
}

export type HookStatus = 'SUCCEEDED' | 'FAILED' | 'IN_PROGRESS'

function alarmInAlarm(ctx: EcsContext, green: DeploymentRecord): string | undefined {
  const alarms = green.serviceDeployment.deploymentConfiguration.extra.alarms as
    { alarmNames?: string[]; enable?: boolean; rollback?: boolean } | undefined
  if (!alarms?.enable || !alarms.rollback) return undefined
  return (alarms.alarmNames ?? []).find(name => ctx.alarmStates.get(name) === 'ALARM')
}

function greenReady(service: ServiceRecord, green: DeploymentRecord): boolean {
  const own = liveTasksOf(service, green).filter(task => task.desiredStatus === 'RUNNING')
  return own.length === service.desiredCount && own.every(isCountedHealthy)
}

/** One traffic step when due; true once production traffic is all on green. */
function shiftTraffic(ctx: EcsContext, green: DeploymentRecord, now: number): boolean {
  const lifecycle = green.lifecycle!
  if (lifecycle.nextShiftAt !== undefined && now < lifecycle.nextShiftAt) return false
  const configuration = green.serviceDeployment.deploymentConfiguration.extra
  if (lifecycle.strategy === 'LINEAR') {
    const linear = (configuration.linearConfiguration as Json | undefined) ?? {}
    const step = Number(linear.stepPercent ?? 10)
    lifecycle.productionPercent = Math.min(100, round(lifecycle.productionPercent + step))
    // "This bake time is not applied after reaching 100 percent traffic."
    lifecycle.nextShiftAt = now + minutes(ctx, Number(linear.stepBakeTimeInMinutes ?? 6))
  } else if (lifecycle.strategy === 'CANARY' && lifecycle.productionPercent === 0) {
    const canary = (configuration.canaryConfiguration as Json | undefined) ?? {}
    lifecycle.productionPercent = Number(canary.canaryPercent ?? 5)
    lifecycle.nextShiftAt = now + minutes(ctx, Number(canary.canaryBakeTimeInMinutes ?? 10))
  } else {
    lifecycle.productionPercent = 100
  }
  lifecycle.trafficHistory.push({ percent: lifecycle.productionPercent, at: now })
  return lifecycle.productionPercent >= 100
}

function round(percent: number): number {
  return Math.round(percent * 10) / 10
}

function scaleDownBlue(
  ctx: EcsContext,
  service: ServiceRecord,
  green: DeploymentRecord,
  now: number
): TaskRecord[] {
  const stopped: TaskRecord[] = []
  for (const task of serviceLiveTasks(service)) {
    if (task.deployment === green || task.desiredStatus !== 'RUNNING') continue
    if (task.lastStatus === 'RUNNING') stopped.push(task)
    requestStop(
      ctx,
      task,
      now,
      'ServiceSchedulerInitiated',
      `Scaling activity initiated by (deployment ${green.id})`
    )
  }
  return stopped
}

/**
 * Production traffic back on blue at once; green's tasks are stopped and blue is PRIMARY again. The service
 * deployment stays ROLLBACK_IN_PROGRESS until green's tasks are gone (finishLifecycleRollbacks).
 */
export function rollBackLifecycle(
  ctx: EcsContext,
  service: ServiceRecord,
  green: DeploymentRecord,
  reason: string
): void {
  const now = ctx.world.now()
  const lifecycle = green.lifecycle!
  const blue = lifecycle.source
  lifecycle.productionPercent = 0
  lifecycle.trafficHistory.push({ percent: 0, at: now })
  lifecycle.hookUntil = undefined
  const record = green.serviceDeployment
  record.status = 'ROLLBACK_IN_PROGRESS'
  record.statusReason = reason
  record.updatedAt = now
  record.rollback = {
    reason,
    startedAt: now,
    serviceRevisionArn: serviceRevisionArn(ctx, service.cluster.name, service.name, blue?.id ?? green.id)
  }
  green.rolloutState = 'FAILED'
  green.rolloutStateReason = `${reason} Rolling back to deploymentId ${blue?.id ?? 'none'}.`
  green.updatedAt = now
  green.status = 'ACTIVE'
  for (const task of liveTasksOf(service, green)) {
    if (task.desiredStatus === 'RUNNING')
      requestStop(
        ctx,
        task,
        now,
        'ServiceSchedulerInitiated',
        `Rollback initiated by (deployment ${green.id})`
      )
  }
  if (blue) {
    blue.status = 'PRIMARY'
    blue.updatedAt = now
    service.deployments = [blue, ...service.deployments.filter(deployment => deployment !== blue)]
  }
  service.steady = false
  addServiceEvent(
    ctx,
    service,
    `(deployment ${green.id}) rolling back to deployment ${blue?.id ?? 'none'}: ${reason}`
  )
}

/** A rolled-back green revision is gone once its last task stopped: the service deployment succeeded its rollback. */
export function finishLifecycleRollbacks(ctx: EcsContext, service: ServiceRecord): void {
  for (const deployment of [...service.deployments]) {
    const record = deployment.serviceDeployment
    if (!deployment.lifecycle || record.status !== 'ROLLBACK_IN_PROGRESS') continue
    if (deployment === service.deployments[0]) continue
    if (liveTasksOf(service, deployment).length > 0) continue
    const now = ctx.world.now()
    record.status = 'ROLLBACK_SUCCESSFUL'
    record.finishedAt = now
    record.updatedAt = now
    deployment.status = 'INACTIVE'
    service.deployments = service.deployments.filter(candidate => candidate !== deployment)
  }
}

/** The share of production traffic per deployment id, as the listener rules weigh it now. */
export function productionTraffic(service: ServiceRecord): Record<string, number> {
  const primary = service.deployments[0]
  if (!primary) return {}
  const lifecycle = primary.lifecycle
  if (!lifecycle || primary.rolloutState !== 'IN_PROGRESS' || !lifecycle.source) return { [primary.id]: 100 }
  const traffic: Record<string, number> = { [lifecycle.source.id]: round(100 - lifecycle.productionPercent) }
  if (lifecycle.productionPercent > 0) traffic[primary.id] = lifecycle.productionPercent
  return traffic
}

function liveTasksOf(service: ServiceRecord, deployment: DeploymentRecord): TaskRecord[] {
  return serviceLiveTasks(service).filter(task => task.deployment === deployment)
}

function serviceLiveTasks(service: ServiceRecord): TaskRecord[] {
  return service.cluster.tasks.filter(task => task.service === service && task.lastStatus !== 'STOPPED')
}

function bakeTimeInMinutes(green: DeploymentRecord): number {
  return Number(green.serviceDeployment.deploymentConfiguration.extra.bakeTimeInMinutes ?? 0)
}

/** Minutes of bake time in simulator ms: 60 simulated seconds (`timing.secondMs`) each. */
function minutes(ctx: EcsContext, value: number): number {
  return value * 60 * (ctx.world.timing.secondMs ?? 1)
}

/** Every stage lasts at least this long, so a poller can see it. */
function stageMs(ctx: EcsContext): number {
  return ctx.world.timing.lifecycleStageMs ?? 2 * ctx.world.timing.tickMs
}

/** How long one invocation of a lifecycle hook (a Lambda function) takes. */
function hookMs(ctx: EcsContext): number {
  return ctx.world.timing.hookMs ?? 4 * ctx.world.timing.tickMs
}

export type { LifecycleState }
