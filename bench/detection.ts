import { runDeployment, type DeploymentRun } from './deployment-run.js'
import type { RolloutPhaseName } from './phase-log.js'
import { inPool } from './pool.js'
import type { Upgrade } from './scenarios.js'

/**
 * Detection latency: how long the job sits after ECS is done. For each rollout phase, the instant the simulated
 * deployment COMPLETED against (a) the first DescribeServices that could see it, (b) the log line where the action
 * reports it COMPLETED and (c) the phase closing, i.e. the action verified the tasks and moves on.
 */

export interface DetectionOptions {
  bundle: string
  runs: number
  /** Task health time of run 0; run k adds k x spreadMs / runs. */
  healthyAfterMs: number
  spreadMs: number
  concurrency: number
  tasks: number
  progress?: (message: string) => void
}

export interface DetectionSample {
  phase: RolloutPhaseName
  healthyAfterMs: number
  pollMs?: number
  sawMs?: number
  closedMs?: number
}

export interface DetectionResult {
  options: Omit<DetectionOptions, 'bundle' | 'progress'>
  samples: DetectionSample[]
  /** Runs that did not deploy, with their exit code and the end of their log. */
  failures: string[]
}

export function healthTimes(runs: number, base: number, spreadMs: number): number[] {
  return Array.from({ length: runs }, (_, k) => Math.round(base + (k * spreadMs) / runs))
}

export async function measureDetection(options: DetectionOptions): Promise<DetectionResult> {
  const jobs: (() => Promise<DeploymentRun>)[] = []
  for (const healthyAfterMs of healthTimes(options.runs, options.healthyAfterMs, options.spreadMs)) {
    for (const upgrade of ['migrate', 'rolling'] as Upgrade[]) {
      jobs.push(async () => {
        const run = await runDeployment(
          { tasks: options.tasks, healthyAfterMs, upgrade },
          { bundle: options.bundle }
        )
        options.progress?.(
          `detection: ${upgrade}, tasks healthy after ${healthyAfterMs} ms: exit ${run.action.code}`
        )
        return run
      })
    }
  }
  const runs = await inPool(jobs, options.concurrency)
  const samples: DetectionSample[] = []
  const failures: string[] = []
  for (const run of runs) {
    if (run.action.code !== 0 || run.action.outputs.result !== 'deployed') {
      failures.push(describeFailure(run))
      continue
    }
    for (const phase of run.phases) {
      if (phase.completedAt === undefined) continue
      const since = (at: number | undefined) => (at === undefined ? undefined : at - phase.completedAt!)
      samples.push({
        phase: phase.name,
        healthyAfterMs: run.world.healthyAfterMs,
        pollMs: since(phase.observedAt),
        sawMs: since(phase.sawCompletedAt),
        closedMs: since(phase.closedAt)
      })
    }
  }
  const { bundle: _bundle, progress: _progress, ...rest } = options
  return { options: rest, samples, failures }
}

export function describeFailure(run: DeploymentRun): string {
  const tail = run.action.stdout.trim().split('\n').slice(-3).join(' / ')
  return `${run.world.upgrade} of ${run.world.tasks} tasks: exit ${run.action.code}, result ${run.action.outputs.result ?? 'none'}: ${tail}`
}
