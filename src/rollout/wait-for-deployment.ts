import { errorMessage } from '../errors.js'
import type { Service, Task } from '../ports/ecs.js'
import {
  judgeDeployment,
  tasksOfDeployment,
  verifyDeploymentTasks,
  type TrackedDeployment,
  type Verdict
} from './deployment-verdict.js'
import {
  CALLS_PER_MINUTE,
  INSPECTION_CALLS_PER_MINUTE,
  inspectionCost,
  isRetryableError,
  pollDelay,
  throttleBackoff
} from './poll-schedule.js'
import { RolloutFailure, type FailureKind } from './rollout-failure.js'
import type { RolloutView } from './rollout-run.js'
import { serviceTasks } from './task-inspection.js'

export interface WaitRequest extends TrackedDeployment {
  /** What is being waited for, in words: `the migrator`, `the fleet`. */
  subject: string
  serviceDeploymentArn?: string
  hasHealthCheck: boolean
  deadline: number
  /** After each look at the deployment's tasks. Throwing a RolloutFailure ends the wait (a migration error). */
  onTasks?: (own: Task[]) => Promise<void> | void
  /** After every poll (reads that are not ECS calls, like the migrator's log). */
  onPoll?: () => Promise<void>
  /** Recovery waits (rollback) finish what they started even when the run is being cancelled. */
  ignoreCancellation?: boolean
}

export type WaitResult =
  | { status: 'completed'; service: Service; tasks: Task[]; sawRunning: boolean }
  | { status: 'failed'; kind: FailureKind; reason: string; service?: Service; sawRunning: boolean }

/**
 * Waits for the deployment this rollout created, by id, until it completed with every task healthy, failed,
 * was rolled back or replaced, or the deadline passed. Polls DescribeServices on the schedule in
 * poll-schedule.ts, looks at the tasks only when the deployment's counts changed, and prints progress.
 */
export async function waitForDeployment(run: RolloutView, request: WaitRequest): Promise<WaitResult> {
  const { ecs, clock } = run.ports
  const { calls, inspections } = run.budget
  let polls = 0
  let failures = 0
  let inspectedSignature = ''
  let firstCompletedCheck = true
  let sawRunning = false
  let service: Service | undefined
  const fail = (kind: FailureKind, reason: string): WaitResult => ({
    status: 'failed',
    kind,
    reason,
    service,
    sawRunning
  })
  const sleepUntilNextPoll = async (ms: number) =>
    clock.sleep(
      Math.max(0, Math.min(ms, request.deadline - clock.now())),
      request.ignoreCancellation ? undefined : run.signal
    )

  for (;;) {
    if (!request.ignoreCancellation && run.cancelled) {
      return fail('cancelled', `The run was cancelled while waiting for ${request.subject}.`)
    }
    if (clock.now() >= request.deadline) {
      return fail('timeout', `Timed out waiting for ${request.subject} (deployment ${request.deploymentId}).`)
    }
    // Keep room for one look at the tasks after this poll (the one at completion is not optional), so the
    // minute never goes over the budget, even at a phase switch on a 500-task service.
    const reserve = inspectionCost(
      (service?.runningCount ?? 0) + (service?.pendingCount ?? 0) + request.desiredCount
    )
    const budgetWait = calls.waitFor(clock.now(), 1 + reserve, CALLS_PER_MINUTE)
    if (budgetWait > 0) {
      await sleepUntilNextPoll(budgetWait)
      continue
    }
    try {
      service = await ecs.describeService(run.cluster, run.service)
      failures = 0
    } catch (error) {
      if (!isRetryableError(error)) return fail('api-error', errorMessage(error))
      failures++
      const delay = throttleBackoff(failures)
      run.log.info(
        `  ECS did not answer (${errorMessage(error)}); next look in ${(delay / 1000).toFixed(1)} s`
      )
      await sleepUntilNextPoll(delay)
      continue
    }
    run.sawService(service)
    if (service) run.progress.update(service, request.deploymentId)

    let verdict = judgeDeployment(service, request)
    if (verdict.state === 'failed' && verdict.kind === 'superseded')
      verdict = await refineWithServiceDeployment(run, request, verdict)
    if ((verdict.deployment?.runningCount ?? 0) > 0) sawRunning = true
    if (verdict.state === 'failed') return fail(verdict.kind, verdict.reason)

    const deployment = verdict.deployment
    const signature = `${deployment.rolloutState}|${deployment.runningCount}|${deployment.pendingCount}|${deployment.failedTasks}`
    const completed = verdict.state === 'completed'
    const cost = inspectionCost((service?.runningCount ?? 0) + (service?.pendingCount ?? 0))
    const affordable = inspections.used(clock.now()) + cost <= INSPECTION_CALLS_PER_MINUTE
    const mustCheck = completed && firstCompletedCheck
    if (mustCheck || (signature !== inspectedSignature && affordable)) {
      inspections.record(clock.now(), cost)
      let tasks: Task[]
      try {
        tasks = await serviceTasks(ecs, run.cluster, run.service)
      } catch (error) {
        if (!isRetryableError(error)) return fail('api-error', errorMessage(error))
        tasks = run.lastTasks ?? []
      }
      run.sawTasks(tasks)
      inspectedSignature = signature
      const own = tasksOfDeployment(
        tasks,
        request.deploymentId,
        request.taskDefinitionArn,
        request.tasksByTaskDefinition
      )
      if (own.some(task => task.startedAt)) sawRunning = true
      try {
        await request.onTasks?.(own)
      } catch (error) {
        if (error instanceof RolloutFailure) return fail(error.kind, error.message)
        throw error
      }
      if (completed) {
        firstCompletedCheck = false
        // Outside the migrator step Auto Scaling may have moved the count meanwhile: ECS's count is the one to meet.
        const expected = request.exactDesiredCount
          ? request
          : { ...request, desiredCount: deployment.desiredCount ?? request.desiredCount }
        const check = verifyDeploymentTasks(tasks, expected, request.hasHealthCheck)
        if (check.ok) {
          const confirmed = await confirmServiceDeployment(run, request)
          if (confirmed) return fail(confirmed.kind, confirmed.reason)
          return { status: 'completed', service: service!, tasks, sawRunning }
        }
        run.log.info(`  ECS reports ${deployment.id} COMPLETED, but ${check.problem}: still waiting`)
      }
    }
    try {
      await request.onPoll?.()
    } catch (error) {
      if (error instanceof RolloutFailure) return fail(error.kind, error.message)
      throw error
    }
    await sleepUntilNextPoll(pollDelay(polls++))
  }
}

const ROLLBACK_STATUSES = /^ROLLBACK_/

/**
 * Our deployment vanished from DescribeServices: a circuit-breaker rollback that already finished looks the
 * same as someone else's deployment there. The service-deployment view tells them apart.
 */
async function refineWithServiceDeployment(
  run: RolloutView,
  request: WaitRequest,
  verdict: Extract<Verdict, { state: 'failed' }>
): Promise<Extract<Verdict, { state: 'failed' }>> {
  if (!request.serviceDeploymentArn) return verdict
  try {
    const [record] = await run.ports.ecs.describeServiceDeployments([request.serviceDeploymentArn])
    if (record?.status && ROLLBACK_STATUSES.test(record.status)) {
      return {
        state: 'failed',
        kind: 'ecs-rollback',
        reason: `The ECS deployment circuit breaker rolled the service back (service deployment ${record.status}${record.statusReason ? `: ${record.statusReason}` : ''}).`
      }
    }
  } catch (error) {
    run.log.debug(`DescribeServiceDeployments: ${errorMessage(error)}`)
  }
  return verdict
}

/** At completion, the service-deployment view must not say it was rolled back or stopped. */
async function confirmServiceDeployment(
  run: RolloutView,
  request: WaitRequest
): Promise<{ kind: FailureKind; reason: string } | undefined> {
  if (!request.serviceDeploymentArn) return undefined
  try {
    const [record] = await run.ports.ecs.describeServiceDeployments([request.serviceDeploymentArn])
    if (record?.status && ROLLBACK_STATUSES.test(record.status)) {
      return {
        kind: 'ecs-rollback',
        reason: `Service deployment ${record.status}: ${record.statusReason ?? 'rolled back'}`
      }
    }
  } catch (error) {
    // The deployments view is a confirmation; DescribeServices already showed our deployment COMPLETED.
    run.log.debug(`DescribeServiceDeployments: ${errorMessage(error)}`)
  }
  return undefined
}
