import type { MigratorVerdict } from '../../domain/migrator-evidence.js'
import type { PhaseName } from '../../domain/rollout-phases.js'
import type { RollbackPolicy } from '../../settings/settings.js'
import type { FailureKind } from '../rollout-failure.js'

/**
 * What recovery knows when it decides, all of it read after the failure (never a view older than the last
 * DescribeTasks): the failure, and what every migrator task this run ever started did.
 */
export interface RecoveryFacts {
  /** The rollout issued an UpdateService that may have changed the service. */
  touched: boolean
  failure: { phase: PhaseName; kind: FailureKind }
  policy: RollbackPolicy
  /** The run started from an earlier run's migrator revision: migrations may have run before it began. */
  resumedFromMigrator: boolean
  /**
   * This run's migrator tasks after a fresh read; undefined when the migrator step never started a deployment.
   * `verdict` is set once every migrator task is STOPPED and its log was read (judged evidence).
   */
  migrator?: {
    /** Tasks not yet STOPPED. */
    live: number
    /** Tasks that reached RUNNING (startedAt set, or RUNNING now), live or stopped. */
    reachedRunning: number
    verdict?: MigratorVerdict
  }
  /** ECS's circuit breaker is returning the service to the previous revision (a rolling update). */
  ecsRollingBack: boolean
}

/** Why the old image is safe on the database, or why nothing is done: the report words each. */
export type RollbackReason = 'before-migrator' | 'no-migrator-ran' | 'schema-untouched'

export type RecoveryAction =
  | { action: 'none'; why: 'untouched' | 'cancelled' | 'superseded' | 'service-gone' | 'policy-never' }
  /** A migrator deployment is up or may still start tasks: desired 0 on it, wait for STOPPED, judge, decide again. */
  | { action: 'stop-migrator' }
  | { action: 'leave-migrator-running' }
  | { action: 'hold-migrator'; verdict: MigratorVerdict | 'resumed' }
  | { action: 'follow-ecs-rollback' }
  | { action: 'roll-back'; why: RollbackReason }
  | { action: 'leave-fleet' }
  | { action: 'hold-fleet' }

/**
 * Pure: what a failed rollout does next. The rule it keeps: once a migrator may have migrated (it reached
 * RUNNING, an earlier run's did, or its log cannot rule it out) the old image never returns. A migrator whose
 * tasks are not all STOPPED is stopped and judged first, so no decision rests on a task that may still start.
 */
export function decideRecovery(facts: RecoveryFacts): RecoveryAction {
  const { failure, migrator } = facts
  if (!facts.touched) return { action: 'none', why: 'untouched' }
  if (failure.kind === 'superseded') return { action: 'none', why: 'superseded' }
  if (failure.kind === 'service-gone') return { action: 'none', why: 'service-gone' }
  // A cancel writes nothing more (the runner kills the process seconds later); the summary says how to resume.
  if (failure.kind === 'cancelled') return { action: 'none', why: 'cancelled' }

  if (failure.phase === 'fleet') {
    if (facts.policy === 'never') return { action: 'none', why: 'policy-never' }
    return failure.kind === 'timeout' ? { action: 'leave-fleet' } : { action: 'hold-fleet' }
  }

  if (failure.phase === 'migrator' || migrator) {
    if (facts.policy === 'never') return { action: 'none', why: 'policy-never' }
    if (facts.resumedFromMigrator && !migrator?.verdict) {
      return migrator && migrator.live > 0 && migrator.reachedRunning > 0 && failure.kind === 'timeout'
        ? { action: 'leave-migrator-running' }
        : { action: 'hold-migrator', verdict: 'resumed' }
    }
    if (!migrator) return rollBack(facts, 'no-migrator-ran')
    if (migrator.verdict === undefined) {
      // Stopping a migration half-way is worse than letting it finish: a re-run picks it up.
      if (failure.kind === 'timeout' && migrator.live > 0 && migrator.reachedRunning > 0)
        return { action: 'leave-migrator-running' }
      return { action: 'stop-migrator' }
    }
    if (migrator.live > 0) return { action: 'hold-migrator', verdict: 'unknown' }
    if (migrator.reachedRunning === 0) return rollBack(facts, 'no-migrator-ran')
    if (migrator.verdict === 'schema-untouched') return rollBack(facts, 'schema-untouched')
    return { action: 'hold-migrator', verdict: migrator.verdict }
  }

  if (facts.resumedFromMigrator) {
    // An earlier run migrated: the old image must not return, whichever later step failed.
    if (facts.policy === 'never') return { action: 'none', why: 'policy-never' }
    return { action: 'hold-migrator', verdict: 'resumed' }
  }
  if (
    (failure.phase === 'rolling' || failure.phase === 'traffic-shift') &&
    failure.kind === 'ecs-rollback' &&
    facts.ecsRollingBack
  )
    return { action: 'follow-ecs-rollback' }
  if (facts.policy === 'never') return { action: 'none', why: 'policy-never' }
  return rollBack(facts, 'before-migrator')
}

function rollBack(facts: RecoveryFacts, why: RollbackReason): RecoveryAction {
  if (facts.policy === 'never') return { action: 'none', why: 'policy-never' }
  return { action: 'roll-back', why }
}
