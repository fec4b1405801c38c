import type { TimelineEntry } from '../simulator/src/index.js'
import { runDeployment, type DeploymentRun } from './deployment-run.js'
import { describeFailure } from './detection.js'
import { inPool } from './pool.js'

/**
 * The outage of a migrating upgrade, by design: from the last old task STOPPED to the first new task HEALTHY
 * (the migrator, which serves as soon as it is healthy). Most of it is the new task's own start (provisioning,
 * image pull, migration, health check); the rest is time nobody's task was starting: the action's share
 * (plus the scheduler's tick). The action drains the old tasks and starts the migrator with one UpdateService,
 * so its share should stay within one poll interval.
 */

export interface OutageSample {
  /** Last old task STOPPED -> first new task HEALTHY. */
  windowMs: number
  /** The first healthy new task's own start: PROVISIONING -> HEALTHY. */
  taskStartMs: number
  /** windowMs - taskStartMs: the last old task stopped, and no new task was starting yet. */
  actionShareMs: number
}

export interface OutageOptions {
  bundle: string
  runs: number
  healthyAfterMs: number
  concurrency: number
  progress?: (message: string) => void
}

export interface OutageResult {
  options: Omit<OutageOptions, 'bundle' | 'progress'>
  samples: OutageSample[]
  failures: string[]
}

/** From the task timeline of the service: old tasks are those alive before the first migrator was launched. */
export function outageOf(timeline: TimelineEntry[]): OutageSample | undefined {
  const firstMigrator = timeline.find(entry => entry.migrationsEnabled && entry.event === 'PROVISIONING')
  if (!firstMigrator) return undefined
  const old = new Set(
    timeline
      .filter(entry => entry.at < firstMigrator.at && !entry.migrationsEnabled)
      .map(entry => entry.taskArn)
  )
  const lastOldStopped = Math.max(
    ...timeline.filter(entry => old.has(entry.taskArn) && entry.event === 'STOPPED').map(entry => entry.at)
  )
  const firstHealthy = timeline.find(entry => !old.has(entry.taskArn) && entry.event === 'HEALTHY')
  if (!firstHealthy || !Number.isFinite(lastOldStopped)) return undefined
  const launched = timeline.find(
    entry => entry.taskArn === firstHealthy.taskArn && entry.event === 'PROVISIONING'
  )
  if (!launched) return undefined
  const windowMs = firstHealthy.at - lastOldStopped
  const taskStartMs = firstHealthy.at - launched.at
  return { windowMs, taskStartMs, actionShareMs: Math.max(0, windowMs - taskStartMs) }
}

export async function measureOutage(options: OutageOptions): Promise<OutageResult> {
  const jobs = Array.from({ length: options.runs }, () => async (): Promise<DeploymentRun> => {
    const run = await runDeployment(
      { tasks: 2, healthyAfterMs: options.healthyAfterMs, upgrade: 'migrate' },
      { bundle: options.bundle }
    )
    options.progress?.(`outage window: migrating deploy, exit ${run.action.code}`)
    return run
  })
  const samples: OutageSample[] = []
  const failures: string[] = []
  for (const run of await inPool(jobs, options.concurrency)) {
    const sample = run.action.code === 0 ? outageOf(run.timeline) : undefined
    if (sample) samples.push(sample)
    else failures.push(describeFailure(run))
  }
  const { bundle: _bundle, progress: _progress, ...rest } = options
  return { options: rest, samples, failures }
}
