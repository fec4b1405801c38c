import type { EcsTiming } from '../scenario.js'

/**
 * Simulated ECS durations when a scenario sets none: tens to hundreds of milliseconds, so a whole rollout runs
 * in seconds while keeping every state visible to a poller.
 */
export const DEFAULT_TIMING: EcsTiming = {
  provisioningMs: 50,
  pendingMs: 50,
  healthyAfterMs: 200,
  stoppingMs: 50,
  unhealthyGraceMs: 200,
  tickMs: 25,
  secondMs: 1
}
