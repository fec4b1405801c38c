import type { SuspendedState } from '../ports/autoscaling.js'
import type { Tag } from '../ports/ecs.js'
import { OWN_TAG_PREFIX } from '../taskdef/own-tags.js'

/**
 * Bookkeeping tags on the task definitions the rollout registers. A re-run after the job died between the
 * migrator and the fleet step finds the service on a migrator revision and reads from its tags what the dead
 * run knew and the service no longer shows: the fleet size, the user's deployment configuration (the migrator
 * step runs 0/100 without circuit-breaker rollback) and the Auto Scaling state (suspended during the step).
 */
export const ROLE_TAG = `${OWN_TAG_PREFIX}role`
export const VERSION_TAG = `${OWN_TAG_PREFIX}version`
const PREVIOUS_TASK_DEFINITION_TAG = `${OWN_TAG_PREFIX}previous-task-definition`
const PREVIOUS_VERSION_TAG = `${OWN_TAG_PREFIX}previous-version`
const DESIRED_COUNT_TAG = `${OWN_TAG_PREFIX}desired-count`
const DEPLOYMENT_CONFIGURATION_TAG = `${OWN_TAG_PREFIX}deployment-configuration`
const SCALING_TAG = `${OWN_TAG_PREFIX}scaling`

export type TaskDefinitionRole = 'migrator' | 'fleet'

/** The parts of a deployment configuration the migrator step changes, as the user had them. */
export interface SavedDeploymentConfiguration {
  minimumHealthyPercent: number
  maximumPercent: number
  circuitBreaker: boolean
  rollback: boolean
}

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

export function fleetTags(version: string): Tag[] {
  return [
    { key: ROLE_TAG, value: 'fleet' },
    { key: VERSION_TAG, value: version }
  ]
}

export function migratorTags(version: string, bookkeeping: MigratorBookkeeping): Tag[] {
  const tags: Tag[] = [
    { key: ROLE_TAG, value: 'migrator' },
    { key: VERSION_TAG, value: version },
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
      value: formatDeploymentConfiguration(bookkeeping.deploymentConfiguration)
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
  if (role !== 'migrator') return result
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
    ...(configuration ? { deploymentConfiguration: parseDeploymentConfiguration(configuration) } : {})
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

function formatDeploymentConfiguration(configuration: SavedDeploymentConfiguration): string {
  return [
    `min=${configuration.minimumHealthyPercent}`,
    `max=${configuration.maximumPercent}`,
    `breaker=${configuration.circuitBreaker ? 'on' : 'off'}`,
    `rollback=${configuration.rollback ? 'on' : 'off'}`
  ].join(' ')
}

function parseDeploymentConfiguration(text: string): SavedDeploymentConfiguration | undefined {
  const fields = keyValues(text)
  const minimumHealthyPercent = Number(fields.min)
  const maximumPercent = Number(fields.max)
  if (!Number.isFinite(minimumHealthyPercent) || !Number.isFinite(maximumPercent)) return undefined
  return {
    minimumHealthyPercent,
    maximumPercent,
    circuitBreaker: fields.breaker === 'on',
    rollback: fields.rollback === 'on'
  }
}

function keyValues(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split(/\s+/)
      .filter(Boolean)
      .map(pair => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)])
  )
}
