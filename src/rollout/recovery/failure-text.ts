import type { MigratorEvidence } from '../../domain/migrator-evidence.js'
import { RolloutFailure } from '../rollout-failure.js'

/**
 * The migrator step's failure, worded from the judged evidence rather than from whichever watcher noticed first
 * (the log reader or ECS's circuit breaker): the same failure reads the same on every run.
 */
export function migratorFailureFromEvidence(
  failure: RolloutFailure,
  evidence: MigratorEvidence
): RolloutFailure {
  if (failure.phase !== 'migrator' || failure.kind === 'timeout' || failure.kind === 'cancelled')
    return failure
  const connection = evidence.tasks.find(task => task.basis.startsWith('could not connect to the database'))
  if (connection && evidence.verdict === 'schema-untouched') {
    return new RolloutFailure(
      failure.phase,
      'migration-error',
      `The migrator could not connect to the database: ${connection.quotes[0] ?? connection.reason}`
    )
  }
  const failed = evidence.tasks.find(task => task.basis.includes('then a migration error'))
  if (failed) {
    return new RolloutFailure(
      failure.phase,
      'migration-error',
      `The migrator logged a failed migration: ${failed.quotes.at(-1) ?? failed.reason}`
    )
  }
  return failure
}
