import { errorMessage } from '../errors.js'
import type { Service, Task } from '../ports/ecs.js'
import { taskIdOf, revisionOf } from '../domain/task-arns.js'
import { formatDuration } from '../report/dates.js'
import { done } from './phase-log.js'
import {
  CALLS_PER_MINUTE,
  inspectionCost,
  isRetryableError,
  pollDelay,
  throttleBackoff
} from './poll-schedule.js'
import { RolloutFailure } from './rollout-failure.js'
import type { RolloutView } from './rollout-run.js'
import { refuseToStack, updateServiceSettings } from './start-deployment.js'
import { lowerDelays, restoreDelays } from './drain-delay.js'
import type { RecordedDelay } from './resume/settings-record.js'

/** What the drain saw: every task of the service that was not yet STOPPED when it began, and when it ended. */
export interface DrainSeen {
  /** Tasks the drain waited for, as last described (all STOPPED when the drain completed). */
  tasks: Task[]
  /** ms from the desired count 0 to the last task STOPPED; undefined when it did not finish. */
  tookMs?: number
  /** Clock time of the desired count 0 (the old tasks start draining) and of the last one seen STOPPED. */
  startedAt?: number
  stoppedAt?: number
  /** Clock time no old task was seen RUNNING or DEACTIVATING any more (the drain over, SIGTERM sent). */
  drainedAt?: number
  failure?: unknown
}

/**
 * The action owns the drain. ECS counts only RUNNING and PENDING tasks against maximumPercent, so with 0/100 it
 * may start the migrator while old tasks are still DEACTIVATING behind the load balancer (serving what they hold
 * for the target group's deregistration delay) or STOPPING: old and new code on one database across a schema
 * change. So the old revision goes to desired count 0 first (a count change starts no deployment), and the
 * migrator starts only once no task of the service is in any state but STOPPED.
 */
export async function runDrainPhase(run: RolloutView, cut: DrainCut = {}): Promise<DrainSeen> {
  const seen: DrainSeen = { tasks: [] }
  const drained = revisionOf(run.lastService?.taskDefinition ?? run.previous.taskDefinitionArn)
  let lowered = false
  try {
    await run.phase('drain', `Drain: stop every task of ${drained} before the migrator starts`, async () => {
      const started = run.now()
      // The same guard as every deployment: another deploy of this service that started meanwhile wins.
      await refuseToStack(run, 'drain')
      if (run.cancelled)
        throw new RolloutFailure(
          'drain',
          'cancelled',
          'Cancelled before the drain started; it made no change.'
        )
      lowered = await lowerForTheDrain(run, cut)
      await cut.beforeStop?.()
      await updateServiceSettings(run, 'drain', { desiredCount: 0 })
      seen.startedAt = run.ports.clock.now()
      seen.tasks = await waitUntilAllStopped(run, at => (seen.drainedAt ??= at))
      seen.tookMs = run.now() - started
      seen.stoppedAt = run.ports.clock.now()
      // As soon as the old tasks are gone, before the migrator starts: the delay is the user's again.
      if (lowered) {
        lowered = false
        await putDelaysBack(run, cut)
      }
      const count = seen.tasks.length
      return done(
        count === 0
          ? 'no task was running'
          : `${count} task${count === 1 ? '' : 's'} STOPPED in ${formatDuration(seen.tookMs)}`
      )
    })
  } catch (failure) {
    seen.failure = failure
  } finally {
    if (lowered) await putDelaysBack(run, cut)
  }
  return seen
}

/** drain-seconds: the delay each recorded target group gets for the drain; the maintenance page's hook. */
export interface DrainCut {
  drainSeconds?: number
  delays?: readonly RecordedDelay[]
  /** Called right before the old tasks are told to stop (the maintenance page goes up). */
  beforeStop?: () => Promise<void>
}

/** A failure to lower only warns: the drain then lasts the user's delay, which is what it always did. */
async function lowerForTheDrain(run: RolloutView, cut: DrainCut): Promise<boolean> {
  if (cut.drainSeconds === undefined || !cut.delays?.length) return false
  try {
    const lowered = await lowerDelays(run, cut.delays, cut.drainSeconds)
    if (lowered.length > 0) run.log.info(`  deregistration delay for the drain: ${lowered.join(', ')}`)
    return lowered.length > 0
  } catch (error) {
    run.warn(
      `Could not lower the target groups' deregistration delay for the drain (elasticloadbalancing:ModifyTargetGroupAttributes): ${errorMessage(error)}. The drain lasts the full delay.`
    )
    // Some group may have been lowered before the failure: put every one back.
    return true
  }
}

async function putDelaysBack(run: RolloutView, cut: DrainCut): Promise<void> {
  const { restored, failed } = await restoreDelays(run, cut.delays)
  if (restored.length > 0) run.log.info(`  deregistration delay restored: ${restored.join(', ')}`)
  if (failed.length > 0)
    run.warn(
      `Could not restore the deregistration delay of ${failed.join(', ')}; it stays in the record on the service and the next deploy puts it back.`
    )
}

/**
 * Polls ListTasks (both desired states: a draining task's desired status is already STOPPED) and DescribeTasks
 * for the tasks not yet seen STOPPED, until none is left. STOPPED is final, so a task is described until then only.
 */
async function waitUntilAllStopped(run: RolloutView, drained: (at: number) => void): Promise<Task[]> {
  const { ecs, clock } = run.ports
  const latest = new Map<string, Task>()
  let polls = 0
  let failures = 0
  let printed = ''
  for (;;) {
    if (run.cancelled)
      throw new RolloutFailure('drain', 'cancelled', 'Cancelled while the old tasks drained.')
    if (clock.now() >= run.deadline) {
      throw new RolloutFailure(
        'drain',
        'timeout',
        `Timed out waiting for the old tasks to stop: ${describeLeft(latest)}.`
      )
    }
    // A drain lasts the target group's deregistration delay (300 s by default): its looks count against the same
    // per-minute ECS budget as every other poll, or the next phase finds the minute spent and waits it out.
    const cost = 2 + inspectionCost(latest.size)
    const budgetWait = run.budget.calls.waitFor(clock.now(), cost, CALLS_PER_MINUTE)
    if (budgetWait > 0) {
      await clock.sleep(Math.min(budgetWait, Math.max(0, run.deadline - clock.now())), run.signal)
      continue
    }
    try {
      const service = await ecs.describeService(run.cluster, run.service)
      run.sawService(service)
      refuseForeignChange(run, service)
      const arns = [
        ...(await ecs.listServiceTasks(run.cluster, run.service, 'RUNNING')),
        ...(await ecs.listServiceTasks(run.cluster, run.service, 'STOPPED'))
      ].filter(arn => latest.get(arn)?.lastStatus !== 'STOPPED')
      const described = arns.length > 0 ? await ecs.describeTasks(run.cluster, arns) : []
      for (const task of described) if (task.taskArn) latest.set(task.taskArn, task)
      failures = 0
    } catch (error) {
      if (error instanceof RolloutFailure) throw error
      if (!isRetryableError(error)) throw new RolloutFailure('drain', 'api-error', errorMessage(error))
      failures++
      await clock.sleep(
        Math.min(throttleBackoff(failures), Math.max(0, run.deadline - clock.now())),
        run.signal
      )
      continue
    }
    const left = [...latest.values()].filter(task => task.lastStatus !== 'STOPPED')
    if (!left.some(task => task.lastStatus === 'RUNNING' || task.lastStatus === 'DEACTIVATING'))
      drained(clock.now())
    const line = describeLeft(latest)
    if (line !== printed) {
      run.log.info(`  old tasks: ${line}`)
      printed = line
    }
    if (left.length === 0) {
      run.sawTasks([...latest.values()])
      return [...latest.values()]
    }
    await clock.sleep(Math.min(pollDelay(polls++), Math.max(0, run.deadline - clock.now())), run.signal)
  }
}

/**
 * Someone else's UpdateService during the drain (a new deployment, or the count back up) would start tasks this
 * rollout does not control next to the migrator it is about to start: stop without writing more.
 */
function refuseForeignChange(run: RolloutView, service: Service | undefined): void {
  if (!service || service.status !== 'ACTIVE')
    throw new RolloutFailure('drain', 'service-gone', `The service is ${service?.status ?? 'gone'}.`)
  const foreign = (service.deployments ?? []).find(
    deployment => deployment.rolloutState === 'IN_PROGRESS' && !run.ownDeployments.has(deployment.id ?? '')
  )
  const primary = service.deployments?.find(deployment => deployment.status === 'PRIMARY')
  if (foreign && primary?.id === foreign.id && foreign.taskDefinition !== run.previous.taskDefinitionArn) {
    throw new RolloutFailure(
      'drain',
      'superseded',
      `Someone else started deployment ${foreign.id} of ${revisionOf(foreign.taskDefinition)} while the old tasks drained; the migrator was not started.`
    )
  }
  if ((service.desiredCount ?? 0) > 0) {
    // Another deploy (or a person) took the service over: like a foreign deployment, it is left alone.
    throw new RolloutFailure(
      'drain',
      'superseded',
      `Someone else changed the desired count to ${service.desiredCount} while the old tasks drained (another deploy of this service?); the migrator was not started and the service was left alone.`
    )
  }
}

/** `2 DEACTIVATING, 1 STOPPING (abc123, def456, ...)` or `all STOPPED`. */
function describeLeft(tasks: Map<string, Task>): string {
  const left = [...tasks.values()].filter(task => task.lastStatus !== 'STOPPED')
  if (left.length === 0) return tasks.size === 0 ? 'none running' : `all ${tasks.size} STOPPED`
  const byStatus = new Map<string, number>()
  for (const task of left)
    byStatus.set(task.lastStatus ?? '?', (byStatus.get(task.lastStatus ?? '?') ?? 0) + 1)
  const ids = left
    .slice(0, 3)
    .map(task => taskIdOf(task.taskArn))
    .join(', ')
  return `${[...byStatus].map(([status, count]) => `${count} ${status}`).join(', ')} (${ids}${left.length > 3 ? ', …' : ''})`
}
