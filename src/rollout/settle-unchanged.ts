import { errorMessage } from '../errors.js'
import type { Plan } from '../domain/plan.js'
import { waitForIdleService } from './concurrency-guard.js'
import { findLeftBehind, healedNote, restoreLeftBehind } from './left-behind.js'
import { readCurrentRevision } from './resume.js'
import type { RolloutDependencies } from './rollout-dependencies.js'
import { RolloutRun } from './rollout-run.js'
import { clearSettingsRecord, readSettingsRecord } from './resume/record-on-service.js'

/** rollout: the earlier rollout held the fleet on a failed deployment; only a new deployment brings it back. */
export type SettledState =
  | { settled: true; note?: string; healed?: string; rollout?: boolean }
  | { settled: false; phase: string; message: string }

/**
 * The service already runs the rendered task definition, but its deployment may still be rolling out (a run
 * cancelled during the fleet step, or another deploy of the same revision). `unchanged` must mean "running and
 * done", so wait for that deployment within the timeout and report how it ended. Then, when the rollout that
 * registered this revision left its settings behind (circuit-breaker rollback off, a raised grace period,
 * FARGATE-only, Auto Scaling suspended), put them back: that is a change, reported as `healed`.
 */
export async function settleUnchangedService(
  plan: Plan,
  dependencies: RolloutDependencies
): Promise<SettledState> {
  const busy = plan.current.deploymentsInProgress.length > 0
  const run = new RolloutRun(plan, dependencies)
  let note: string | undefined
  try {
    const service = await waitForIdleService(run)
    if (busy) {
      const primary = service.deployments?.find(deployment => deployment.status === 'PRIMARY')
      if (primary?.rolloutState === 'FAILED') {
        return {
          settled: false,
          phase: 'wait-for-idle',
          message: `The deployment of this task definition (${primary.id}) FAILED: ${primary.rolloutStateReason ?? 'no reason given'}`
        }
      }
      note = `Waited for deployment ${primary?.id ?? ''} of this task definition to complete.`
    }
    const record = await readSettingsRecord(run)
    const leftBehind = await findLeftBehind(run, await readCurrentRevision(run), service, record)
    if (!leftBehind) {
      if (record) await clearSettingsRecord(run, record)
      return { settled: true, ...(note ? { note } : {}) }
    }
    if (leftBehind.heldBelow !== undefined || leftBehind.needsDeployment)
      return { settled: true, rollout: true }
    const failures = await restoreLeftBehind(run, leftBehind)
    if (failures.length > 0) {
      return {
        settled: false,
        phase: 'restore-settings',
        message: `An earlier rollout left settings behind (${leftBehind.changes.join('; ')}) and restoring them failed: ${failures.join('; ')}. Re-run the deploy to try again.`
      }
    }
    if (record) await clearSettingsRecord(run, record)
    return { settled: true, ...(note ? { note } : {}), healed: healedNote(leftBehind.changes) }
  } catch (error) {
    return { settled: false, phase: 'wait-for-idle', message: errorMessage(error) }
  }
}
