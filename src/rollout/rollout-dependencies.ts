import type { Ports } from '../ports/ports.js'
import type { Log } from '../report/log.js'
import type { ServiceModeSettings } from '../settings/settings.js'

/** The settings the rollout reads. */
export type RolloutSettings = Pick<
  ServiceModeSettings,
  | 'timeoutMinutes'
  | 'healthUrl'
  | 'containerName'
  | 'rollback'
  | 'waitUntil'
  | 'desiredCount'
  | 'proxy'
  | 'github'
>

/**
 * What the deploy mode hands the rollout: the settings it reads, the ports it calls, the mode's log, and the
 * runner's cancel (`signal`). Only these, so the rollout depends on nothing of the modes. The ports are read on
 * first use (reading a port is what creates its client): pass the mode's ports object, not copies of its fields.
 */
export interface RolloutDependencies {
  readonly settings: RolloutSettings
  readonly ports: Pick<Ports, 'ecs' | 'autoScaling' | 'logs' | 'databaseSnapshots' | 'clock' | 'loadBalancer'>
  readonly log: Log
  readonly signal: AbortSignal
}
