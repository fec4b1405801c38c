import { errorMessage } from '../errors.js'
import { probeHealth } from '../health/health-probe.js'
import { proxiedFetch } from '../network/proxied-fetch.js'
import type { Plan } from '../domain/plan.js'
import type { Outcome } from '../report/outcome.js'
import { waitForIdleService } from './concurrency-guard.js'
import { runDatabaseSnapshotPhase, type SnapshotSeen } from './database-snapshot-phase.js'
import { saveConfiguration } from './deployment-configuration.js'
import { isServing } from './deployment-verdict.js'
import { collectDiagnostics, type Diagnostics } from './diagnostics.js'
import { runFleetPhase, runRollingPhase } from './fleet-phase.js'
import { runDrainPhase, type DrainSeen } from './drain-phase.js'
import { runMigratorPhase, type MigratorSeen } from './migrator-phase.js'
import { findLeftBehind, healedNote } from './left-behind.js'
import { recover } from './recovery/execute-recovery.js'
import { done } from './phase-log.js'
import { registerTaskDefinitions, type RegisteredRevisions } from './register-task-definitions.js'
import { continueFromMigratorRevision, readCurrentRevision } from './resume.js'
import { asSentence, rolloutOutcome } from './rollout-outcome.js'
import type { RolloutDependencies } from './rollout-dependencies.js'
import { RolloutFailure } from './rollout-failure.js'
import { RolloutRun } from './rollout-run.js'
import { resolveStart } from './rollout-start.js'
import type { MigratorBookkeeping } from './rollout-tags.js'
import { readScalableTarget, restoreScaling, suspendScaling, suspendedStateOf } from './scaling-suspension.js'
import { groupReason, groupStoppedTasks } from '../report/stopped-reasons.js'
import { serviceTasks } from './task-inspection.js'
import { revisionOf } from '../domain/task-arns.js'
import { quoteUntrusted } from '../report/untrusted-log.js'
import { versionTag } from '../release/version-tag.js'
import { clearSettingsRecord, readSettingsRecord, writeSettingsRecord } from './resume/record-on-service.js'
import { recordOf, type SettingsRecord } from './resume/settings-record.js'
import { readDelays, restoreDelays, serviceTargetGroupArns } from './drain-delay.js'
import { raiseMaintenancePage, removeMaintenancePage } from './maintenance-page.js'
import { waitForServingTarget } from './outage-watch.js'
import { measuredOutage, type OutageMoments } from '../domain/measured-outage.js'
import { migratorFailureFromEvidence } from './recovery/failure-text.js'

/**
 * Carries out a verified, unblocked plan against the service.
 *
 * migrate: register both revisions, suspend Auto Scaling, stop the old tasks and run exactly one migrator
 * (0/100 at desired 1), wait for it HEALTHY with a clean log, then the fleet at the desired count with
 * migrations off, then restore scaling. rolling: one deployment of the fleet revision with the service's own
 * configuration. Either way: never stacked on a deployment in progress, each deployment tracked by the id
 * UpdateService returned, and a health probe of health-url at the end.
 *
 * Operational failures never throw out of here: recovery.ts decides what to leave behind (rollback while no
 * migrator ran, hold at the new version after) and the outcome carries the summary either way.
 */
export async function executeRollout(plan: Plan, dependencies: RolloutDependencies): Promise<Outcome> {
  const run = new RolloutRun(plan, dependencies)
  const hasHealthCheck = plan.hasHealthCheck
  /** The record of the user's settings on the service: an earlier run's, or the one this run writes. */
  let record: SettingsRecord | undefined
  /** The maintenance page's rules this run created, and the moments the outage is measured between. */
  let pageRules: string[] = []
  let moments: OutageMoments = {}
  let serving: Promise<void> | undefined
  const watch = new AbortController()
  try {
    const idle = await waitForIdleService(run)
    record = await readSettingsRecord(run)
    await healDelays(run, record)
    if (record?.maintenancePage) await takePageDown(run)
    const revision = await readCurrentRevision(run)
    const fromMigrator = revision.role === 'migrator'
    const leftBehind = await findLeftBehind(run, revision, idle, record)
    run.begin(
      resolveStart({
        current: plan.current,
        planDesiredCount: plan.desiredCount,
        ...(dependencies.settings.desiredCount !== undefined
          ? { desiredCountInput: dependencies.settings.desiredCount }
          : {}),
        idle,
        revision,
        ...(leftBehind ? { leftBehind } : {}),
        ...(record ? { record } : {})
      })
    )
    if (leftBehind) {
      dependencies.log.info(
        `An earlier rollout of this revision left settings behind: ${leftBehind.changes.join('; ')}. This run puts them back.`
      )
    }
    let runMigrator = plan.strategy === 'migrate'
    if (fromMigrator) {
      const continuation = await continueFromMigratorRevision(run, revision, hasHealthCheck)
      runMigrator = continuation.runMigrator
      if (continuation.tasks) run.sawTasks(continuation.tasks)
      if (continuation.resumed) run.resumed = continuation.resumed
      const finished = continuation.finishedMigrator
      if (finished) {
        run.migratorTaskDefinitionArn = finished.taskDefinitionArn
        run.migratorTask = finished.task
        if (finished.log) run.migrationLog = finished.log
      }
    }

    if (runMigrator || fromMigrator) {
      if (plan.databaseSnapshot && fromMigrator) {
        run.skip(
          'snapshot',
          "resumed from an earlier run's migrator: the database may be migrated already, so a snapshot now would not be the one from before the migrations"
        )
      } else if (plan.databaseSnapshot && runMigrator) {
        snapshotTaken(run, await runDatabaseSnapshotPhase(run, plan.databaseSnapshot))
      }
      const target = await readScalableTarget(run)
      const scalingBefore =
        record?.scaling ??
        (fromMigrator ? revision.bookkeeping?.scaling : undefined) ??
        leftBehind?.scaling ??
        (target ? suspendedStateOf(target) : undefined)
      const bookkeeping = bookkeepingOf(run, scalingBefore)
      registered(run, await registerTaskDefinitions(run, runMigrator ? bookkeeping : undefined, bookkeeping))
      const cutsDrain = runMigrator && plan.drainSeconds !== undefined
      const raisesPage = runMigrator && plan.maintenancePage !== undefined
      if (!record || (cutsDrain && !record.deregistrationDelays) || (raisesPage && !record.maintenancePage)) {
        record = {
          ...(record ?? recordOf(run.previous, scalingBefore, run.desiredCount)),
          ...(cutsDrain ? await delaysToRecord(run) : {}),
          ...(raisesPage ? { maintenancePage: true } : {})
        }
        await writeSettingsRecord(run, record)
      }
      const suspension = await suspendScaling(run, target, scalingBefore)
      if (suspension.scaling) run.scaling = suspension.scaling
      if (suspension.failure) throw suspension.failure
      if (runMigrator) {
        const page = plan.maintenancePage
        const drain = await runDrainPhase(run, {
          ...(plan.drainSeconds !== undefined ? { drainSeconds: plan.drainSeconds } : {}),
          ...(record.deregistrationDelays ? { delays: record.deregistrationDelays } : {}),
          ...(page
            ? { beforeStop: async () => void (pageRules = await raiseMaintenancePage(run, page)) }
            : {})
        })
        moments = { drainStarted: drain.startedAt, drained: drain.drainedAt, stopped: drain.stoppedAt }
        drained(run, drain)
        migratorSaw(
          run,
          await runMigratorPhase(
            run,
            run.migratorTaskDefinitionArn!,
            plan.migratorTaskDefinition,
            hasHealthCheck
          )
        )
        moments.migratorHealthy = run.now()
        const started = run.migratorTask?.startedAt
        if (started) moments.migratorRunning = new Date(started).getTime()
        // The outage ends when a new target passes its health check: watched beside the fleet step, the page
        // taken down then.
        const pageUp = record.maintenancePage === true
        serving = waitForServingTarget(run, watch.signal).then(async servedAt => {
          if (servedAt !== undefined) moments.targetHealthy = servedAt
          if (pageUp) await takePageDown(run, pageRules)
          run.outage = measuredOutage(moments, serviceTargetGroupArns(run).length > 0)
        })
      } else {
        run.skip('migrator', run.resumed?.from ?? 'no migrations in the release range')
      }
      await runFleetPhase(run, run.fleetTaskDefinitionArn!, hasHealthCheck)
      await serving
    } else {
      registered(run, await registerTaskDefinitions(run, undefined, bookkeepingOf(run, run.scaling.original)))
      await runRollingPhase(run, run.fleetTaskDefinitionArn!, hasHealthCheck)
    }
    await restore(run, false)
    await clearRecord(run, record)
    if (run.healed) run.stateNotes.push(healedNote(run.healed))
    await runHealthCheck(run)
    return rolloutOutcome(run, { result: 'deployed', serving: servingFleet(run, hasHealthCheck) })
  } catch (error) {
    if (error instanceof RolloutFailure && error.kind === 'health-check') {
      run.stateNotes.push(
        `The rollout itself completed: ${versionTag(plan.target.version)} runs on ${revisionOf(run.fleetTaskDefinitionArn)}. The service was left as it is; check what answers at health-url.`
      )
      return rolloutOutcome(run, {
        result: 'failed',
        failure: error,
        serving: servingFleet(run, hasHealthCheck)
      })
    }
    const failure =
      error instanceof RolloutFailure
        ? error
        : new RolloutFailure(
            run.phases.findLast(phase => phase.status !== 'skipped')?.name ?? 'wait-for-idle',
            'api-error',
            errorMessage(error)
          )
    dependencies.log.info(
      quoteUntrusted(`Rollout stopped in the ${failure.phase} phase: `, failure.message, '  | ')
    )
    if (failure.kind !== 'cancelled') noteDiagnostics(run, await collectDiagnostics(run))
    const explained = explainWithStoppedTasks(run, failure)
    const recovery = await recover(run, explained, hasHealthCheck)
    const worded = recovery.evidence ? migratorFailureFromEvidence(explained, recovery.evidence) : explained
    run.stateNotes.push(...recovery.notes)
    if (recovery.migrationsMayHaveRun) run.migrationsMayHaveRun = true
    if (recovery.evidence) run.migratorEvidence = recovery.evidence
    // Superseded: another deploy owns the service now (its migrator may be starting); Auto Scaling stays as it
    // holds it, and the record on the service lets a re-run restore it.
    await restore(run, runsMigrator(run) || failure.kind === 'superseded')
    watch.abort()
    await serving
    // Every exit path, a cancel included: the drain put them back already unless it was cut off mid-call.
    await healDelays(run, record)
    if (record?.maintenancePage) await takePageDown(run, pageRules)
    if (failure.kind !== 'cancelled') await clearRecord(run, record)
    if (failure.kind !== 'cancelled' && run.touched) await refreshFinalState(run)
    return rolloutOutcome(run, { result: recovery.result, failure: worded })
  }
}

/** Keeps the snapshot (its id is an output and the way back), then fails as the step did. */
function snapshotTaken(run: RolloutRun, seen: SnapshotSeen): void {
  if (seen.snapshot) run.databaseSnapshot = seen.snapshot
  if ('failure' in seen) throw seen.failure
}

/** The drain's tasks are the report's last look at the service; a failed drain fails the rollout. */
function drained(run: RolloutRun, seen: DrainSeen): void {
  if (seen.tasks.length > 0) run.sawTasks(seen.tasks)
  if (seen.failure) throw seen.failure
}

/** Keeps what the migrator step saw (recovery judges by it), then fails as the step did. */
function migratorSaw(run: RolloutRun, seen: MigratorSeen): void {
  for (const arn of seen.taskArns) run.migratorTaskArns.add(arn)
  if (seen.task) run.migratorTask = seen.task
  if (seen.log) run.migrationLog = seen.log
  if (seen.mayHaveRun) run.migrationsMayHaveRun = true
  run.stateNotes.push(...seen.notes)
  if ('failure' in seen) throw seen.failure
}

function noteDiagnostics(run: RolloutRun, found: Diagnostics): void {
  if (found.service) run.sawService(found.service)
  if (found.tasks) run.sawTasks(found.tasks)
  if (found.stoppedTasks) run.stoppedTasks = found.stoppedTasks
  if (found.migratorStarted) run.migrationsMayHaveRun = true
  if (found.migratorTask) run.migratorTask = found.migratorTask
  if (found.migrationLog) run.migrationLog = found.migrationLog
}

function registered(run: RolloutRun, revisions: RegisteredRevisions): void {
  // A resumed run that skips its migrator keeps the earlier run's migrator revision.
  if (revisions.migratorTaskDefinitionArn) run.migratorTaskDefinitionArn = revisions.migratorTaskDefinitionArn
  run.fleetTaskDefinitionArn = revisions.fleetTaskDefinitionArn
}

/**
 * The target groups' deregistration delay as recorded before an earlier rollout (or this one) lowered it for the
 * drain: put back wherever it differs. A failure only warns; the record stays for the next run.
 */
async function healDelays(run: RolloutRun, record: SettingsRecord | undefined): Promise<boolean> {
  const { restored, failed } = await restoreDelays(run, record?.deregistrationDelays)
  if (restored.length > 0)
    run.stateNotes.push(
      `The deregistration delay an earlier drain had lowered was put back: ${restored.join(', ')}.`
    )
  if (failed.length > 0)
    run.warn(
      `Could not restore the deregistration delay of ${failed.join(', ')}; the record of your settings stays on the service and the next deploy puts it back.`
    )
  return failed.length === 0
}

/** Deletes this service's maintenance-page rules (this run's and any an earlier run left). */
async function takePageDown(run: RolloutRun, known: readonly string[] = []): Promise<void> {
  const deleted = await removeMaintenancePage(run, known)
  if (deleted !== undefined && deleted > known.length)
    run.stateNotes.push('A maintenance page an earlier rollout left on the listeners was removed.')
  if (deleted !== undefined) run.maintenancePageDown = true
}

/** The user's delays, read before the drain lowers them; unreadable: the drain is not cut (a warning says so). */
async function delaysToRecord(run: RolloutRun): Promise<Pick<SettingsRecord, 'deregistrationDelays'>> {
  try {
    const delays = await readDelays(run, serviceTargetGroupArns(run))
    return delays.length > 0 ? { deregistrationDelays: delays } : {}
  } catch (error) {
    run.warn(
      `Could not read the target groups' deregistration delay (${errorMessage(error)}): the drain is not cut and lasts the full delay.`
    )
    return {}
  }
}

/** Every recorded setting is back (and Auto Scaling with them): the record goes; otherwise it stays for a re-run. */
async function clearRecord(run: RolloutRun, record: SettingsRecord | undefined): Promise<void> {
  if (!record || run.scaling.owed) return
  if (!(await healDelays(run, record))) return
  if (record.maintenancePage && !run.maintenancePageDown) return
  const left = await clearSettingsRecord(run, record)
  if (left.length > 0)
    run.stateNotes.push(
      `The service's ${left.join(', ')} ${left.length === 1 ? 'is' : 'are'} not yet as before the rollout; the record of your settings stays on the service (tags ${'`'}open-webui-ecs-deploy:user-settings.*${'`'}) and the next deploy puts ${left.length === 1 ? 'it' : 'them'} back.`
    )
}

async function restore(run: RolloutRun, serviceRunsMigrator: boolean): Promise<void> {
  const restored = await restoreScaling(run, run.scaling, serviceRunsMigrator)
  run.scaling = restored.scaling
  if (restored.note) run.stateNotes.push(restored.note)
}

/** "tasks failed to start" says little: the most common stopped reason of the failed deployment says why. */
function explainWithStoppedTasks(run: RolloutRun, failure: RolloutFailure): RolloutFailure {
  const top = groupStoppedTasks(run.stoppedTasks ?? [], 1).groups[0]
  if (!top) return failure
  const reason = groupReason(top)
  if (!reason || failure.message.includes(reason)) return failure
  const share =
    top.count === run.stoppedTasks!.length ? `${top.count}` : `${top.count} of ${run.stoppedTasks!.length}`
  return new RolloutFailure(
    failure.phase,
    failure.kind,
    `${asSentence(failure.message)} ${share} stopped task${top.count === 1 ? '' : 's'}: ${reason}.`
  )
}

/** What the registered revisions remember about the service before this rollout changed it. */
function bookkeepingOf(run: RolloutRun, scaling: MigratorBookkeeping['scaling']): MigratorBookkeeping {
  return {
    ...(run.previous.taskDefinitionArn ? { previousTaskDefinitionArn: run.previous.taskDefinitionArn } : {}),
    ...(run.previous.version ? { previousVersion: run.previous.version } : {}),
    desiredCount: run.desiredCount,
    deploymentConfiguration: saveConfiguration(run.previous),
    ...(scaling ? { scaling } : {})
  }
}

async function runHealthCheck(run: RolloutRun): Promise<void> {
  const url = run.settings.healthUrl
  if (!url) return
  await run.phase('health-check', `Checking ${url.origin}${url.pathname}`, async phase => {
    const result = await probeHealth(url, run.plan.target.version, {
      clock: run.ports.clock,
      signal: run.signal,
      fetch: proxiedFetch(run.settings.proxy)
    })
    run.health = result
    phase.note(result.message)
    run.log.info(result.message)
    if (!result.ok && run.cancelled) {
      throw new RolloutFailure('health-check', 'health-check', 'Cancelled before the health check finished.')
    }
    if (!result.ok)
      throw new RolloutFailure('health-check', 'health-check', `The health check failed: ${result.message}`)
    return done(result.message)
  })
}

function servingFleet(run: RolloutRun, hasHealthCheck: boolean): { healthy: number; desired: number } {
  const fleet = (run.lastTasks ?? []).filter(task => task.taskDefinitionArn === run.fleetTaskDefinitionArn)
  return {
    healthy: fleet.filter(task => isServing(task, hasHealthCheck)).length,
    desired: run.lastService?.desiredCount ?? run.desiredCount
  }
}

/** Whether the service is on a migrator revision now: then scaling must stay suspended. */
function runsMigrator(run: RolloutRun): boolean {
  const current = run.lastService?.taskDefinition
  return current !== undefined && run.migratorRevisions.has(current)
}

/** The report shows the service as the rollout left it, after any rollback or hold. */
async function refreshFinalState(run: RolloutRun): Promise<void> {
  try {
    const { ecs } = run.ports
    run.sawService((await ecs.describeService(run.cluster, run.service)) ?? run.lastService)
    run.sawTasks(await serviceTasks(ecs, run.cluster, run.service))
  } catch (error) {
    run.log.debug(`Reading the final state: ${errorMessage(error)}`)
  }
}
