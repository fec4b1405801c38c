import { errorMessage } from '../errors.js'
import type { SuspendedState } from '../ports/autoscaling.js'
import type { Service } from '../ports/ecs.js'
import { leftBehindSettings, restoredSettings } from './deployment-configuration.js'
import { serviceMatchesRecord, settingsOfRecord, type SettingsRecord } from './resume/settings-record.js'
import type { LeftBehind } from './left-behind-state.js'
import type { RolloutView } from './rollout-run.js'
import type { RolloutTags } from './rollout-tags.js'
import { suspendedStateOf } from './scaling-suspension.js'
import { updateServiceSettings } from './start-deployment.js'

function fullySuspended(state: SuspendedState): boolean {
  return Boolean(
    state.DynamicScalingInSuspended && state.DynamicScalingOutSuspended && state.ScheduledScalingSuspended
  )
}

/**
 * Compares the service with what the revision's tags say it was before the rollout that registered it (a
 * fleet revision: the earlier run got as far as the fleet step, then was cancelled, crash-looped, or lost its
 * restore call). Undefined when nothing was left behind or the revision carries no record.
 */
export async function findLeftBehind(
  run: RolloutView,
  tags: RolloutTags,
  service: Service,
  record?: SettingsRecord
): Promise<LeftBehind | undefined> {
  if (record) return leftBehindFromRecord(run, record, service)
  const saved = tags.bookkeeping?.deploymentConfiguration
  if (tags.role !== 'fleet' || !tags.bookkeeping) return undefined
  const settings = saved ? leftBehindSettings(service, saved) : undefined
  const changes = [...(settings?.changes ?? [])]
  let scaling: SuspendedState | undefined
  const savedScaling = tags.bookkeeping.scaling
  if (savedScaling && !fullySuspended(savedScaling)) {
    try {
      const target = await run.ports.autoScaling.describeServiceTarget(run.cluster, run.service)
      if (target && fullySuspended(suspendedStateOf(target))) {
        scaling = savedScaling
        changes.push('Application Auto Scaling suspended')
      }
    } catch (error) {
      run.warn(`Could not read the service's Auto Scaling target: ${errorMessage(error)}`)
    }
  }
  const recorded = tags.bookkeeping.desiredCount
  const primary = service.deployments?.find(deployment => deployment.status === 'PRIMARY')
  const held =
    run.settings.desiredCount === undefined &&
    primary?.rolloutState === 'FAILED' &&
    (service.desiredCount ?? 0) < recorded
  if (held)
    changes.push(
      `desired count ${service.desiredCount ?? 0} on a failed deployment (the fleet is ${recorded})`
    )
  if (changes.length === 0) return undefined
  return {
    changes,
    ...(settings && Object.keys(settings.settings).length > 0 ? { settings: settings.settings } : {}),
    ...(settings?.strategyLeft ? { needsDeployment: true } : {}),
    ...(scaling ? { scaling } : {}),
    ...(held ? { heldBelow: recorded } : {})
  }
}

/**
 * The service carries the record of the user's settings (resume/settings-record.ts): an earlier rollout did not
 * get to put every one back, whatever revision runs now. Each setting that differs comes back; Auto Scaling too.
 */
async function leftBehindFromRecord(
  run: RolloutView,
  record: SettingsRecord,
  service: Service
): Promise<LeftBehind | undefined> {
  const differences = serviceMatchesRecord(service, record)
  const changes = differences.map(name => `${name} (recorded before an earlier rollout)`)
  let scaling: SuspendedState | undefined
  if (record.scaling && !fullySuspended(record.scaling)) {
    try {
      const target = await run.ports.autoScaling.describeServiceTarget(run.cluster, run.service)
      if (target && fullySuspended(suspendedStateOf(target))) {
        scaling = record.scaling
        changes.push('Application Auto Scaling suspended')
      }
    } catch (error) {
      run.warn(`Could not read the service's Auto Scaling target: ${errorMessage(error)}`)
    }
  }
  if (changes.length === 0) return undefined
  const settings = restoredSettings(settingsOfRecord(record))
  return {
    changes,
    ...(differences.some(name => name !== 'capacity provider strategy') ? { settings } : {}),
    ...(scaling ? { scaling } : {}),
    ...(differences.includes('capacity provider strategy') ? { needsDeployment: true } : {})
  }
}

/** The service already runs the right revision: put the left-behind settings back (no deployment starts). */
export async function restoreLeftBehind(run: RolloutView, leftBehind: LeftBehind): Promise<string[]> {
  const failures: string[] = []
  if (leftBehind.settings) {
    try {
      await updateServiceSettings(run, 'fleet', leftBehind.settings)
    } catch (error) {
      failures.push(`the service's settings (${errorMessage(error)})`)
    }
  }
  if (leftBehind.scaling) {
    try {
      await run.ports.autoScaling.setSuspendedState(run.cluster, run.service, leftBehind.scaling)
    } catch (error) {
      failures.push(`Application Auto Scaling (${errorMessage(error)})`)
    }
  }
  return failures
}

export function healedNote(changes: readonly string[]): string {
  return `An earlier rollout of this revision had left rollout-time settings behind (${changes.join('; ')}); they were put back as they were before it.`
}
