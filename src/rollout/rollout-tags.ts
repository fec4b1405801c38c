import type { SuspendedState } from '../ports/autoscaling.js'
import type { Tag } from '../ports/ecs.js'
import { OWN_TAG_PREFIX } from '../taskdef/own-tags.js'
import {
  formatSavedConfiguration,
  keyValues,
  parseSavedConfiguration,
  type SavedDeploymentConfiguration
} from './deployment-configuration.js'

export type { SavedDeploymentConfiguration }

/**
 * Bookkeeping tags on the task definitions the rollout registers. A re-run after the job died between the
 * migrator and the fleet step finds the service on a migrator revision and reads from its tags what the dead
 * run knew and the service no longer shows: the fleet size, the user's deployment configuration, grace period
 * and capacity provider strategy (deployment-configuration.ts: what each step changes) and the Auto Scaling
 * state (suspended during the step). Fleet revisions carry the same record, so a re-run that finds the service
 * on one with rollout-time settings left behind (a cancel, a lost restore call) can put them back.
 */
export const ROLE_TAG = `${OWN_TAG_PREFIX}role`
export const VERSION_TAG = `${OWN_TAG_PREFIX}version`
const PREVIOUS_TASK_DEFINITION_TAG = `${OWN_TAG_PREFIX}previous-task-definition`
const PREVIOUS_VERSION_TAG = `${OWN_TAG_PREFIX}previous-version`
const DESIRED_COUNT_TAG = `${OWN_TAG_PREFIX}desired-count`
const DEPLOYMENT_CONFIGURATION_TAG = `${OWN_TAG_PREFIX}deployment-configuration`
const SCALING_TAG = `${OWN_TAG_PREFIX}scaling`

export type TaskDefinitionRole = 'migrator' | 'fleet'

/** What a migrator revision remembers about the service before the rollout touched it. */
export interface MigratorBookkeeping {
  previousTaskDefinitionArn?: string
  previousVersion?: string
  desiredCount: number
  deploymentConfiguration?: SavedDeploymentConfiguration
  /** undefined: the service had no scalable target. */
  scaling?: SuspendedState
}

export interface RolloutTags {
  role?: TaskDefinitionRole
  version?: string
  bookkeeping?: MigratorBookkeeping
}

/** The fleet revision: its role and version, and (when given) the same record of the service as a migrator's. */
export function fleetTags(version: string, bookkeeping?: MigratorBookkeeping): Tag[] {
  return [
    { key: ROLE_TAG, value: 'fleet' },
    { key: VERSION_TAG, value: version },
    ...(bookkeeping ? bookkeepingTags(bookkeeping) : [])
  ]
}

export function migratorTags(version: string, bookkeeping: MigratorBookkeeping): Tag[] {
  return [
    { key: ROLE_TAG, value: 'migrator' },
    { key: VERSION_TAG, value: version },
    ...bookkeepingTags(bookkeeping)
  ]
}

function bookkeepingTags(bookkeeping: MigratorBookkeeping): Tag[] {
  const tags: Tag[] = [
    { key: DESIRED_COUNT_TAG, value: String(bookkeeping.desiredCount) },
    { key: SCALING_TAG, value: bookkeeping.scaling ? formatScaling(bookkeeping.scaling) : 'none' }
  ]
  if (bookkeeping.previousTaskDefinitionArn) {
    tags.push({ key: PREVIOUS_TASK_DEFINITION_TAG, value: bookkeeping.previousTaskDefinitionArn })
  }
  if (bookkeeping.previousVersion)
    tags.push({ key: PREVIOUS_VERSION_TAG, value: bookkeeping.previousVersion })
  if (bookkeeping.deploymentConfiguration) {
    tags.push({
      key: DEPLOYMENT_CONFIGURATION_TAG,
      value: formatSavedConfiguration(bookkeeping.deploymentConfiguration)
    })
  }
  return tags
}

export function readRolloutTags(tags: Tag[]): RolloutTags {
  const value = (key: string) => tags.find(tag => tag.key === key)?.value
  const role = value(ROLE_TAG)
  const result: RolloutTags = {}
  if (role === 'migrator' || role === 'fleet') result.role = role
  const version = value(VERSION_TAG)
  if (version) result.version = version
  if (role !== 'migrator' && value(DESIRED_COUNT_TAG) === undefined) return result
  const desiredCount = Number(value(DESIRED_COUNT_TAG))
  const scaling = value(SCALING_TAG)
  const configuration = value(DEPLOYMENT_CONFIGURATION_TAG)
  const previousTaskDefinitionArn = value(PREVIOUS_TASK_DEFINITION_TAG)
  const previousVersion = value(PREVIOUS_VERSION_TAG)
  result.bookkeeping = {
    desiredCount: Number.isInteger(desiredCount) && desiredCount >= 0 ? desiredCount : 1,
    ...(previousTaskDefinitionArn ? { previousTaskDefinitionArn } : {}),
    ...(previousVersion ? { previousVersion } : {}),
    ...(scaling && scaling !== 'none' ? { scaling: parseScaling(scaling) } : {}),
    ...(configuration ? { deploymentConfiguration: parseSavedConfiguration(configuration) } : {})
  }
  return result
}

/** Tag values allow letters, digits, spaces and `_ . : / = + - @`. */
function formatScaling(state: SuspendedState): string {
  return `in=${Boolean(state.DynamicScalingInSuspended)} out=${Boolean(state.DynamicScalingOutSuspended)} scheduled=${Boolean(state.ScheduledScalingSuspended)}`
}

function parseScaling(text: string): SuspendedState {
  const fields = keyValues(text)
  return {
    DynamicScalingInSuspended: fields.in === 'true',
    DynamicScalingOutSuspended: fields.out === 'true',
    ScheduledScalingSuspended: fields.scheduled === 'true'
  }
}
