/**
 * How long the old tasks take to leave before the migrator may start, from the live settings: behind a target
 * group a stopped task is deregistered and keeps serving what it holds for the group's
 * `deregistration_delay.timeout_seconds` (Open WebUI's websockets keep it busy to the end), then gets SIGTERM and
 * `stopTimeout` seconds before SIGKILL. Groups drain at once, so the longest delay counts.
 */
export interface ExpectedDrain {
  targetGroups: {
    name: string
    deregistrationDelaySeconds: number
    /** HealthCheckIntervalSeconds, when read: how long a new target may wait for its first check. */
    healthCheckIntervalSeconds?: number
  }[]
  /** The Open WebUI container's stopTimeout (ECS's default 30 s when the task definition sets none). */
  stopTimeoutSeconds: number
  /** The longest deregistration delay plus stopTimeout. */
  seconds: number
}

/** ECS's default when a container sets no stopTimeout. */
export const DEFAULT_STOP_TIMEOUT_SECONDS = 30
/** What a migrating rollout needs besides the drain at the least: one task start and one health check. */
export const MIN_SECONDS_AFTER_DRAIN = 120

export function expectedDrain(
  targetGroups: ExpectedDrain['targetGroups'],
  stopTimeoutSeconds: number | undefined
): ExpectedDrain {
  const stop = stopTimeoutSeconds ?? DEFAULT_STOP_TIMEOUT_SECONDS
  const longest = Math.max(0, ...targetGroups.map(group => group.deregistrationDelaySeconds))
  return { targetGroups, stopTimeoutSeconds: stop, seconds: longest + stop }
}

/** `about 330 s (deregistration delay 300 s of open-webui-tg, stopTimeout 30 s)` */
export function describeDrain(drain: ExpectedDrain): string {
  const groups = drain.targetGroups.map(
    group => `deregistration delay ${group.deregistrationDelaySeconds} s of ${group.name}`
  )
  return `about ${drain.seconds} s (${[...groups, `stopTimeout ${drain.stopTimeoutSeconds} s`].join(', ')})`
}
