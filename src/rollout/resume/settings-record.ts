import type { CapacityProviderStrategyItem, DeploymentConfiguration } from '@aws-sdk/client-ecs'
import type { SuspendedState } from '../../ports/autoscaling.js'
import type { Service, Tag } from '../../ports/ecs.js'
import { OWN_TAG_PREFIX } from '../../taskdef/own-tags.js'
import type { UserSettings } from '../deployment-configuration.js'

/**
 * The user's settings, recorded on the service itself (tags) before the rollout changes any of them, and
 * removed once every one is back. A re-run that finds the record takes it for the user's settings whatever
 * revision the service runs now (someone else's deployment included), so rollout-time values (0/100, rollback
 * off, a long grace period, Spot removed, alarms' rollback off) are never adopted as the user's.
 *
 * Tag values allow letters, digits, spaces and `+ - = . _ : / @`, at most 256 characters each: the record is
 * JSON in base64url, cut into numbered tags. Whole `deploymentConfiguration`, so nothing it holds is lost.
 */
export interface SettingsRecord {
  deploymentConfiguration?: DeploymentConfiguration
  healthCheckGracePeriodSeconds: number
  /** undefined: the service uses a launch type. */
  capacityProviderStrategy?: CapacityProviderStrategyItem[]
  /** Application Auto Scaling's suspended state before the rollout; undefined: no scalable target. */
  scaling?: SuspendedState
  /** The fleet size the rollout was going for (the drain sets the service's count to 0 before the migrator). */
  desiredCount?: number
  /**
   * Each target group's `deregistration_delay.timeout_seconds` before the rollout lowered it for the drain
   * (drain-seconds); every exit path and a re-run put it back.
   */
  deregistrationDelays?: RecordedDelay[]
  /** The rollout puts a maintenance page up on the listeners: every exit path and a re-run take it down. */
  maintenancePage?: boolean
}

export interface RecordedDelay {
  targetGroupArn: string
  seconds: number
}

export const RECORD_TAG_PREFIX = `${OWN_TAG_PREFIX}user-settings.`
const CHUNK = 250
/** 50 tags a resource at most: leave the user most of them. */
const MAX_CHUNKS = 8

export function recordOf(
  user: UserSettings,
  scaling: SuspendedState | undefined,
  desiredCount: number
): SettingsRecord {
  return {
    desiredCount,
    ...(user.deploymentConfiguration ? { deploymentConfiguration: user.deploymentConfiguration } : {}),
    healthCheckGracePeriodSeconds: user.healthCheckGracePeriodSeconds ?? 0,
    ...(user.capacityProviderStrategy?.length
      ? { capacityProviderStrategy: user.capacityProviderStrategy }
      : {}),
    ...(scaling ? { scaling } : {})
  }
}

export function settingsOfRecord(record: SettingsRecord): UserSettings {
  return {
    ...(record.deploymentConfiguration ? { deploymentConfiguration: record.deploymentConfiguration } : {}),
    healthCheckGracePeriodSeconds: record.healthCheckGracePeriodSeconds,
    ...(record.capacityProviderStrategy ? { capacityProviderStrategy: record.capacityProviderStrategy } : {})
  }
}

export function encodeRecord(record: SettingsRecord): Tag[] {
  const text = Buffer.from(JSON.stringify(record)).toString('base64url')
  const chunks: string[] = []
  for (let start = 0; start < text.length; start += CHUNK) chunks.push(text.slice(start, start + CHUNK))
  if (chunks.length > MAX_CHUNKS)
    throw new Error(`the service's settings need ${chunks.length} tags to record`)
  return chunks.map((value, index) => ({ key: `${RECORD_TAG_PREFIX}${index}`, value }))
}

export function recordTagKeys(tags: Tag[]): string[] {
  return tags.map(tag => tag.key ?? '').filter(key => key.startsWith(RECORD_TAG_PREFIX))
}

/** undefined when there is no record, or it is not one this action wrote (then it is ignored, never trusted). */
export function decodeRecord(tags: Tag[]): SettingsRecord | undefined {
  const chunks = tags
    .filter(tag => tag.key?.startsWith(RECORD_TAG_PREFIX))
    .map(tag => ({ index: Number(tag.key!.slice(RECORD_TAG_PREFIX.length)), value: tag.value ?? '' }))
    .sort((a, b) => a.index - b.index)
  if (chunks.length === 0 || chunks.some((chunk, index) => chunk.index !== index)) return undefined
  try {
    const parsed = JSON.parse(
      Buffer.from(chunks.map(chunk => chunk.value).join(''), 'base64url').toString()
    ) as unknown
    return isRecord(parsed) ? parsed : undefined
  } catch {
    return undefined
  }
}

function isRecord(value: unknown): value is SettingsRecord {
  if (!value || typeof value !== 'object') return false
  const record = value as Record<string, unknown>
  return (
    Number.isInteger(record.healthCheckGracePeriodSeconds) &&
    (record.deploymentConfiguration === undefined || typeof record.deploymentConfiguration === 'object') &&
    (record.capacityProviderStrategy === undefined || Array.isArray(record.capacityProviderStrategy)) &&
    (record.scaling === undefined || typeof record.scaling === 'object') &&
    (record.desiredCount === undefined ||
      (Number.isInteger(record.desiredCount) && Number(record.desiredCount) >= 0)) &&
    (record.maintenancePage === undefined || typeof record.maintenancePage === 'boolean') &&
    (record.deregistrationDelays === undefined ||
      (Array.isArray(record.deregistrationDelays) &&
        record.deregistrationDelays.every(
          (delay: unknown) =>
            typeof (delay as RecordedDelay)?.targetGroupArn === 'string' &&
            /^arn:aws[a-z-]*:elasticloadbalancing:/.test((delay as RecordedDelay).targetGroupArn) &&
            Number.isInteger((delay as RecordedDelay).seconds) &&
            (delay as RecordedDelay).seconds >= 0 &&
            (delay as RecordedDelay).seconds <= 3600
        )))
  )
}

/**
 * Whether the service shows every recorded setting again (what ECS fills in by itself, such as an absent
 * `strategy` read back as ROLLING, does not count as a difference). The record is removed only then.
 */
export function serviceMatchesRecord(service: Service, record: SettingsRecord): string[] {
  const differences: string[] = []
  const want = record.deploymentConfiguration ?? {}
  const have = service.deploymentConfiguration ?? {}
  const breaker = (configuration: DeploymentConfiguration) => ({
    enable: configuration.deploymentCircuitBreaker?.enable ?? false,
    rollback: configuration.deploymentCircuitBreaker?.rollback ?? false
  })
  const alarms = (configuration: DeploymentConfiguration) => ({
    enable: configuration.alarms?.enable ?? false,
    rollback: configuration.alarms?.rollback ?? false,
    alarmNames: [...(configuration.alarms?.alarmNames ?? [])].sort()
  })
  if ((want.minimumHealthyPercent ?? 100) !== (have.minimumHealthyPercent ?? 100))
    differences.push('minimum healthy percent')
  if ((want.maximumPercent ?? 200) !== (have.maximumPercent ?? 200)) differences.push('maximum percent')
  if (JSON.stringify(breaker(want)) !== JSON.stringify(breaker(have))) differences.push('circuit breaker')
  if (JSON.stringify(alarms(want)) !== JSON.stringify(alarms(have))) differences.push('alarms')
  // The strategy and its own settings (bake time, hooks, traffic steps): a rollout across a schema change runs
  // ROLLING, so a blue/green, linear or canary service must show them again before the record goes.
  if ((want.strategy ?? 'ROLLING') !== (have.strategy ?? 'ROLLING')) differences.push('deployment strategy')
  const lifecycle = (configuration: DeploymentConfiguration) =>
    JSON.stringify([
      configuration.bakeTimeInMinutes ?? 0,
      configuration.lifecycleHooks ?? [],
      configuration.linearConfiguration ?? {},
      configuration.canaryConfiguration ?? {}
    ])
  if (want.strategy && want.strategy !== 'ROLLING' && lifecycle(want) !== lifecycle(have))
    differences.push('blue/green settings')
  if (record.healthCheckGracePeriodSeconds !== (service.healthCheckGracePeriodSeconds ?? 0))
    differences.push('health check grace period')
  const strategy = (items: CapacityProviderStrategyItem[] | undefined) =>
    JSON.stringify((items ?? []).map(item => [item.capacityProvider, item.base ?? 0, item.weight ?? 0]))
  if (
    record.capacityProviderStrategy &&
    strategy(record.capacityProviderStrategy) !== strategy(service.capacityProviderStrategy)
  )
    differences.push('capacity provider strategy')
  return differences
}
