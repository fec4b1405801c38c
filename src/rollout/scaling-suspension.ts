import { errorMessage } from '../errors.js'
import type { ScalableTarget, SuspendedState } from '../ports/autoscaling.js'
import { done } from './phase-log.js'
import { RolloutFailure } from './rollout-failure.js'
import type { RolloutView } from './rollout-run.js'
import type { ScalingRecord } from './scaling-record.js'

const ALL_SUSPENDED: SuspendedState = {
  DynamicScalingInSuspended: true,
  DynamicScalingOutSuspended: true,
  ScheduledScalingSuspended: true
}

export function suspendedStateOf(target: ScalableTarget): SuspendedState {
  return {
    DynamicScalingInSuspended: Boolean(target.SuspendedState?.DynamicScalingInSuspended),
    DynamicScalingOutSuspended: Boolean(target.SuspendedState?.DynamicScalingOutSuspended),
    ScheduledScalingSuspended: Boolean(target.SuspendedState?.ScheduledScalingSuspended)
  }
}

function fullySuspended(state: SuspendedState): boolean {
  return Boolean(
    state.DynamicScalingInSuspended && state.DynamicScalingOutSuspended && state.ScheduledScalingSuspended
  )
}

/**
 * The service's scalable target, read before anything is written. A migration needs it: a minimum capacity
 * above 1 (or a scale-out) during the migrator step would start a second migration-enabled task. When it
 * cannot be read, the rollout cannot keep that promise and stops before writing.
 */
export async function readScalableTarget(run: RolloutView): Promise<ScalableTarget | undefined> {
  try {
    return await run.ports.autoScaling.describeServiceTarget(run.cluster, run.service)
  } catch (error) {
    throw new RolloutFailure(
      'suspend-scaling',
      'api-error',
      `Could not read the service's Application Auto Scaling target (${errorMessage(error)}); it is needed to keep the migrator the only migration-enabled task. Nothing was changed.`
    )
  }
}

/**
 * Suspends dynamic and scheduled scaling for the migrator step. `original` is what to restore: the target's
 * state now, or what a dead earlier run saw before it suspended (from the migrator revision's tags).
 * Returns the scaling record the rollout now keeps (none without a scalable target), with the phase's failure
 * when suspending failed: then no restore is owed.
 */
export async function suspendScaling(
  run: RolloutView,
  target: ScalableTarget | undefined,
  original?: SuspendedState
): Promise<{ scaling?: ScalingRecord; failure?: unknown }> {
  if (!target) {
    run.skip('suspend-scaling', 'no scalable target on the service')
    return {}
  }
  const current = suspendedStateOf(target)
  const scaling: ScalingRecord = { original: original ?? current, owed: !fullySuspended(original ?? current) }
  if (fullySuspended(current)) {
    run.skip('suspend-scaling', `already suspended (min ${target.MinCapacity}, max ${target.MaxCapacity})`)
    return { scaling }
  }
  try {
    await run.phase(
      'suspend-scaling',
      'Suspending Application Auto Scaling for the migrator step',
      async () => {
        try {
          await run.ports.autoScaling.setSuspendedState(run.cluster, run.service, ALL_SUSPENDED)
        } catch (error) {
          throw new RolloutFailure(
            'suspend-scaling',
            'api-error',
            `Could not suspend Application Auto Scaling (${errorMessage(error)}): nothing else was changed.`
          )
        }
        const detail = `min ${target.MinCapacity}, max ${target.MaxCapacity}: dynamic and scheduled scaling suspended`
        run.log.info(detail)
        return done(detail)
      }
    )
  } catch (failure) {
    return { scaling: { ...scaling, owed: false }, failure }
  }
  return { scaling }
}

/**
 * Puts scaling back as it was. Never while the service runs a migrator revision: scaling it up would start a
 * second migration-enabled task, so then it stays suspended and the summary says so. A failed restore is a
 * warning with the command to run: the deploy's own result stands. Returns the record as it is after, and a
 * sentence for the summary when scaling stays suspended.
 */
export async function restoreScaling(
  run: RolloutView,
  scaling: ScalingRecord,
  serviceRunsMigrator: boolean
): Promise<{ scaling: ScalingRecord; note?: string }> {
  const original = scaling.original
  if (!scaling.owed || !original) return { scaling }
  if (serviceRunsMigrator) {
    run.skip('restore-scaling', 'kept suspended: the service runs the migrator revision')
    return {
      scaling: { ...scaling, restored: 'kept-suspended' },
      note: 'Application Auto Scaling stays suspended: the service is on the migrator task definition, and scaling it up would start a second migration-enabled task. A re-run restores it once the fleet runs.'
    }
  }
  return run
    .phase('restore-scaling', 'Restoring Application Auto Scaling', async () => {
      await run.ports.autoScaling.setSuspendedState(run.cluster, run.service, original)
      return done(
        fullySuspended(original) ? 'left suspended, as it was' : `restored (${describeState(original)})`
      )
    })
    .then(
      () => ({ scaling: { ...scaling, owed: false, restored: 'restored' as const } }),
      (error: unknown) => {
        run.warn(
          `Could not restore Application Auto Scaling (${errorMessage(error)}). Restore it with: aws application-autoscaling register-scalable-target --service-namespace ecs --scalable-dimension ecs:service:DesiredCount --resource-id service/${run.cluster}/${run.service} --suspended-state ${JSON.stringify(original)}`
        )
        return { scaling: { ...scaling, restored: 'failed' as const } }
      }
    )
}

function describeState(state: SuspendedState): string {
  const suspended = [
    state.DynamicScalingInSuspended && 'scale-in',
    state.DynamicScalingOutSuspended && 'scale-out',
    state.ScheduledScalingSuspended && 'scheduled'
  ].filter(Boolean)
  // Said of the state the service returns to: "nothing suspended" right after a suspension read as if none happened.
  return suspended.length === 0
    ? 'dynamic and scheduled scaling resumed'
    : `${suspended.join(', ')} still suspended, as before; the rest resumed`
}
