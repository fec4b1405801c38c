import type { OutagePart } from './expected-outage.js'

/**
 * The outage of a migrating upgrade as it was seen, split like the prediction. It starts when the old tasks are
 * told to stop (ECS deregisters their targets at once, and draining targets get no new request) and ends when
 * the first new target passes its health check (DescribeTargetHealth), or, without a load balancer, when the
 * migrator is healthy (the task timeline).
 */
export interface MeasuredOutage {
  seconds: number
  parts: { part: OutagePart | 'migration'; seconds: number }[]
  /** `load balancer` (target health) or `task timeline`. */
  source: 'load balancer' | 'task timeline'
}

/** Clock times (ms) of the moments the split rests on; each may be missing when the rollout did not get there. */
export interface OutageMoments {
  drainStarted?: number
  /** No old task is RUNNING or DEACTIVATING any more: the drain is over, SIGTERM sent. */
  drained?: number
  stopped?: number
  /** The migrator task reached RUNNING (ECS's startedAt). */
  migratorRunning?: number
  migratorHealthy?: number
  targetHealthy?: number
}

export function measuredOutage(
  moments: OutageMoments,
  behindLoadBalancer: boolean
): MeasuredOutage | undefined {
  const { drainStarted, stopped, migratorHealthy } = moments
  const end = behindLoadBalancer ? moments.targetHealthy : migratorHealthy
  if (
    drainStarted === undefined ||
    stopped === undefined ||
    migratorHealthy === undefined ||
    end === undefined
  )
    return undefined
  const within = (value: number | undefined, from: number, to: number) =>
    Math.min(to, Math.max(from, value ?? from))
  const drained = within(moments.drained, drainStarted, stopped)
  const running = within(moments.migratorRunning, stopped, migratorHealthy)
  const seconds = (from: number, to: number) => Math.max(0, (to - from) / 1000)
  return {
    seconds: seconds(drainStarted, end),
    source: behindLoadBalancer ? 'load balancer' : 'task timeline',
    parts: [
      { part: 'drain', seconds: seconds(drainStarted, drained) },
      { part: 'stop', seconds: seconds(drained, stopped) },
      { part: 'start', seconds: seconds(stopped, running) },
      { part: 'migration', seconds: seconds(running, migratorHealthy) },
      { part: 'health-check', seconds: seconds(migratorHealthy, end) }
    ]
  }
}
