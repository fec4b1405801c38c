import type { PhaseName } from '../domain/rollout-phases.js'

export type FailureKind =
  | 'timeout'
  | 'cancelled'
  | 'deployment-failed'
  | 'ecs-rollback'
  | 'superseded'
  | 'service-gone'
  | 'scaled-to-zero'
  | 'desired-count-changed'
  | 'migration-error'
  | 'migration-log-unreadable'
  | 'api-error'
  | 'changed-since-plan'
  | 'health-check'

/** An operational failure of one phase. Caught by executeRollout, which decides what to leave behind. */
export class RolloutFailure extends Error {
  constructor(
    readonly phase: PhaseName,
    readonly kind: FailureKind,
    message: string
  ) {
    super(message)
    this.name = 'RolloutFailure'
  }
}
