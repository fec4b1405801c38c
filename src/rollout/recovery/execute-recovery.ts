import type { RolloutResult } from '../../report/deploy-summary-input.js'
import type { MigratorEvidence } from '../../domain/migrator-evidence.js'
import { revisionOf, taskIdOf } from '../../domain/task-arns.js'
import { versionTag } from '../../release/version-tag.js'
import type { RolloutFailure } from '../rollout-failure.js'
import type { RolloutView } from '../rollout-run.js'
import { decideRecovery, type RecoveryAction, type RecoveryFacts } from './decide-recovery.js'
import { readMigratorTasks, type MigratorTasksRead } from './fresh-migrator-read.js'
import { judgeFailedMigrator } from './judge-migrator.js'
import { awaitEcsRollback, holdAfterMigratorFailure, holdFleet, rollBackToPrevious } from './rollback.js'

/** What recovery did: its result, and what the report says about it. */
export interface Recovery {
  result: RolloutResult
  /** Where the service stands now and what to do next, in sentences for the summary. */
  notes: string[]
  /** What a failed migrator did to the database, when it was judged. */
  evidence?: MigratorEvidence
  /** The decision recovery acted on last (the report and the tests read it). */
  action: RecoveryAction
  /** Migrations may have run: a migrator task reached RUNNING, an earlier run's did, or the evidence says so. */
  migrationsMayHaveRun: boolean
}

/**
 * Carries out decideRecovery's decisions (decide-recovery.ts, pure) by the rules in docs/domain-facts.md:
 * facts are read fresh after the failure, a migrator that may still start tasks is stopped and judged before the
 * decision that counts, and the sentences for the summary are written from what the decision rests on.
 */
export async function recover(
  run: RolloutView,
  failure: RolloutFailure,
  hasHealthCheck: boolean
): Promise<Recovery> {
  // A migrator step that began may have sent its UpdateService (one that timed out may still have been applied).
  const migratorStarted = run.phases.some(phase => phase.name === 'migrator' && phase.status !== 'skipped')
  let read: MigratorTasksRead | undefined =
    migratorStarted && failure.kind !== 'cancelled' ? await readMigratorTasks(run) : undefined
  let evidence: MigratorEvidence | undefined
  const facts = (): RecoveryFacts => ({
    touched: run.touched,
    failure: { phase: failure.phase, kind: failure.kind },
    policy: run.settings.rollback,
    resumedFromMigrator: Boolean(run.resumed) || run.startedFromMigrator,
    ...(migratorStarted
      ? {
          migrator: {
            live: read?.live ?? 0,
            reachedRunning: read?.reachedRunning ?? 0,
            ...(evidence ? { verdict: evidence.verdict } : {})
          }
        }
      : {}),
    ecsRollingBack: ecsRollingBack(run)
  })
  let action = decideRecovery(facts())
  if (action.action === 'stop-migrator') {
    await holdAfterMigratorFailure(run)
    evidence = await judgeFailedMigrator(run)
    read = await readMigratorTasks(run)
    action = decideRecovery(facts())
  }
  const mayHaveRun =
    run.startedFromMigrator ||
    Boolean(run.resumed) ||
    (read?.reachedRunning ?? 0) > 0 ||
    (evidence !== undefined && evidence.verdict !== 'schema-untouched')
  const notes: string[] = []
  const result = await act(run, action, failure, hasHealthCheck, evidence, notes)
  return { result, notes, action, migrationsMayHaveRun: mayHaveRun, ...(evidence ? { evidence } : {}) }
}

async function act(
  run: RolloutView,
  action: RecoveryAction,
  failure: RolloutFailure,
  hasHealthCheck: boolean,
  evidence: MigratorEvidence | undefined,
  notes: string[]
): Promise<RolloutResult> {
  const previous = describePrevious(run)
  const version = versionTag(run.plan.target.version)
  switch (action.action) {
    case 'none':
      notes.push(noneNote(run, action.why, failure, previous))
      return 'failed'
    case 'follow-ecs-rollback':
      if (await awaitEcsRollback(run, hasHealthCheck)) {
        notes.push(
          failure.phase === 'traffic-shift'
            ? `ECS rolled its deployment back: production traffic is on ${previous} again, healthy, and the new revision's tasks were stopped.`
            : `The ECS deployment circuit breaker returned the service to ${previous}, healthy.`
        )
        return 'rolled-back'
      }
      notes.push(
        failure.phase === 'traffic-shift'
          ? `ECS is rolling its deployment back to ${previous}; it had not finished when the rollout stopped waiting.`
          : `The ECS circuit breaker is rolling the service back to ${previous}; it had not finished when the rollout stopped waiting.`
      )
      return 'failed'
    case 'roll-back': {
      const why =
        action.why === 'schema-untouched'
          ? ` The migrator never touched the schema (${evidence?.reason ?? 'its log says so'}), so the old version is safe on the database. Fix the cause shown below, then re-run the deploy.`
          : action.why === 'no-migrator-ran'
            ? ' No migrator task reached RUNNING (read after every migrator task had stopped), so no migration ran and the old version is safe on the database.'
            : failure.phase === 'drain'
              ? ' No task of the new version had started, so the old version is safe on the database.'
              : ''
      if (await rollBackToPrevious(run, hasHealthCheck)) {
        const count = run.previous.desiredCount
        notes.push(`Rolled back to ${previous} at ${count} task${count === 1 ? '' : 's'}, healthy.${why}`)
        return 'rolled-back'
      }
      notes.push(
        `The rollback to ${previous} did not finish; check the service in the ECS console.${why}${migratorHeld(run) ? ' The migrator is stopped (desired count 0).' : ''}`
      )
      return 'failed'
    }
    case 'leave-migrator-running':
      notes.push(
        `The migrator (task ${taskIdOf(run.migratorTask?.taskArn)}) reached RUNNING and may still be migrating: it was left running, as stopping a migration half-way is worse. Re-run the deploy: it waits for the migrator, checks its log and continues with the fleet.`
      )
      return 'failed'
    case 'hold-migrator': {
      if (!migratorHeld(run)) await holdAfterMigratorFailure(run)
      const why =
        action.verdict === 'resumed'
          ? 'an earlier run already started a migrator'
          : evidence
            ? `the ${evidence.verdict === 'migrations-may-have-run' ? 'evidence says so' : 'evidence cannot rule it out'}: ${evidence.reason}`
            : 'a migrator task reached RUNNING'
      notes.push(
        `Migrations may have run (${why}), so the old image was not brought back: old code on a newer schema can break or corrupt data. The migrator was stopped (desired count 0 on ${revisionOf(run.migratorTaskDefinitionArn ?? run.lastService?.taskDefinition)}), so Open WebUI is down. Fix the cause shown below, then re-run the deploy: it finds the migrator revision and runs the migration again before the fleet.`
      )
      return 'failed'
    }
    case 'leave-fleet':
      notes.push(
        `The fleet deployment of ${version} (migrations off, ${revisionOf(run.fleetTaskDefinitionArn)}) was left to continue. Re-run the deploy to follow it to the end.`
      )
      return 'failed'
    case 'hold-fleet': {
      const held = await holdFleet(run, run.failedDeploymentId, hasHealthCheck)
      const count = held === undefined ? 'its current count' : `${held} healthy task${held === 1 ? '' : 's'}`
      notes.push(
        `Migrations ran${run.migrationLog?.lines.length ? " and the migrator's log was clean" : ''}, so the old image was not brought back. The service holds ${version} with migrations off (${revisionOf(run.fleetTaskDefinitionArn)}) at ${count}${held === 0 ? ': Open WebUI is down' : ''}. Circuit-breaker rollback stays off: the last completed deployment is the migrator's, and ECS would return to it at full size. Fix the cause shown below and re-run the deploy to bring the fleet to ${run.desiredCount}.`
      )
      return 'failed'
    }
    case 'stop-migrator':
      // decideRecovery never asks twice: after the stop every migrator task is judged.
      notes.push('The migrator was stopped (desired count 0); what it did could not be judged.')
      return 'failed'
  }
}

function noteFor(failure: RolloutFailure, previous: string): string {
  return `Nothing was changed: the service still runs ${previous}.${failure.kind === 'cancelled' ? ' Re-run the deploy to carry out the upgrade.' : ''}`
}

function noneNote(
  run: RolloutView,
  why: Extract<RecoveryAction, { action: 'none' }>['why'],
  failure: RolloutFailure,
  previous: string
): string {
  switch (why) {
    case 'untouched':
      return noteFor(failure, previous)
    case 'cancelled':
      return cancelledState(run, failure)
    case 'superseded':
      return "Another deployment replaced this rollout's while it ran; it was left alone. Check who deployed, then re-run if needed."
    case 'service-gone':
      return 'The service is being deleted or is gone: nothing more was changed.'
    case 'policy-never':
      return run.phases.some(phase => phase.name === 'migrator' && phase.status !== 'skipped') ||
        run.startedFromMigrator
        ? `rollback is \`never\`: the service was left as the failed ${failure.phase} step left it. Migrations may have run, so do not return to the old image.`
        : 'rollback is `never`: the service was left as the failed deployment left it.'
  }
}

/** ECS's circuit breaker already returns the service to the previous revision (PRIMARY is it again). */
function ecsRollingBack(run: RolloutView): boolean {
  const previous = run.previous.taskDefinitionArn
  const primary = run.lastService?.deployments?.find(deployment => deployment.status === 'PRIMARY')
  return Boolean(previous && primary?.id && primary.taskDefinition === previous)
}

function migratorHeld(run: RolloutView): boolean {
  return run.phases.some(phase => phase.name === 'hold' && phase.status === 'ok')
}

function describePrevious(run: RolloutView): string {
  const revision = revisionOf(run.previous.taskDefinitionArn)
  return run.previous.version ? `${revision} (${versionTag(run.previous.version)})` : revision
}

function cancelledState(run: RolloutView, failure: RolloutFailure): string {
  switch (failure.phase) {
    case 'migrator':
      return 'The run was cancelled during the migrator step. The migrator deployment was left going (a migration stopped half-way is worse than one that finishes) and Auto Scaling stays suspended. Re-run the deploy to resume: it waits for the migrator, checks its log, and continues with the fleet.'
    case 'drain':
      return `The run was cancelled while the old tasks drained: the service is at desired count 0 on ${revisionOf(run.previous.taskDefinitionArn)} and Open WebUI is down; no task of the new version started. Re-run the deploy: it drains again, runs the migrator and brings the fleet back to ${run.desiredCount} (the count is recorded on the service).`
    case 'fleet':
      return `The run was cancelled during the fleet step. The fleet deployment (migrations off, ${revisionOf(run.fleetTaskDefinitionArn)}) was left to finish on its own. Re-run the deploy to confirm the result.`
    case 'traffic-shift':
      return `The run was cancelled during ECS's own deployment of the new revision. ${failure.message} Re-run the deploy to try again.`
    case 'rolling':
      return 'The run was cancelled during the rolling update. ECS carries on with it; the old tasks keep serving until the new ones are healthy. Re-run the deploy to confirm the result.'
    default:
      return `The run was cancelled in the ${failure.phase} phase. Re-run the deploy to continue.`
  }
}
