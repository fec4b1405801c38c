import type { TimelineEntry } from './records.js'

/** When a task could answer requests: from RUNNING until it begins STOPPING (a draining task still answers). */
export interface ServingWindow {
  taskArn: string
  image: string
  migrationsEnabled: boolean
  from: number
  /** Infinity while the task has not begun to stop. */
  to: number
}

/** Every task's serving window (RUNNING and DEACTIVATING), from a simulator's timeline, for one service. */
export function servingWindows(timeline: TimelineEntry[], cluster: string, service: string): ServingWindow[] {
  const windows = new Map<string, ServingWindow>()
  for (const entry of timeline) {
    if (entry.cluster !== cluster || entry.service !== service) continue
    const window = windows.get(entry.taskArn)
    if (entry.event === 'RUNNING' && !window) {
      windows.set(entry.taskArn, {
        taskArn: entry.taskArn,
        image: entry.image,
        migrationsEnabled: entry.migrationsEnabled,
        from: entry.at,
        to: Infinity
      })
    } else if (
      window &&
      window.to === Infinity &&
      ['STOPPING', 'DEPROVISIONING', 'STOPPED'].includes(entry.event)
    ) {
      window.to = entry.at
    }
  }
  return [...windows.values()]
}

/**
 * Pairs of a migration-enabled task RUNNING while a task of another image was RUNNING or DEACTIVATING: old code
 * serving (or holding connections) beside a migrator, which Open WebUI does not support across a schema change.
 */
export function migratorBesideOldTasks(
  timeline: TimelineEntry[],
  cluster: string,
  service: string
): { migrator: ServingWindow; old: ServingWindow }[] {
  const windows = servingWindows(timeline, cluster, service)
  const pairs: { migrator: ServingWindow; old: ServingWindow }[] = []
  for (const migrator of windows.filter(window => window.migrationsEnabled)) {
    for (const old of windows.filter(window => window.image !== migrator.image)) {
      if (old.from < migrator.to && migrator.from < old.to) pairs.push({ migrator, old })
    }
  }
  return pairs
}
