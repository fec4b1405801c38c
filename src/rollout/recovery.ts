import type { RolloutResult } from '../report/deploy-summary-input.js'
import type { MigratorEvidence } from '../domain/migrator-evidence.js'
import { judgeFailedMigrator } from './migrator-verdict.js'
import { awaitEcsRollback, holdAfterMigratorFailure, holdFleet, rollBackToPrevious } from './rollback.js'
import type { RolloutFailure } from './rollout-failure.js'
import type { RolloutView } from './rollout-run.js'
import { revisionOf, taskIdOf } from '../domain/task-arns.js'
import { versionTag } from '../release/version-tag.js'

/** What recovery did: its result, and what the report says about it. */
export interface Recovery {
  result: RolloutResult
  /** Where the service stands now and what to do next, in sentences for the summary. */
  notes: string[]
  /** What a failed migrator did to the database, when it was judged. */
  evidence?: MigratorEvidence
}

/**
 * What a failed rollout leaves behind, by the rules in docs/domain-facts.md ("Version skew and rollback"):
 * - nothing written yet: nothing to undo;
 * - cancelled: no new writes (the runner kills the process ~10 s later); say how to resume;
 * - replaced by someone else's deployment: leave theirs alone;
 * - no migrator reached RUNNING (a rolling update, or a migrator that never started): the old revision is safe
 *   on the database, so `rollback: auto` returns to it (or follows ECS's own circuit-breaker rollback);
 * - a failed migrator that reached RUNNING is stopped, then judged by its log and tasks (migrator-evidence.ts):
 *   one that never touched the schema (it could not connect, or crashed before the database layer) is rolled
 *   back like one that never started; otherwise the old image never returns;
 * - after the migrations the old image never returns: a failed fleet
 *   is held at its healthy tasks with migrations off, a timeout leaves the work going; `rollback: never`
 *   leaves everything as it is.
 * The result is `rolled-back` when the service runs the previous revision again, healthy; `failed` otherwise.
 */
export async function recover(
  run: RolloutView,
  failure: RolloutFailure,
  hasHealthCheck: boolean
): Promise<Recovery> {
  const notes: string[] = []
  let evidence: MigratorEvidence | undefined
  const result = await decide(run, failure, hasHealthCheck, notes, found => {
    evidence = found
  })
  return { result, notes, ...(evidence ? { evidence } : {}) }
}

async function decide(
  run: RolloutView,
  failure: RolloutFailure,
  hasHealthCheck: boolean,
  notes: string[],
  judged: (evidence: MigratorEvidence) => void
): Promise<RolloutResult> {
  const previous = describePrevious(run)
  const policy = run.settings.rollback

  if (!run.touched) {
    notes.push(
      `Nothing was changed: the service still runs ${previous}.${failure.kind === 'cancelled' ? ' Re-run the deploy to carry out the upgrade.' : ''}`
    )
    return 'failed'
  }
  if (failure.kind === 'cancelled') {
    notes.push(cancelledState(run, failure))
    return 'failed'
  }
  if (failure.kind === 'superseded') {
    notes.push(
      "Another deployment replaced this rollout's while it ran; it was left alone. Check who deployed, then re-run if needed."
    )
    return 'failed'
  }
  if (failure.kind === 'service-gone') {
    notes.push('The service is being deleted or is gone: nothing more was changed.')
    return 'failed'
  }

  if (!run.migrationsMayHaveRun) {
    const why =
      failure.phase === 'migrator'
        ? ' No migrator task reached RUNNING, so no migration ran and the old version is safe on the database.'
        : ''
    if (failure.phase === 'rolling' && failure.kind === 'ecs-rollback') {
      if (await awaitEcsRollback(run, hasHealthCheck)) {
        notes.push(`The ECS deployment circuit breaker returned the service to ${previous}, healthy.`)
        return 'rolled-back'
      }
      notes.push(
        `The ECS circuit breaker is rolling the service back to ${previous}; it had not finished when the rollout stopped waiting.`
      )
      return 'failed'
    }
    if (policy === 'never') {
      notes.push(`rollback is \`never\`: the service was left as the failed deployment left it.${why}`)
      return 'failed'
    }
    if (await rollBackToPrevious(run, hasHealthCheck)) {
      notes.push(
        `Rolled back to ${previous} at ${run.previous.desiredCount} task${run.previous.desiredCount === 1 ? '' : 's'}, healthy.${why}`
      )
      return 'rolled-back'
    }
    notes.push(`The rollback to ${previous} did not finish; check the service in the ECS console.${why}`)
    return 'failed'
  }

  const version = versionTag(run.plan.target.version)
  if (policy === 'never') {
    notes.push(
      `rollback is \`never\`: the service was left as the failed ${failure.phase} step left it. Migrations may have run, so do not return to the old image.`
    )
    return 'failed'
  }
  if (failure.phase === 'migrator') {
    if (failure.kind === 'timeout') {
      notes.push(
        `The migrator (task ${taskIdOf(run.migratorTask?.taskArn)}) may still be migrating: it was left running, as stopping a migration half-way is worse. Re-run the deploy: it waits for the migrator, checks its log and continues with the fleet.`
      )
      return 'failed'
    }
    await holdAfterMigratorFailure(run)
    // An earlier run's migrator (a resumed rollout) left no evidence this run can read: hold.
    const evidence = run.resumed ? undefined : await judgeFailedMigrator(run)
    if (evidence) judged(evidence)
    if (evidence?.verdict === 'schema-untouched') {
      const untouched = `The migrator never touched the schema (${evidence.reason}), so the old version is safe on the database.`
      if (await rollBackToPrevious(run, hasHealthCheck)) {
        notes.push(
          `Rolled back to ${previous} at ${run.previous.desiredCount} task${run.previous.desiredCount === 1 ? '' : 's'}, healthy. ${untouched} Fix the cause shown below, then re-run the deploy.`
        )
        return 'rolled-back'
      }
      notes.push(
        `${untouched} The rollback to ${previous} did not finish; check the service in the ECS console. The migrator is stopped (desired count 0).`
      )
      return 'failed'
    }
    const why = evidence
      ? `the ${evidence.verdict === 'unknown' ? 'evidence cannot rule it out' : 'evidence says so'}: ${evidence.reason}`
      : 'the migrator reached RUNNING'
    notes.push(
      `Migrations may have run (${why}), so the old image was not brought back: old code on a newer schema can break or corrupt data. The migrator was stopped (desired count 0 on ${revisionOf(run.migratorTaskDefinitionArn)}), so Open WebUI is down. Fix the cause shown below, then re-run the deploy: it finds the migrator revision and runs the migration again before the fleet.`
    )
    return 'failed'
  }
  if (failure.kind === 'timeout') {
    notes.push(
      `The fleet deployment of ${version} (migrations off, ${revisionOf(run.fleetTaskDefinitionArn)}) was left to continue. Re-run the deploy to follow it to the end.`
    )
    return 'failed'
  }
  const held = await holdFleet(run, run.failedDeploymentId, hasHealthCheck)
  const count = held === undefined ? 'its current count' : `${held} healthy task${held === 1 ? '' : 's'}`
  notes.push(
    `Migrations ran${run.migrationLog?.lines.length ? " and the migrator's log was clean" : ''}, so the old image was not brought back. The service holds ${version} with migrations off (${revisionOf(run.fleetTaskDefinitionArn)}) at ${count}${held === 0 ? ': Open WebUI is down' : ''}. Circuit-breaker rollback stays off: the last completed deployment is the migrator's, and ECS would return to it at full size. Fix the cause shown below and re-run the deploy to bring the fleet to ${run.desiredCount}.`
  )
  return 'failed'
}

function describePrevious(run: RolloutView): string {
  const revision = revisionOf(run.previous.taskDefinitionArn)
  return run.previous.version ? `${revision} (${versionTag(run.previous.version)})` : revision
}

function cancelledState(run: RolloutView, failure: RolloutFailure): string {
  switch (failure.phase) {
    case 'migrator':
      return 'The run was cancelled during the migrator step. The migrator deployment was left going (a migration stopped half-way is worse than one that finishes) and Auto Scaling stays suspended. Re-run the deploy to resume: it waits for the migrator, checks its log, and continues with the fleet.'
    case 'fleet':
      return `The run was cancelled during the fleet step. The fleet deployment (migrations off, ${revisionOf(run.fleetTaskDefinitionArn)}) was left to finish on its own. Re-run the deploy to confirm the result.`
    case 'rolling':
      return 'The run was cancelled during the rolling update. ECS carries on with it; the old tasks keep serving until the new ones are healthy. Re-run the deploy to confirm the result.'
    default:
      return `The run was cancelled in the ${failure.phase} phase. Re-run the deploy to continue.`
  }
}
