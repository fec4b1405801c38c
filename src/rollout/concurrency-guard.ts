import { errorMessage } from '../errors.js'
import type { Service } from '../ports/ecs.js'
import { isRetryableError, pollDelay, throttleBackoff } from './poll-schedule.js'
import { ProgressPrinter } from './progress-printer.js'
import { RolloutFailure } from './rollout-failure.js'
import type { RolloutView } from './rollout-run.js'
import { revisionOf } from '../domain/task-arns.js'

/** A deployment still rolling out (or, without rollout states, more than one deployment left). */
export function deploymentsInProgress(service: Service): string[] {
  const deployments = service.deployments ?? []
  const inProgress = deployments.filter(deployment => deployment.rolloutState === 'IN_PROGRESS')
  if (inProgress.length > 0) return inProgress.map(deployment => deployment.id ?? '?')
  const withoutState = deployments.every(deployment => deployment.rolloutState === undefined)
  return withoutState && deployments.length > 1 ? deployments.map(deployment => deployment.id ?? '?') : []
}

/**
 * Never stack a deployment on one in progress (someone else's deploy, a scaling change, or this action's
 * earlier run that died): wait for it within the timeout, or fail before writing anything. Once the service
 * is idle it must still run the task definition the plan was made from; if another deploy changed it while we
 * waited, the plan is stale and deploying it would undo theirs.
 */
export async function waitForIdleService(run: RolloutView): Promise<Service> {
  const first = await describe(run)
  const busy = deploymentsInProgress(first)
  const idle =
    busy.length === 0
      ? first
      : await run.phase(
          'wait-for-idle',
          `Waiting for deployment ${busy.join(', ')} to finish`,
          async phase => {
            phase.note(`${busy.join(', ')} was in progress`)
            const service = await pollUntilIdle(run, first)
            return {
              detail: `${busy.join(', ')} finished after ${((run.now() - phase.startedAt) / 1000).toFixed(1)} s`,
              value: service
            }
          }
        )
  if (busy.length === 0) run.skip('wait-for-idle', 'no deployment in progress')

  const running = idle.taskDefinition
  const planned = run.plan.current.taskDefinitionArn
  if (planned && running && running !== planned) {
    throw new RolloutFailure(
      'wait-for-idle',
      'changed-since-plan',
      `The service now runs ${revisionOf(running)}, not ${revisionOf(planned)} as when the plan was made (another deploy changed it). Nothing was changed: re-run to plan against the new state.`
    )
  }
  return idle
}

async function pollUntilIdle(run: RolloutView, first: Service): Promise<Service> {
  const { clock } = run.ports
  const printer = new ProgressPrinter(run.log, run.startedAt - 10 * 60_000)
  printer.update(first)
  run.progress.markSeen(first)
  let polls = 0
  let failures = 0
  for (;;) {
    if (run.cancelled)
      throw new RolloutFailure(
        'wait-for-idle',
        'cancelled',
        'Cancelled while waiting for a deployment in progress; nothing was changed.'
      )
    const remaining = run.deadline - clock.now()
    if (remaining <= 0) {
      throw new RolloutFailure(
        'wait-for-idle',
        'timeout',
        `A deployment was still in progress after timeout-minutes (${run.settings.timeoutMinutes}): nothing was changed, no deployment stacked on it. Wait for it to finish (or stop it), then re-run.`
      )
    }
    await clock.sleep(
      Math.min(failures > 0 ? throttleBackoff(failures) : pollDelay(polls++), remaining),
      run.signal
    )
    let service: Service
    try {
      service = await describe(run)
      failures = 0
    } catch (error) {
      if (error instanceof RolloutFailure || !isRetryableError(error)) throw error
      failures++
      continue
    }
    printer.update(service)
    run.progress.markSeen(service)
    if (deploymentsInProgress(service).length === 0) return service
  }
}

async function describe(run: RolloutView): Promise<Service> {
  let service: Service | undefined
  try {
    service = await run.ports.ecs.describeService(run.cluster, run.service)
  } catch (error) {
    if (isRetryableError(error)) throw error
    throw new RolloutFailure('wait-for-idle', 'api-error', errorMessage(error))
  }
  if (!service || service.status !== 'ACTIVE') {
    throw new RolloutFailure(
      'wait-for-idle',
      'service-gone',
      `The service ${run.service} is ${service ? service.status : 'gone'}: nothing was changed.`
    )
  }
  run.sawService(service)
  return service
}
