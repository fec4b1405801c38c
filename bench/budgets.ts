import { formatBytes, formatMs } from './format.js'
import { max, median } from './stats.js'
import type { BenchResults } from './results.js'
import type { RolloutPhaseName } from './phase-log.js'

/** The budgets, each against what this run measured. */

export interface BudgetRow {
  figure: string
  budget: string
  measured: string
  /** Undefined when the figure could not be measured. */
  met: boolean | undefined
  /** When not met: what sets the floor, from the measurements. */
  floor?: string
}

export const BUDGETS = {
  detectionMedianMs: 2000,
  detectionMaxMs: 4000,
  ecsCallsPerMinute: 40,
  distBytes: 2_500_000,
  officialActionBytes: 2_600_000,
  coldStartMs: 250,
  dryRunMs: 1500
} as const

const PHASES: RolloutPhaseName[] = ['migrator', 'fleet', 'rolling']

function row(figure: string, budget: string, value: number | undefined, limit: number, show: (value: number) => string) {
  const measured = value === undefined || Number.isNaN(value) ? undefined : value
  return {
    figure,
    budget,
    measured: measured === undefined ? 'n/a' : show(measured),
    met: measured === undefined ? undefined : measured <= limit
  }
}

export function evaluateBudgets(results: BenchResults): BudgetRow[] {
  const rows: BudgetRow[] = []
  const samples = results.detection.samples
  for (const phase of PHASES) {
    const closed = samples.filter(sample => sample.phase === phase).map(sample => sample.closedMs ?? Number.NaN)
    const polled = samples.filter(sample => sample.phase === phase).map(sample => sample.pollMs ?? Number.NaN)
    const verification = samples
      .filter(sample => sample.phase === phase && sample.closedMs !== undefined && sample.pollMs !== undefined)
      .map(sample => sample.closedMs! - sample.pollMs!)
    const floor = `the poll that saw it came ${formatMs(median(polled))} (median) / ${formatMs(max(polled))} (max) after completion; verifying the tasks before moving on took ${formatMs(median(verification))} more (median)`
    const medianRow = row(`Detection latency, ${phase} phase, median`, `≤ ${formatMs(BUDGETS.detectionMedianMs)}`, median(closed), BUDGETS.detectionMedianMs, formatMs)
    const maxRow = row(`Detection latency, ${phase} phase, max`, `≤ ${formatMs(BUDGETS.detectionMaxMs)}`, max(closed), BUDGETS.detectionMaxMs, formatMs)
    rows.push(withFloor(medianRow, floor), withFloor(maxRow, floor))
  }
  for (const size of results.fleetSizes) {
    const figure = `ECS calls per minute while waiting, ${size.tasks} task${size.tasks === 1 ? '' : 's'}`
    const base = row(figure, `≤ ${BUDGETS.ecsCallsPerMinute}`, size.deployed ? size.maxEcsCallsPerMinute : undefined, BUDGETS.ecsCallsPerMinute, String)
    const floor = size.busiestWindowSpansPhases
      ? `the busiest 60 s window spans the end of one phase's wait and the start of the next: within one phase the most was ${size.maxEcsCallsPerMinuteWithinPhase}. The rollout keeps its 40-a-minute budget per wait, not per service (see the findings)`
      : `the busiest 60 s window lies inside one phase`
    rows.push(withFloor(base, floor))
  }
  const dist = results.bundle.totalBytes
  rows.push(
    withFloor(
      row('dist/ bundle (all files)', `≤ ${formatBytes(BUDGETS.distBytes)} (official deploy action: ${formatBytes(BUDGETS.officialActionBytes)})`, dist, BUDGETS.distBytes, formatBytes),
      `index.js alone is ${formatBytes(results.bundle.entryBytes)}`
    )
  )
  const cold = results.coldStart
  const bare = median(cold.bareNodeMs)
  for (const [mode, runs] of [
    ['mode: resolve', cold.resolve],
    ['dry-run plan', cold.dryRun]
  ] as const) {
    rows.push(
      withFloor(
        row(`Cold start to first request, ${mode} (median)`, `≤ ${formatMs(BUDGETS.coldStartMs)}`, median(runs.map(run => run.firstRequestMs ?? Number.NaN)), BUDGETS.coldStartMs, formatMs),
        `bare Node 24 (\`node -e 0\`) takes ${formatMs(bare)} on this machine; the rest is loading and compiling the ${formatBytes(results.bundle.entryBytes)} bundle and running up to the first request (see the cold start section)`
      )
    )
  }
  rows.push(
    withFloor(
      row('Dry-run plan end to end (median)', `≤ ${formatMs(BUDGETS.dryRunMs)}`, median(cold.dryRun.map(run => run.totalMs)), BUDGETS.dryRunMs, formatMs),
      `of which ${formatMs(median(cold.dryRun.map(run => run.firstRequestMs ?? Number.NaN)))} pass before the first request`
    )
  )
  return rows
}

function withFloor(base: Omit<BudgetRow, 'floor'>, floor: string): BudgetRow {
  return base.met === false ? { ...base, floor } : base
}
