import type { ServiceDeployment } from '@aws-sdk/client-ecs'
import { errorMessage } from '../../errors.js'
import { verifyDeploymentTasks } from '../deployment-verdict.js'
import { isRetryableError, pollDelay, throttleBackoff } from '../poll-schedule.js'
import type { FailureKind } from '../rollout-failure.js'
import type { RolloutView } from '../rollout-run.js'
import { serviceTasks } from '../task-inspection.js'
import { productionTrafficShifted } from '../../domain/lifecycle-strategy.js'

/** A lifecycle stage and when this run first saw it (ms on the run's clock). */
export interface StageSeen {
  stage: string
  at: number
}

export interface LifecycleRequest {
  serviceDeploymentArn: string
  deploymentId: string
  taskDefinitionArn: string
  desiredCount: number
  hasHealthCheck: boolean
  waitUntil: 'traffic-shifted' | 'bake-complete'
  deadline: number
  /** Each stage as it is first seen (the phase's detail shows them). */
  onStage?: (stages: readonly StageSeen[]) => void
}

export type LifecycleResult =
  | { status: 'succeeded' | 'traffic-shifted'; stages: StageSeen[] }
  | { status: 'failed'; kind: FailureKind; reason: string; stages: StageSeen[] }

const ROLLBACK = /^ROLLBACK_/

/**
 * Follows one service deployment of a BLUE_GREEN, LINEAR or CANARY service through its lifecycle stages
 * (DescribeServiceDeployments) until it is SUCCESSFUL with every green task serving, or, with wait-until
 * traffic-shifted, until production traffic is on green. A rollback by ECS (an alarm, a hook, someone's
 * StopServiceDeployment) fails it. A cancel or the deadline before it ended stops it with ROLLBACK: ECS returns
 * production traffic to blue at once, the one way back that leaves no half-shifted traffic behind.
 */
export async function followServiceDeployment(
  run: RolloutView,
  request: LifecycleRequest
): Promise<LifecycleResult> {
  const { ecs, clock } = run.ports
  const stages: StageSeen[] = []
  let polls = 0
  let failures = 0
  const fail = (kind: FailureKind, reason: string): LifecycleResult => ({
    status: 'failed',
    kind,
    reason,
    stages
  })
  const sleep = (ms: number) =>
    clock.sleep(Math.max(0, Math.min(ms, request.deadline - clock.now())), run.signal)

  for (;;) {
    if (run.cancelled) {
      const stopped = await rollBack(run, request, stages, 'the run was cancelled')
      return fail('cancelled', `The run was cancelled during the ${stageWords(stages)}; ${stopped}`)
    }
    if (clock.now() >= request.deadline) {
      const stopped = await rollBack(run, request, stages, 'timeout-minutes ran out')
      // ECS is returning to blue now: recovery follows that rollback instead of starting one of its own.
      return fail(
        'ecs-rollback',
        `Timed out during the ${stageWords(stages)} (service deployment ${request.serviceDeploymentArn}); ${stopped}`
      )
    }
    let record: ServiceDeployment | undefined
    try {
      ;[record] = await ecs.describeServiceDeployments([request.serviceDeploymentArn])
      failures = 0
    } catch (error) {
      if (!isRetryableError(error)) return fail('api-error', errorMessage(error))
      failures++
      await sleep(throttleBackoff(failures))
      continue
    }
    if (!record) return fail('api-error', `Service deployment ${request.serviceDeploymentArn} was not found.`)
    const stage = record.lifecycleStage
    if (stage && stages.at(-1)?.stage !== stage) {
      stages.push({ stage, at: clock.now() })
      run.log.info(`  ${request.deploymentId}: ${stage}`)
      request.onStage?.(stages)
    }
    const status = record.status ?? 'IN_PROGRESS'
    if (ROLLBACK.test(status)) {
      await refreshService(run)
      const why = record.rollback?.reason ?? record.statusReason ?? status
      return fail(
        'ecs-rollback',
        `ECS rolled the deployment back to the previous revision in ${stage ?? 'an early stage'} (service deployment ${status}): ${why}`
      )
    }
    if (status === 'STOPPED' || status === 'STOP_REQUESTED') {
      return fail(
        'superseded',
        `Service deployment ${request.serviceDeploymentArn} was stopped: ${record.statusReason ?? status}`
      )
    }
    if (status === 'SUCCESSFUL') {
      const problem = await greenProblem(run, request)
      if (!problem) return { status: 'succeeded', stages }
      run.log.info(`  ECS reports the deployment SUCCESSFUL, but ${problem}: still waiting`)
    } else if (request.waitUntil === 'traffic-shifted' && productionTrafficShifted(stage)) {
      const problem = await greenProblem(run, request)
      if (!problem) return { status: 'traffic-shifted', stages }
    }
    await sleep(pollDelay(polls++))
  }
}

async function greenProblem(run: RolloutView, request: LifecycleRequest): Promise<string | undefined> {
  const { ecs } = run.ports
  try {
    run.sawService(await ecs.describeService(run.cluster, run.service))
    const tasks = await serviceTasks(ecs, run.cluster, run.service)
    run.sawTasks(tasks)
    const check = verifyDeploymentTasks(tasks, request, request.hasHealthCheck)
    return check.ok ? undefined : check.problem
  } catch (error) {
    return errorMessage(error)
  }
}

async function refreshService(run: RolloutView): Promise<void> {
  try {
    run.sawService(await run.ports.ecs.describeService(run.cluster, run.service))
  } catch (error) {
    run.log.debug(`DescribeServices: ${errorMessage(error)}`)
  }
}

/** StopServiceDeployment (ROLLBACK), then a fresh look at the service for recovery. Returns what happened. */
async function rollBack(
  run: RolloutView,
  request: LifecycleRequest,
  stages: readonly StageSeen[],
  why: string
): Promise<string> {
  try {
    await run.ports.ecs.rollBackServiceDeployment(request.serviceDeploymentArn)
    run.log.info(`StopServiceDeployment (ROLLBACK) on ${request.serviceDeploymentArn}: ${why}`)
    await refreshService(run)
    return 'it was stopped with ROLLBACK (StopServiceDeployment): ECS returned production traffic to the previous revision.'
  } catch (error) {
    run.warn(
      `Could not stop the service deployment with ROLLBACK (${errorMessage(error)}): it carries on in ${stages.at(-1)?.stage ?? 'its current stage'}.`
    )
    return `stopping it with ROLLBACK failed (${errorMessage(error)}), so ECS carries on with it.`
  }
}

function stageWords(stages: readonly StageSeen[]): string {
  const stage = stages.at(-1)?.stage
  return stage ? `${stage} stage` : 'deployment'
}
