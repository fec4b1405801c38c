import type {
  CapacityProviderStrategyItem,
  DeploymentConfiguration,
  UpdateServiceRequest
} from '@aws-sdk/client-ecs'
import type { Service } from '../ports/ecs.js'

/**
 * Everything the rollout changes on the service besides its task definition and desired count, in one place:
 * what the user had (saved before the first write, and carried in the registered revisions' tags), what the
 * migrator step and the fleet step run with, what a restore sends back, and how left-behind settings are
 * recognised on a re-run.
 *
 * - deployment configuration: the migrator step runs 0/100 (every old task stops before the one migrator
 *   starts); both steps keep the circuit breaker on without rollback (ECS would return to the last COMPLETED
 *   deployment: the old image before the fleet, the migrator's revision at full size after it).
 * - health check grace period: raised for the migrator step to cover timeout-minutes, so ECS never replaces the
 *   migrator for failed health checks while Alembic runs (a container health check's startPeriod is capped at
 *   300 s); the user's value comes back with the fleet.
 * - capacity provider strategy: a strategy with FARGATE_SPOT runs the migrator on FARGATE only (a Spot
 *   interruption mid-migration is a half-done migration); the user's strategy comes back with the fleet.
 */

/** The settings the rollout changes, as the user had them before it wrote anything. */
export interface SavedDeploymentConfiguration {
  minimumHealthyPercent: number
  maximumPercent: number
  circuitBreaker: boolean
  rollback: boolean
  /** undefined: recorded by an older version of the action, which did not change it. */
  healthCheckGracePeriodSeconds?: number
  /** The service's strategy; undefined: a launch type (or not recorded). */
  capacityProviderStrategy?: CapacityProviderStrategyItem[]
}

/** The part of an UpdateService request this module decides. */
export type ServiceSettings = Pick<
  UpdateServiceRequest,
  'deploymentConfiguration' | 'healthCheckGracePeriodSeconds' | 'capacityProviderStrategy'
>

/** What the service showed before the rollout: DescribeServices as the rollout saw it first. */
export interface UserSettings {
  deploymentConfiguration?: DeploymentConfiguration
  healthCheckGracePeriodSeconds?: number
  capacityProviderStrategy?: CapacityProviderStrategyItem[]
}

export const SPOT = 'FARGATE_SPOT'
/** After a migrator outlived timeout-minutes: long enough to finish, short enough that a stuck one ends. */
export const LEFT_RUNNING_GRACE_SECONDS = 24 * 60 * 60

export function userSettingsOf(service: Service | undefined): UserSettings {
  return {
    ...(service?.deploymentConfiguration ? { deploymentConfiguration: service.deploymentConfiguration } : {}),
    healthCheckGracePeriodSeconds: service?.healthCheckGracePeriodSeconds ?? 0,
    ...(service?.capacityProviderStrategy?.length
      ? { capacityProviderStrategy: service.capacityProviderStrategy }
      : {})
  }
}

export function saveConfiguration(user: UserSettings): SavedDeploymentConfiguration {
  const configuration = user.deploymentConfiguration
  return {
    minimumHealthyPercent: configuration?.minimumHealthyPercent ?? 100,
    maximumPercent: configuration?.maximumPercent ?? 200,
    circuitBreaker: configuration?.deploymentCircuitBreaker?.enable ?? false,
    rollback: configuration?.deploymentCircuitBreaker?.rollback ?? false,
    healthCheckGracePeriodSeconds: user.healthCheckGracePeriodSeconds ?? 0,
    ...(user.capacityProviderStrategy?.length
      ? { capacityProviderStrategy: user.capacityProviderStrategy.map(copyItem) }
      : {})
  }
}

/** The user's settings again, from what an earlier run saved (its revision's tags) over what the service shows now. */
export function withSavedConfiguration(
  current: UserSettings,
  saved: SavedDeploymentConfiguration | undefined
): UserSettings {
  if (!saved) return current
  // A tag with a grace period also records the strategy (none: a launch type); an older one recorded neither.
  const strategy =
    saved.healthCheckGracePeriodSeconds !== undefined
      ? saved.capacityProviderStrategy
      : current.capacityProviderStrategy
  return {
    deploymentConfiguration: {
      ...current.deploymentConfiguration,
      minimumHealthyPercent: saved.minimumHealthyPercent,
      maximumPercent: saved.maximumPercent,
      deploymentCircuitBreaker: {
        ...current.deploymentConfiguration?.deploymentCircuitBreaker,
        enable: saved.circuitBreaker,
        rollback: saved.rollback
      }
    },
    healthCheckGracePeriodSeconds:
      saved.healthCheckGracePeriodSeconds ?? current.healthCheckGracePeriodSeconds,
    ...(strategy ? { capacityProviderStrategy: strategy } : {})
  }
}

/**
 * The migrator step's deployment configuration: 0/100 at desired count 1 stops every old task before the one
 * migrator starts (old and new code never share the database across a schema change, and ECS never runs two
 * tasks of the service at once). The circuit breaker reports a migrator that keeps failing; its rollback is off
 * so ECS never brings the old image back after migrations may have run, and alarm rollbacks likewise.
 */
export function migratorDeploymentConfiguration(
  current: DeploymentConfiguration | undefined
): DeploymentConfiguration {
  return {
    ...(current?.alarms ? { alarms: { ...current.alarms, rollback: false } } : {}),
    minimumHealthyPercent: 0,
    maximumPercent: 100,
    deploymentCircuitBreaker: { enable: true, rollback: false }
  }
}

/**
 * The fleet step runs with the user's deployment configuration (100/200 by default: the migrator keeps serving
 * until the fleet is healthy) except one thing: circuit-breaker (and alarm) rollback stays off. ECS rolls back
 * to the last COMPLETED deployment, which is now the migrator's task definition at the fleet's desired count:
 * several migration-enabled tasks. The breaker stays on to report a failing fleet; the rollout handles it.
 */
export function fleetDeploymentConfiguration(
  user: DeploymentConfiguration | undefined
): DeploymentConfiguration {
  // min/max always: after the migrator step the service itself is at 0/100.
  return {
    ...user,
    minimumHealthyPercent: user?.minimumHealthyPercent ?? 100,
    maximumPercent: user?.maximumPercent ?? 200,
    ...(user?.alarms ? { alarms: { ...user.alarms, rollback: false } } : {}),
    deploymentCircuitBreaker: { ...user?.deploymentCircuitBreaker, enable: true, rollback: false }
  }
}

/** Long enough for the whole wait: ECS then never replaces the migrator for failed health checks while it migrates. */
export function migratorGracePeriodSeconds(user: UserSettings, timeoutMinutes: number): number {
  return Math.max(user.healthCheckGracePeriodSeconds ?? 0, Math.ceil(timeoutMinutes * 60))
}

export function usesSpot(strategy: CapacityProviderStrategyItem[] | undefined): boolean {
  return (strategy ?? []).some(item => item.capacityProvider === SPOT)
}

/** FARGATE only; the service's own strategy when it has no Spot (and a launch type stays as it is). */
export function migratorCapacityProviderStrategy(
  user: UserSettings
): CapacityProviderStrategyItem[] | undefined {
  if (!usesSpot(user.capacityProviderStrategy)) return undefined
  return [{ capacityProvider: 'FARGATE', weight: 1, base: 0 }]
}

export function migratorSettings(user: UserSettings, timeoutMinutes: number): ServiceSettings {
  const strategy = migratorCapacityProviderStrategy(user)
  return {
    deploymentConfiguration: migratorDeploymentConfiguration(user.deploymentConfiguration),
    healthCheckGracePeriodSeconds: migratorGracePeriodSeconds(user, timeoutMinutes),
    ...(strategy ? { capacityProviderStrategy: strategy } : {})
  }
}

/** The fleet step: the user's grace period and strategy back, circuit-breaker rollback off until it completed. */
export function fleetSettings(user: UserSettings): ServiceSettings {
  return {
    deploymentConfiguration: fleetDeploymentConfiguration(user.deploymentConfiguration),
    ...restoredGraceAndCapacity(user)
  }
}

/**
 * Everything a settings-only UpdateService (which starts no deployment) can put back as the user had it. Not the
 * capacity provider strategy: ECS changes one only with forceNewDeployment, so it travels with the next
 * deployment (restoredStrategy).
 */
export function restoredSettings(user: UserSettings): ServiceSettings {
  return {
    ...(user.deploymentConfiguration ? { deploymentConfiguration: user.deploymentConfiguration } : {}),
    healthCheckGracePeriodSeconds: user.healthCheckGracePeriodSeconds ?? 0
  }
}

/** The user's strategy for a deployment (forceNewDeployment) that puts it back; undefined: nothing to send. */
export function restoredStrategy(user: UserSettings): ServiceSettings {
  const { capacityProviderStrategy } = restoredGraceAndCapacity(user)
  return capacityProviderStrategy ? { capacityProviderStrategy } : {}
}

function restoredGraceAndCapacity(user: UserSettings): ServiceSettings {
  return {
    healthCheckGracePeriodSeconds: user.healthCheckGracePeriodSeconds ?? 0,
    ...(usesSpot(user.capacityProviderStrategy)
      ? { capacityProviderStrategy: user.capacityProviderStrategy!.map(copyItem) }
      : {})
  }
}

/**
 * What a re-run finds left behind by an earlier rollout of the same revision: settings that differ from the
 * saved ones in the direction the rollout changes them (rollback off, breaker on, 0/100, a longer grace
 * period, Spot taken away). A setting the user changed the other way since is theirs and stays.
 */
export function leftBehindSettings(
  service: Service,
  saved: SavedDeploymentConfiguration
): { settings: ServiceSettings; changes: string[]; strategyLeft: boolean } | undefined {
  const changes: string[] = []
  const configuration = service.deploymentConfiguration
  const breaker = configuration?.deploymentCircuitBreaker
  const configurationLeft =
    (saved.rollback && breaker?.rollback === false) ||
    (!saved.circuitBreaker && breaker?.enable === true && breaker.rollback === false) ||
    (configuration?.minimumHealthyPercent === 0 &&
      configuration.maximumPercent === 100 &&
      (saved.minimumHealthyPercent !== 0 || saved.maximumPercent !== 100))
  if (configurationLeft) changes.push(`deployment configuration ${describeConfiguration(configuration)}`)
  const grace = service.healthCheckGracePeriodSeconds ?? 0
  const graceLeft =
    saved.healthCheckGracePeriodSeconds !== undefined && grace > saved.healthCheckGracePeriodSeconds
  if (graceLeft) changes.push(`health check grace period ${grace} s`)
  const spotLeft = usesSpot(saved.capacityProviderStrategy) && !usesSpot(service.capacityProviderStrategy)
  if (spotLeft)
    changes.push(`capacity provider strategy ${describeStrategy(service.capacityProviderStrategy)}`)
  if (changes.length === 0) return undefined
  const user = withSavedConfiguration(userSettingsOf(service), saved)
  // The strategy comes back only with a deployment (forceNewDeployment): the caller rolls out to heal it.
  return {
    changes,
    strategyLeft: spotLeft,
    settings: {
      ...(configurationLeft ? { deploymentConfiguration: user.deploymentConfiguration } : {}),
      ...(graceLeft ? { healthCheckGracePeriodSeconds: saved.healthCheckGracePeriodSeconds } : {})
    }
  }
}

export function describeConfiguration(configuration: DeploymentConfiguration | undefined): string {
  const breaker = configuration?.deploymentCircuitBreaker
  return `${configuration?.minimumHealthyPercent ?? 100}/${configuration?.maximumPercent ?? 200}, circuit breaker ${breaker?.enable ? `on, rollback ${breaker.rollback ? 'on' : 'off'}` : 'off'}`
}

export function describeStrategy(strategy: CapacityProviderStrategyItem[] | undefined): string {
  if (!strategy?.length) return 'launch type'
  return strategy
    .map(item => `${item.capacityProvider} (base ${item.base ?? 0}, weight ${item.weight ?? 0})`)
    .join(' + ')
}

// ---------------------------------------------------------------- tag codec
// Tag values allow letters, digits, spaces and `_ . : / = + - @`, at most 256 characters.

export function formatSavedConfiguration(configuration: SavedDeploymentConfiguration): string {
  return [
    `min=${configuration.minimumHealthyPercent}`,
    `max=${configuration.maximumPercent}`,
    `breaker=${configuration.circuitBreaker ? 'on' : 'off'}`,
    `rollback=${configuration.rollback ? 'on' : 'off'}`,
    ...(configuration.healthCheckGracePeriodSeconds !== undefined
      ? [`grace=${configuration.healthCheckGracePeriodSeconds}`]
      : []),
    ...(configuration.capacityProviderStrategy
      ? [
          `capacity=${configuration.capacityProviderStrategy
            .map(item => `${item.capacityProvider}:${item.base ?? 0}:${item.weight ?? 0}`)
            .join('/')}`
        ]
      : [])
  ].join(' ')
}

export function parseSavedConfiguration(text: string): SavedDeploymentConfiguration | undefined {
  const fields = keyValues(text)
  const minimumHealthyPercent = Number(fields.min)
  const maximumPercent = Number(fields.max)
  if (!Number.isFinite(minimumHealthyPercent) || !Number.isFinite(maximumPercent)) return undefined
  const grace = Number(fields.grace)
  const strategy = parseStrategy(fields.capacity)
  return {
    minimumHealthyPercent,
    maximumPercent,
    circuitBreaker: fields.breaker === 'on',
    rollback: fields.rollback === 'on',
    ...(fields.grace !== undefined && Number.isInteger(grace) && grace >= 0
      ? { healthCheckGracePeriodSeconds: grace }
      : {}),
    ...(strategy ? { capacityProviderStrategy: strategy } : {})
  }
}

function parseStrategy(text: string | undefined): CapacityProviderStrategyItem[] | undefined {
  if (!text) return undefined
  const items = text.split('/').map(part => {
    const [capacityProvider, base, weight] = part.split(':')
    return { capacityProvider, base: Number(base), weight: Number(weight) }
  })
  const valid = items.every(
    item =>
      /^[\w-]+$/.test(item.capacityProvider ?? '') &&
      Number.isInteger(item.base) &&
      Number.isInteger(item.weight)
  )
  return valid && items.length > 0 ? items : undefined
}

export function keyValues(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split(/\s+/)
      .filter(Boolean)
      .map(pair => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)])
  )
}

function copyItem(item: CapacityProviderStrategyItem): CapacityProviderStrategyItem {
  return { capacityProvider: item.capacityProvider, base: item.base ?? 0, weight: item.weight ?? 0 }
}
