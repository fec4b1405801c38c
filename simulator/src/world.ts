import type { Scenario, EcsTiming } from './scenario.js'
import type { CallRecord, TimelineEntry } from './simulator.js'

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
}

export interface LogsView {
  /** Appends events (creating group and stream when missing), as the awslogs driver does. */
  append(logGroup: string, logStream: string, messages: string[]): void
}

export interface AutoScalingView {
  /** Capacity bounds ECS must respect for the service, or undefined when no target or scaling is suspended. */
  capacityFor(cluster: string, service: string): { min: number; max: number } | undefined
}

export interface RegistryView {
  /** Whether an image reference can be pulled. Images on hosts other than the simulator's are assumed pullable. */
  canPull(image: string): boolean
}

export interface TargetGroupsView {
  /** Whether the target group ARN exists. */
  exists(targetGroupArn: string): boolean
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
