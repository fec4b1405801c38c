/**
 * The full outage of a migrating upgrade, predicted part by part from the live settings. Every old task must be
 * STOPPED before the migrator starts, and with every target draining the load balancer answers 503, so Open
 * WebUI is down from the first deregistration until the migrator's target passes a health check:
 *
 * - drain: the longest deregistration delay of the service's target groups (or `drain-seconds`, which the rollout
 *   lowers it to for the drain); Open WebUI's websockets keep a draining target busy to the end;
 * - stop: the container's stopTimeout (SIGTERM, then SIGKILL);
 * - start: Fargate provisioning, the pull of the whole image (Fargate caches no layers) and Open WebUI's start;
 * - the migration itself, which nobody can predict;
 * - health check: a new target must pass one health check before it gets traffic, up to one interval.
 *
 * A rolling upgrade keeps old tasks serving until new ones are healthy: no outage.
 */
export interface OutageTargetGroup {
  name: string
  deregistrationDelaySeconds: number
  /** HealthCheckIntervalSeconds (30, the ALB default, when unknown). */
  healthCheckIntervalSeconds?: number
}

export interface OutageInputs {
  targetGroups: OutageTargetGroup[]
  /** `drain-seconds`: the delay the rollout lowers each group to during the drain; `keep` leaves them alone. */
  drainSeconds: number | 'keep'
  stopTimeoutSeconds: number
  /** The image's compressed size from its registry manifest (config and layers of linux/amd64). */
  imageBytes?: number
}

export type OutagePart = 'drain' | 'stop' | 'start' | 'health-check'

export interface ExpectedOutage {
  parts: { part: OutagePart; seconds: number; basis: string }[]
  /** The parts' sum: the outage is this plus the migration. */
  seconds: number
}

/** Assumed Fargate pull rate: reports of a 2.7 GB image taking about 55 s. */
export const ASSUMED_PULL_BYTES_PER_SECOND = 50_000_000
/** Assumed Fargate provisioning (network interface, PENDING before the pull). */
export const ASSUMED_PROVISIONING_SECONDS = 15
/** Assumed Open WebUI start before its port opens, migrations aside. */
export const ASSUMED_OPEN_WEBUI_START_SECONDS = 30
const DEFAULT_HEALTH_CHECK_INTERVAL_SECONDS = 30

export function expectedOutage(inputs: OutageInputs): ExpectedOutage {
  const drain = drainPart(inputs)
  const pull =
    inputs.imageBytes === undefined ? undefined : Math.ceil(inputs.imageBytes / ASSUMED_PULL_BYTES_PER_SECOND)
  const start = ASSUMED_PROVISIONING_SECONDS + (pull ?? 0) + ASSUMED_OPEN_WEBUI_START_SECONDS
  const startBasis =
    pull === undefined
      ? `image size unknown: provisioning ${ASSUMED_PROVISIONING_SECONDS} s and Open WebUI's start ${ASSUMED_OPEN_WEBUI_START_SECONDS} s, plus the pull`
      : `provisioning ${ASSUMED_PROVISIONING_SECONDS} s, pull of ${formatBytes(inputs.imageBytes!)} at an assumed ${ASSUMED_PULL_BYTES_PER_SECOND / 1_000_000} MB/s ${pull} s (Fargate caches no layers), Open WebUI's start ${ASSUMED_OPEN_WEBUI_START_SECONDS} s`
  const interval = Math.max(
    0,
    ...inputs.targetGroups.map(
      group => group.healthCheckIntervalSeconds ?? DEFAULT_HEALTH_CHECK_INTERVAL_SECONDS
    )
  )
  const parts: ExpectedOutage['parts'] = [
    drain,
    {
      part: 'stop',
      seconds: inputs.stopTimeoutSeconds,
      basis: `container stopTimeout ${inputs.stopTimeoutSeconds} s`
    },
    { part: 'start', seconds: start, basis: startBasis },
    {
      part: 'health-check',
      seconds: interval,
      basis:
        inputs.targetGroups.length === 0
          ? 'no load balancer'
          : `a new target must pass one health check: up to one interval, ${interval} s`
    }
  ]
  return { parts, seconds: parts.reduce((sum, part) => sum + part.seconds, 0) }
}

function drainPart(inputs: OutageInputs): ExpectedOutage['parts'][number] {
  if (inputs.targetGroups.length === 0) return { part: 'drain', seconds: 0, basis: 'no target group' }
  const longest = inputs.targetGroups.reduce((a, b) =>
    b.deregistrationDelaySeconds > a.deregistrationDelaySeconds ? b : a
  )
  if (inputs.drainSeconds === 'keep' || inputs.drainSeconds >= longest.deregistrationDelaySeconds) {
    return {
      part: 'drain',
      seconds: longest.deregistrationDelaySeconds,
      basis: `deregistration delay ${longest.deregistrationDelaySeconds} s of ${longest.name}${inputs.drainSeconds === 'keep' ? ' (drain-seconds: keep)' : ''}`
    }
  }
  return {
    part: 'drain',
    seconds: inputs.drainSeconds,
    basis: `drain-seconds ${inputs.drainSeconds} s (deregistration delay ${longest.deregistrationDelaySeconds} s of ${longest.name}, lowered for the drain)`
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${Math.round(bytes / 1e6)} MB`
}

/** `about 6 min 25 s plus the migration` */
export function describeOutageTotal(outage: ExpectedOutage): string {
  return `about ${formatSeconds(outage.seconds)} plus the migration`
}

export function formatSeconds(seconds: number): string {
  const whole = Math.round(seconds)
  if (whole < 60) return `${whole} s`
  const minutes = Math.floor(whole / 60)
  const rest = whole % 60
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`
}

export const OUTAGE_PART_LABELS: Record<OutagePart | 'migration', string> = {
  drain: 'Drain',
  stop: 'Stop',
  start: 'Migrator start',
  migration: 'Migration',
  'health-check': 'First passing health check'
}
