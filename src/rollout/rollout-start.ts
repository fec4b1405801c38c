import type { CurrentState } from '../domain/plan.js'
import type { Service } from '../ports/ecs.js'
import { userSettingsOf, withSavedConfiguration, type UserSettings } from './deployment-configuration.js'
import type { LeftBehind } from './left-behind-state.js'
import type { PreviousState } from './previous-state.js'
import type { RolloutTags } from './rollout-tags.js'
import { settingsOfRecord, type SettingsRecord } from './resume/settings-record.js'

/**
 * Where a rollout starts from, resolved once before its first write and never changed after: what a rollback
 * returns to and every exit path restores, the fleet size, and whether an earlier run already got as far as
 * the migrator (then migrations may have run and the old image never comes back).
 */
export interface RolloutStart {
  readonly previous: Readonly<PreviousState>
  readonly desiredCount: number
  /** The service runs a migrator revision of an earlier run. */
  readonly fromMigrator: boolean
  /** Settings an earlier rollout of the revision the service runs left behind, which this run puts back. */
  readonly leftBehind?: LeftBehind
}

export interface StartFacts {
  /** The plan's view of the service (revision, version, count) and the fleet size it chose. */
  current: CurrentState
  planDesiredCount: number
  /** The `desired-count` input, when given: it wins over anything recorded. */
  desiredCountInput?: number
  /** DescribeServices once the service is idle. */
  idle: Service
  /** The bookkeeping tags of the revision the service runs. */
  revision: RolloutTags
  leftBehind?: LeftBehind
  /** The record of the user's settings an earlier rollout left on the service: it wins over everything else. */
  record?: SettingsRecord
}

/**
 * Pure. The service as it is now, unless the revision's tags say an earlier run changed it:
 * - a migrator revision: the earlier run stopped between its steps; its tags hold the service before it
 *   (previous revision and version, fleet size, settings) and that is what this run finishes with;
 * - a fleet revision with settings left behind: the tags' settings are the user's, and a fleet held below
 *   its recorded size goes back to it.
 */
export function resolveStart(facts: StartFacts): RolloutStart {
  const start = startFromRevision(facts)
  const record = facts.record
  if (!record) return start
  // A run that stopped after the drain left the service at desired count 0, one in its migrator step at 1 (kept
  // by someone else's deployment on top of it): a count below the recorded fleet size is the rollout's, never
  // the user's, and the record knows the fleet size.
  const shrunk = record.desiredCount !== undefined && (facts.idle.desiredCount ?? 0) < record.desiredCount
  const heldBelow = facts.desiredCountInput === undefined ? facts.leftBehind?.heldBelow : undefined
  return {
    ...start,
    previous: {
      ...start.previous,
      ...settingsOfRecord(record),
      ...(shrunk ? { desiredCount: record.desiredCount! } : {})
    },
    ...(shrunk && facts.desiredCountInput === undefined ? { desiredCount: record.desiredCount! } : {}),
    ...(heldBelow !== undefined ? { desiredCount: heldBelow } : {})
  }
}

function startFromRevision(facts: StartFacts): RolloutStart {
  const { current, idle, revision, leftBehind } = facts
  const now: PreviousState = {
    ...(current.taskDefinitionArn ? { taskDefinitionArn: current.taskDefinitionArn } : {}),
    ...(current.version ? { version: current.version } : {}),
    desiredCount: idle.desiredCount ?? current.desiredCount,
    ...userSettingsOf(idle)
  }
  const bookkeeping = revision.bookkeeping
  if (revision.role === 'migrator') {
    if (!bookkeeping) return { previous: now, desiredCount: facts.planDesiredCount, fromMigrator: true }
    return {
      previous: {
        ...withSavedConfiguration(settingsOf(now), bookkeeping.deploymentConfiguration),
        ...(bookkeeping.previousTaskDefinitionArn || now.taskDefinitionArn
          ? { taskDefinitionArn: bookkeeping.previousTaskDefinitionArn ?? now.taskDefinitionArn }
          : {}),
        ...(bookkeeping.previousVersion ? { version: bookkeeping.previousVersion } : {}),
        desiredCount: bookkeeping.desiredCount
      },
      desiredCount: facts.desiredCountInput ?? bookkeeping.desiredCount,
      fromMigrator: true
    }
  }
  if (leftBehind && bookkeeping) {
    const held = facts.desiredCountInput === undefined && now.desiredCount < bookkeeping.desiredCount
    return {
      previous: { ...now, ...withSavedConfiguration(settingsOf(now), bookkeeping.deploymentConfiguration) },
      desiredCount: held ? bookkeeping.desiredCount : facts.planDesiredCount,
      fromMigrator: false,
      leftBehind
    }
  }
  return { previous: now, desiredCount: facts.planDesiredCount, fromMigrator: false }
}

function settingsOf(state: PreviousState): UserSettings {
  const { deploymentConfiguration, healthCheckGracePeriodSeconds, capacityProviderStrategy } = state
  return {
    ...(deploymentConfiguration ? { deploymentConfiguration } : {}),
    ...(healthCheckGracePeriodSeconds !== undefined ? { healthCheckGracePeriodSeconds } : {}),
    ...(capacityProviderStrategy ? { capacityProviderStrategy } : {})
  }
}
