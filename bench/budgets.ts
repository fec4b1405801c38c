import { formatBytes, formatMs } from './format.js'
import { max, median } from './stats.js'
import type { ColdStartRun } from './cold-start.js'
import type { BenchResults } from './results.js'
import type { RolloutPhaseName } from './phase-log.js'
import { POLL_INTERVAL_MS } from '../src/rollout/poll-schedule.js'

/** The issue's budgets, each against what this run measured. */

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
  dryRunMs: 1500,
  /** The action's share of a migrating upgrade's outage: at most one poll interval. */
  outageActionShareMs: POLL_INTERVAL_MS
} as const

const PHASES: RolloutPhaseName[] = ['migrator', 'fleet', 'rolling']

function row(
  figure: string,
  budget: string,
  value: number | undefined,
  limit: number,
  show: (value: number) => string
) {
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
    const closed = samples
      .filter(sample => sample.phase === phase)
      .map(sample => sample.closedMs ?? Number.NaN)
    const polled = samples.filter(sample => sample.phase === phase).map(sample => sample.pollMs ?? Number.NaN)
    const verification = samples
      .filter(
        sample => sample.phase === phase && sample.closedMs !== undefined && sample.pollMs !== undefined
      )
      .map(sample => sample.closedMs! - sample.pollMs!)
    const floor = `the poll that saw it came ${formatMs(median(polled))} (median) / ${formatMs(max(polled))} (max) after completion; verifying the tasks before moving on took ${formatMs(median(verification))} more (median)`
    const medianRow = row(
      `Detection latency, ${phase} phase, median`,
      `≤ ${formatMs(BUDGETS.detectionMedianMs)}`,
      median(closed),
      BUDGETS.detectionMedianMs,
      formatMs
    )
    const maxRow = row(
      `Detection latency, ${phase} phase, max`,
      `≤ ${formatMs(BUDGETS.detectionMaxMs)}`,
      max(closed),
      BUDGETS.detectionMaxMs,
      formatMs
    )
    rows.push(withFloor(medianRow, floor), withFloor(maxRow, floor))
  }
  for (const size of results.fleetSizes) {
    const figure = `ECS calls per minute while waiting, ${size.tasks} task${size.tasks === 1 ? '' : 's'}`
    const base = row(
      figure,
      `≤ ${BUDGETS.ecsCallsPerMinute}`,
      size.deployed ? size.maxEcsCallsPerMinute : undefined,
      BUDGETS.ecsCallsPerMinute,
      String
    )
    const held = size.busiestWindowByOperation.map(([operation, count]) => `${count} ${operation}`).join(', ')
    const withinPhases =
      size.maxEcsCallsPerMinuteWithinPhase <= BUDGETS.ecsCallsPerMinute
        ? ": the budget holds within each wait, not across the switch from one phase to the next (the first phase's last polls, its verification, the next UpdateService and the next phase's quick first looks)"
        : ''
    const floorWithCalls = size.busiestWindowSpansPhases
      ? `the busiest 60 s window (${held}) spans the end of one phase's wait and the start of the next; within one phase the most was ${size.maxEcsCallsPerMinuteWithinPhase}${withinPhases}`
      : `the busiest 60 s window (${held}) lies inside one phase`
    rows.push(withFloor(base, floorWithCalls))
  }
  const outage = results.outage?.samples ?? []
  if (results.outage) {
    rows.push(
      withFloor(
        row(
          "Outage window of a migrating upgrade, the action's share (max)",
          `≤ ${formatMs(BUDGETS.outageActionShareMs)} (one poll interval)`,
          outage.length > 0 ? max(outage.map(sample => sample.actionShareMs)) : undefined,
          BUDGETS.outageActionShareMs,
          formatMs
        ),
        `the window (last old task stopped -> first new task healthy) was ${formatMs(median(outage.map(sample => sample.windowMs)))} (median), of which the new task's own start took ${formatMs(median(outage.map(sample => sample.taskStartMs)))}`
      )
    )
  }
  const dist = results.bundle.totalBytes
  rows.push(
    withFloor(
      row(
        'dist/ bundle (all files)',
        `≤ ${formatBytes(BUDGETS.distBytes)} (official deploy action: ${formatBytes(BUDGETS.officialActionBytes)})`,
        dist,
        BUDGETS.distBytes,
        formatBytes
      ),
      `index.js alone is ${formatBytes(results.bundle.entryBytes)}`
    )
  )
  const cold = results.coldStart
  const loaded = median(cold.loadOnly.map(run => run.totalMs))
  const scripts = results.bundle.files.filter(file => /\.[cm]?js$/.test(file.name)).length
  const whyLoad =
    scripts === 1
      ? ': the bundle is a single file, so every dependency in it (the AWS SDK clients, Octokit) is compiled and evaluated before any mode runs, whether the mode uses it or not'
      : `: the entry file (${formatBytes(results.bundle.entryBytes)}: @actions/core, @actions/github with Octokit and its plugins, the action itself) is compiled and evaluated before any mode runs; the AWS SDK clients are a separate chunk, loaded on the first AWS call (resolve makes none; a dry-run plan loads it before its first request, most of its larger remainder)`
  const medianOf = (runs: ColdStartRun[], figure: (run: ColdStartRun) => number | undefined) =>
    formatMs(median(runs.map(run => figure(run) ?? Number.NaN)))
  const referencePoints = `Node 24 running an empty file takes ${medianOf(cold.bareNode, run => run.totalMs)} (${medianOf(cold.bareNode, run => run.cpuMs)} CPU) on this machine, and its first request with the built-in fetch (undici, loaded on first use; Octokit sends through a bundled copy of the same client) arrives after ${medianOf(cold.bareFetch, run => run.firstRequestMs)} even in a script that does nothing else; loading the ${formatBytes(results.bundle.entryBytes)} bundle and stopping at input validation takes ${formatMs(loaded)} (${medianOf(cold.loadOnly, run => run.cpuMs)} CPU)${whyLoad}`
  for (const [mode, runs] of [
    ['mode: resolve', cold.resolve],
    ['dry-run plan', cold.dryRun]
  ] as const) {
    const first = median(runs.map(run => run.firstRequestMs ?? Number.NaN))
    rows.push(
      withFloor(
        row(
          `Cold start to first request, ${mode} (median)`,
          `≤ ${formatMs(BUDGETS.coldStartMs)}`,
          first,
          BUDGETS.coldStartMs,
          formatMs
        ),
        `${referencePoints}; ${first > loaded ? `the mode's own work before its first request is the remaining ${formatMs(first - loaded)}` : 'the mode reaches its first request within the spread of those runs'}`
      )
    )
  }
  rows.push(
    withFloor(
      row(
        'Dry-run plan end to end (median)',
        `≤ ${formatMs(BUDGETS.dryRunMs)}`,
        median(cold.dryRun.map(run => run.totalMs)),
        BUDGETS.dryRunMs,
        formatMs
      ),
      `of which ${formatMs(median(cold.dryRun.map(run => run.firstRequestMs ?? Number.NaN)))} pass before the first request`
    )
  )
  return rows
}

function withFloor(base: Omit<BudgetRow, 'floor'>, floor: string): BudgetRow {
  return base.met === false ? { ...base, floor } : base
}
