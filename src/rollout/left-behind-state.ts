import type { SuspendedState } from '../ports/autoscaling.js'
import type { ServiceSettings } from './deployment-configuration.js'

/** Settings an earlier rollout of the revision the service runs changed and did not put back. */
export interface LeftBehind {
  /** In words, for the summary: `deployment configuration 100/200, circuit breaker on, rollback off`. */
  changes: string[]
  settings?: ServiceSettings
  /** The Auto Scaling state to restore, when the rollout left it suspended. */
  scaling?: SuspendedState
  /**
   * The fleet size the earlier rollout was going for, when it held the service below it on a failed
   * deployment (a crash-looping fleet): ECS starts nothing more for a FAILED deployment, so only a new
   * deployment brings the fleet back.
   */
  heldBelow?: number
  /**
   * A setting only a new deployment can put back (the capacity provider strategy: ECS changes it only with
   * forceNewDeployment), so a service that is otherwise unchanged is rolled out again to heal it.
   */
  needsDeployment?: boolean
}
