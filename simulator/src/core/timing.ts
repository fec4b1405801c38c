import type { EcsTiming, Scenario } from '../scenario.js'

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

/** ms one simulated second lasts on the `aws-defaults` clock: a 300 s drain takes 3 s. */
export const AWS_DEFAULTS_SECOND_MS = 10

const seconds = (value: number): number => value * AWS_DEFAULTS_SECOND_MS

/**
 * AWS's defaults on a scaled clock: Fargate provisioning (network interface) 10 s, PENDING 5 s plus the image pull
 * at 50 MB/s (Fargate caches no layers; reports of a 2.7 GB image taking 55 s), Open WebUI's start 30 s, network
 * interface detach 5 s. Target groups keep their own defaults (deregistration delay 300 s, health check interval
 * 30 s) and containers theirs (stopTimeout 30 s); all are measured in the same scaled seconds.
 */
export const AWS_DEFAULTS_TIMING: EcsTiming = {
  provisioningMs: seconds(10),
  pendingMs: seconds(5),
  healthyAfterMs: seconds(30),
  stoppingMs: seconds(5),
  unhealthyGraceMs: seconds(30),
  tickMs: 10,
  secondMs: AWS_DEFAULTS_SECOND_MS,
  pullBytesPerSecond: 50_000_000
}

/** The scenario's timing: its profile's, with the scenario's own values on top. */
export function timingOf(scenario: Scenario): EcsTiming {
  const profile = scenario.timingProfile === 'aws-defaults' ? AWS_DEFAULTS_TIMING : DEFAULT_TIMING
  return { ...profile, ...scenario.timing }
}
