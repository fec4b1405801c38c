import { busiestWindow, countByOperation, maxInWindow, MINUTE_MS, within } from './call-rate.js'
import { runDeployment, type DeploymentRun } from './deployment-run.js'
import { describeFailure } from './detection.js'
import { inPool } from './pool.js'
import { STEP_SUMMARY_LIMIT_BYTES, summaryShape, type SummaryShape } from './summary-size.js'

/**
 * API calls per deployment and calls per minute while waiting, at several fleet sizes, plus the scale figures:
 * the deployment completes, the job summary stays aggregated, and the action's memory peak.
 * Each deploy crosses a migration (migrator phase, then fleet phase) with tasks slow enough to become healthy
 * that the waits settle into the steady polling rate.
 */

export interface FleetSizeOptions {
  bundle: string
  sizes: number[]
  healthyAfterMs: number
  concurrency: number
  progress?: (message: string) => void
}

export interface FleetSizeResult {
  tasks: number
  deployed: boolean
  failure?: string
  durationMs: number
  /** All calls by service and operation (`ecs DescribeServices`). */
  callsByOperation: [string, number][]
  ecsCalls: number
  /** Calls answered with an error (throttling, a reset): SDK retries show up as more calls. */
  failedCalls: number
  /** Sum of the phases' waits: UpdateService to the phase closing. */
  waitingMs: number
  /** Most ECS calls in any 60 s window from the first phase's UpdateService to the last phase's end. */
  maxEcsCallsPerMinute: number
  /** True when that busiest window holds calls of two phases (the end of one wait and the start of the next). */
  busiestWindowSpansPhases: boolean
  /** What the busiest window held, by operation. */
  busiestWindowByOperation: [string, number][]
  /** Most ECS calls in any 60 s window inside one phase (UpdateService to the phase's end). */
  maxEcsCallsPerMinuteWithinPhase: number
  /** DescribeServices per minute over the waits after each phase's first 5 s (the quick first looks). */
  steadyPollsPerMinute: number
  describeServicesPolls: number
  describeTasksCalls: number
  /** Largest DescribeTasks batch (tasks per request). */
  largestDescribeTasksBatch: number
  listTasksCalls: number
  maxRssKib?: number
  summary: SummaryShape
  summaryLimitBytes: number
}

const RAMP_MS = 5000

export async function measureFleetSizes(options: FleetSizeOptions): Promise<FleetSizeResult[]> {
  const jobs = options.sizes.map(tasks => async () => {
    const run = await runDeployment(
      { tasks, healthyAfterMs: options.healthyAfterMs, upgrade: 'migrate' },
      { bundle: options.bundle, measureResources: true }
    )
    options.progress?.(
      `fleet of ${tasks}: exit ${run.action.code} in ${Math.round(run.closedAt - run.spawnedAt)} ms`
    )
    return summarize(run)
  })
  return inPool(jobs, options.concurrency)
}

export function summarize(run: DeploymentRun): FleetSizeResult {
  const deployed = run.action.code === 0 && run.action.outputs.result === 'deployed'
  const ecs = run.calls.filter(call => call.service === 'ecs')
  const waits = run.phases
    .filter(phase => phase.closedAt !== undefined)
    .map(phase => ({ from: phase.openedAt, to: phase.closedAt! }))
  const waitingMs = waits.reduce((sum, wait) => sum + (wait.to - wait.from), 0)
  const waiting = waits.length > 0 ? within(ecs, waits[0].from, waits.at(-1)!.to) : []
  const busiest = busiestWindow(waiting)
  const phasesInBusiest = waits.filter(
    wait =>
      within(waiting, Math.max(wait.from, busiest.from), Math.min(wait.to, busiest.from + MINUTE_MS)).length >
      0
  ).length
  const steadySpans = waits.filter(wait => wait.to - wait.from > RAMP_MS)
  const polls = ecs.filter(call => call.operation === 'DescribeServices')
  const steadyPolls = steadySpans.reduce(
    (sum, wait) => sum + within(polls, wait.from + RAMP_MS, wait.to).length,
    0
  )
  const steadyMs = steadySpans.reduce((sum, wait) => sum + (wait.to - wait.from - RAMP_MS), 0)
  const describeTasks = ecs.filter(call => call.operation === 'DescribeTasks')
  const batch = (call: (typeof ecs)[number]) => ((call.request as { tasks?: unknown[] }).tasks ?? []).length
  const waitingOnly = (operation: string) => waiting.filter(call => call.operation === operation).length
  return {
    tasks: run.world.tasks,
    deployed,
    ...(deployed ? {} : { failure: describeFailure(run) }),
    durationMs: run.closedAt - run.spawnedAt,
    callsByOperation: countByOperation(
      run.calls.map(call => ({ at: call.at, operation: `${call.service} ${call.operation}` }))
    ),
    ecsCalls: ecs.length,
    failedCalls: run.calls.filter(call => call.errorCode !== undefined).length,
    waitingMs,
    maxEcsCallsPerMinute: busiest.count,
    busiestWindowSpansPhases: phasesInBusiest > 1,
    busiestWindowByOperation: countByOperation(within(waiting, busiest.from, busiest.from + MINUTE_MS)),
    maxEcsCallsPerMinuteWithinPhase: Math.max(
      0,
      ...waits.map(wait => maxInWindow(within(ecs, wait.from, wait.to)))
    ),
    steadyPollsPerMinute: steadyMs > 0 ? (steadyPolls * MINUTE_MS) / steadyMs : Number.NaN,
    describeServicesPolls: waitingOnly('DescribeServices'),
    describeTasksCalls: waitingOnly('DescribeTasks'),
    largestDescribeTasksBatch: Math.max(0, ...describeTasks.map(batch)),
    listTasksCalls: waitingOnly('ListTasks'),
    ...(run.action.maxRssKib !== undefined ? { maxRssKib: run.action.maxRssKib } : {}),
    summary: summaryShape(run.action.summary, run.taskIds),
    summaryLimitBytes: STEP_SUMMARY_LIMIT_BYTES
  }
}
