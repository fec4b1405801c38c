/**
 * Time on the test side. The simulator's ECS runs on FAST_TIMING, so a whole migrate rollout takes about a
 * second; tests wait for what the simulator did with `until`, never for a fixed time. Timings themselves are
 * measured in `npm run bench`, not asserted here.
 */

/** ECS timings of tens of milliseconds: provisioning, pending, health, stopping and the simulator's tick. */
export const FAST_TIMING = {
  provisioningMs: 20,
  pendingMs: 20,
  healthyAfterMs: 80,
  stoppingMs: 20,
  unhealthyGraceMs: 60,
  tickMs: 10
}

/** Polls until `condition` holds; throws when it has not within `timeoutMs`. */
export async function until(condition: () => boolean, timeoutMs = 30_000, everyMs = 10): Promise<void> {
  const started = Date.now()
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not reached in time')
    await pause(everyMs)
  }
}

export function pause(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms))
}
