import type { Scenario, EcsTiming } from './scenario.js'
import type { CallRecord, TimelineEntry } from './records.js'

/**
 * The state every simulated service can see. Services keep their own state and reach each other only through
 * these narrow views (ECS reads secrets, pulls images, writes logs, honours scaling limits).
 */
export interface World {
  scenario: Scenario
  region: string
  accountId: string
  timing: EcsTiming
  /** ms since the simulator started (real time). */
  now(): number
  /** `http://127.0.0.1:PORT` and `127.0.0.1:PORT`. */
  url: string
  registryHost: string
  calls: CallRecord[]
  timeline: TimelineEntry[]
  secrets: SecretsView
  logs: LogsView
  autoScaling: AutoScalingView
  registry: RegistryView
  targetGroups: TargetGroupsView
}

export interface SecretsView {
  /** Whether ECS could read this valueFrom (ARN with optional :json-key:stage:id) at task start. */
  canResolve(valueFrom: string): boolean
  /**
   * Why ECS could not fetch it: the Secrets Manager error its agent reports (ResourceNotFoundException ...);
   * undefined when it can. Optional: a view without it gets a generic "can't find the specified secret".
   */
  resolveError?(valueFrom: string): string | undefined
}

export interface LogsView {
  /** Appends events (creating group and stream when missing), as the awslogs driver does. */
  append(logGroup: string, logStream: string, messages: string[]): void
}

export interface AutoScalingView {
  /**
   * Bounds Application Auto Scaling holds the service's desired count to: `min` is 0 while scale-out
   * (DynamicScalingOutSuspended) is suspended, `max` Infinity while scale-in is; undefined when there is no
   * scalable target or both directions are suspended.
   */
  capacityFor(cluster: string, service: string): { min: number; max: number } | undefined
}

export interface RegistryView {
  /** Whether an image reference can be pulled. Images on hosts other than the simulator's are assumed pullable. */
  canPull(image: string): boolean
  /**
   * The tag a digest-only reference (`repo@sha256:...`) was pushed as, when the registry knows it. Optional:
   * the Open WebUI emulation uses it to answer `/api/version` for digest-pinned images.
   */
  tagOf?(image: string): string | undefined
  /** Bytes a pull of the image transfers (config and layers of its amd64 manifest); undefined when unknown. */
  compressedSizeOf?(image: string): number | undefined
}

export interface TargetGroupsView {
  /** Whether the target group ARN exists. */
  exists(targetGroupArn: string): boolean
  /** `deregistration_delay.timeout_seconds` as it is now (300, the ALB default, for a group it does not know). */
  deregistrationDelaySeconds(targetGroupArn: string): number
  /** ECS registers a task's IP and port when the task is RUNNING: the target is `initial` until it is healthy. */
  registerTarget(targetGroupArn: string, target: TargetAddress): void
  /**
   * The task behind the target is up (`healthy`: a new target turns healthy at its first passing health check) or
   * failing (`unhealthy`). `alreadyChecked`: the target passed its checks long ago (a seeded task).
   */
  setTargetHealth(
    targetGroupArn: string,
    target: TargetAddress,
    state: 'healthy' | 'unhealthy',
    alreadyChecked?: boolean
  ): void
  /** ECS deregistered the target: it is `draining` (no new requests) until `removeTarget`. */
  drainTarget(targetGroupArn: string, target: TargetAddress): void
  /** The drain ended: the target is gone from the group. */
  removeTarget(targetGroupArn: string, target: TargetAddress): void
  /** HealthCheckIntervalSeconds of the group (30 when it does not know it). */
  healthCheckIntervalSeconds(targetGroupArn: string): number
}

export interface TargetAddress {
  /** The task's private IP (target type ip). */
  id: string
  port: number
  availabilityZone?: string
}

/** An AWS JSON 1.1 / query error as the SDK sees it. */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400
  ) {
    super(message)
  }
}

/** One simulated AWS service speaking JSON 1.1: the server validates input against the API model first. */
export interface AwsJsonService {
  handle(operation: string, input: Record<string, unknown>): unknown | Promise<unknown>
}

/** An HTTP request to a simulated HTTP service (GitHub REST, OCI registry), as the server hands it over. */
export interface SimRequest {
  method: string
  /**
   * Path inside the service, without its mount point and query: `/repos/o/r/releases` for
   * `GET /github/repos/o/r/releases?page=2`; registry paths keep theirs (`/v2/...`, `/token`).
   */
  path: string
  query: URLSearchParams
  /** Lower-case header names. */
  headers: Record<string, string | undefined>
  /** Raw body text, '' when none. */
  body: string
}

export interface SimResponse {
  status: number
  headers?: Record<string, string>
  /**
   * Objects are sent as JSON (content-type defaults to application/json), strings and Buffers as they are.
   * For HEAD the server sends the headers only, with the content-length of this body unless one is set.
   */
  body?: string | Buffer | object
}

/** One simulated HTTP service (GitHub REST under /github, the OCI registry at /v2/ and /token). */
export interface HttpService {
  handle(request: SimRequest): SimResponse | Promise<SimResponse>
}
