import type { UserSettings } from './deployment-configuration.js'

/**
 * What the service looked like before the rollout wrote anything: where a rollback returns to, and the
 * settings (deployment configuration, grace period, capacity provider strategy) every exit path restores.
 */
export interface PreviousState extends UserSettings {
  taskDefinitionArn?: string
  version?: string
  desiredCount: number
}
