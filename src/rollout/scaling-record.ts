import type { SuspendedState } from '../ports/autoscaling.js'

/** Auto Scaling as the rollout holds it: what to restore, and whether a restore is owed. */
export interface ScalingRecord {
  /** The state to restore; undefined when the service has no scalable target. */
  original?: SuspendedState
  /** True while the rollout holds scaling suspended and owes a restore. */
  owed: boolean
  /** Set once a restore was attempted: what happened. */
  restored?: 'restored' | 'kept-suspended' | 'failed'
}
