import type { TaskBehaviour } from '../scenario.js'

/**
 * The engine's own state. Times are simulator milliseconds (World.now()); views turn them into the epoch
 * seconds the JSON 1.1 wire format carries.
 */

export interface TaskDefinitionRecord {
  arn: string
  family: string
  revision: number
  status: 'ACTIVE' | 'INACTIVE'
  /** The TaskDefinition as DescribeTaskDefinition returns it (defaults filled in), without timestamps. */
  body: Record<string, unknown>
  tags: { key: string; value: string }[]
  registeredAt: number
  deregisteredAt?: number
}

export interface ClusterRecord {
  name: string
  arn: string
  status: 'ACTIVE' | 'INACTIVE'
  services: Map<string, ServiceRecord>
  /** Every task of the cluster (service and standalone), in launch order. */
  tasks: TaskRecord[]
}

export interface DeploymentConfig {
  minimumHealthyPercent: number
  maximumPercent: number
  deploymentCircuitBreaker: {
    enable: boolean
    rollback: boolean
    resetOnHealthyTask?: boolean
    thresholdConfiguration?: { type: string; value: number }
  }
  /** Anything else the caller sent (alarms, strategy, ...), echoed back. */
  extra: Record<string, unknown>
}

export interface CapacityProviderStrategyItem {
  capacityProvider: string
  weight: number
  base: number
}

export type ServiceStatus = 'ACTIVE' | 'DRAINING' | 'INACTIVE'

export interface ServiceRecord {
  name: string
  arn: string
  cluster: ClusterRecord
  status: ServiceStatus
  desiredCount: number
  deploymentConfiguration: DeploymentConfig
  /** `deploymentController.type`: ECS (rolling, or ECS's own blue/green, linear, canary), CODE_DEPLOY, EXTERNAL. */
  deploymentController: 'ECS' | 'CODE_DEPLOY' | 'EXTERNAL'
  loadBalancers: Record<string, unknown>[]
  networkConfiguration?: Record<string, unknown>
  launchType: string
  /** Set instead of a launch type: tasks are placed by base and weight (FARGATE, FARGATE_SPOT). */
  capacityProviderStrategy?: CapacityProviderStrategyItem[]
  /** Seconds after a task started during which the scheduler ignores failed health checks (default 0). */
  healthCheckGracePeriodSeconds: number
  platformVersion: string
  createdAt: number
  /** PRIMARY first, then ACTIVE ones newest first; INACTIVE ones are dropped once drained. */
  deployments: DeploymentRecord[]
  /** Every deployment that ever reached COMPLETED, newest last: the circuit breaker rolls back to the last. */
  completedHistory: DeploymentRecord[]
  serviceDeployments: ServiceDeploymentRecord[]
  /** Newest first, capped. */
  events: ServiceEventRecord[]
  /** True once "has reached a steady state" was said for the current state; any change clears it. */
  steady: boolean
  tags: { key: string; value: string }[]
  /** Set by a test: the scheduler cannot place this service's tasks, for this reason. */
  placementFailure?: string
  /** When the scheduler last tried (and failed) to place a task; attempts are spaced like task starts. */
  lastPlacementAttempt?: number
  /** Per load balancer entry: the target group that carries production traffic now (flips after blue/green). */
  productionTargetGroups?: string[]
}

export type RolloutState = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED'

export interface DeploymentRecord {
  id: string
  status: 'PRIMARY' | 'ACTIVE' | 'INACTIVE'
  taskDefinitionArn: string
  desiredCount: number
  failedTasks: number
  rolloutState: RolloutState
  rolloutStateReason: string
  createdAt: number
  updatedAt: number
  networkConfiguration?: Record<string, unknown>
  /** The service's strategy when the deployment started: its tasks are placed by it. */
  capacityProviderStrategy?: CapacityProviderStrategyItem[]
  /** The service deployment this deployment carries out (a rollback deployment carries its failed one's). */
  serviceDeployment: ServiceDeploymentRecord
  /** Set on a circuit-breaker rollback: the deployment it returns to. */
  rollbackOf?: DeploymentRecord
  /** A seeded deployment stays IN_PROGRESS until this time. */
  holdUntil?: number
  /** Rollback requested by the circuit breaker, carried out on the next tick. */
  rollbackPending?: boolean
  /** Set when the deployment runs ECS's BLUE_GREEN, LINEAR or CANARY strategy (lifecycle-deployments.ts). */
  lifecycle?: LifecycleState
}

export type LifecycleStrategy = 'BLUE_GREEN' | 'LINEAR' | 'CANARY'

/** The deployment lifecycle stages, in the order ECS goes through them (API reference, ServiceDeployment). */
export const LIFECYCLE_STAGES = [
  'RECONCILE_SERVICE',
  'PRE_SCALE_UP',
  'SCALE_UP',
  'POST_SCALE_UP',
  'TEST_TRAFFIC_SHIFT',
  'POST_TEST_TRAFFIC_SHIFT',
  'PRODUCTION_TRAFFIC_SHIFT',
  'POST_PRODUCTION_TRAFFIC_SHIFT',
  'BAKE_TIME',
  'CLEAN_UP'
] as const
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number]

export interface LifecycleState {
  strategy: LifecycleStrategy
  stage: LifecycleStage
  stageSince: number
  /** The revision serving production traffic when the deployment started (blue). */
  source?: DeploymentRecord
  /** Share of production traffic on the green revision, 0..100. */
  productionPercent: number
  /** Every share production traffic took, with when (the simulator's own record). */
  trafficHistory: { percent: number; at: number }[]
  /** When the next traffic step of a LINEAR or CANARY shift is due. */
  nextShiftAt?: number
  /** A lifecycle hook of the current stage is running until then. */
  hookUntil?: number
  /** The target group each of the service's load balancers routes green tasks to (the alternate one). */
  greenTargetGroups: string[]
}

export type ServiceDeploymentStatus =
  | 'PENDING'
  | 'IN_PROGRESS'
  | 'SUCCESSFUL'
  | 'STOPPED'
  | 'STOP_REQUESTED'
  | 'ROLLBACK_REQUESTED'
  | 'ROLLBACK_IN_PROGRESS'
  | 'ROLLBACK_SUCCESSFUL'
  | 'ROLLBACK_FAILED'

export interface ServiceDeploymentRecord {
  arn: string
  service: ServiceRecord
  /** The service revision this deployment rolls out (`service-revision/cluster/service/<digits>`). */
  targetRevisionArn: string
  targetTaskDefinitionArn: string
  /** Revisions that were running when it started, with their task counts then. */
  sourceRevisions: {
    arn: string
    requestedTaskCount: number
    runningTaskCount: number
    pendingTaskCount: number
  }[]
  status: ServiceDeploymentStatus
  statusReason?: string
  createdAt: number
  startedAt: number
  updatedAt: number
  finishedAt?: number
  stoppedAt?: number
  deploymentConfiguration: DeploymentConfig
  rollback?: { reason: string; startedAt: number; serviceRevisionArn: string }
  /** BLUE_GREEN, LINEAR and CANARY deployments: the stage ECS reports. */
  lifecycleStage?: LifecycleStage
  /** Every stage entered, with when: the simulator's own record (the API shows only the current one). */
  stageHistory?: { stage: LifecycleStage; at: number }[]
  circuitBreaker: {
    status: 'DISABLED' | 'MONITORING' | 'MONITORING_COMPLETE' | 'TRIGGERED'
    failureCount: number
    threshold: number
  }
}

export interface TaskTarget {
  targetGroupArn: string
  port: number
  /** The service event for this change was written ("registered ... targets", "deregistered ... targets"). */
  registrationAnnounced: boolean
  drainAnnounced: boolean
}

export interface ServiceEventRecord {
  id: string
  createdAt: number
  message: string
}

export type TaskLastStatus =
  'PROVISIONING' | 'PENDING' | 'RUNNING' | 'DEACTIVATING' | 'STOPPING' | 'DEPROVISIONING' | 'STOPPED'
export type HealthStatus = 'UNKNOWN' | 'HEALTHY' | 'UNHEALTHY'

export interface ContainerRecord {
  name: string
  image: string
  essential: boolean
  hasHealthCheck: boolean
  environment: Record<string, string>
  lastStatus: 'PENDING' | 'RUNNING' | 'STOPPED'
  healthStatus: HealthStatus
  exitCode?: number
  reason?: string
  runtimeId: string
  logs?: { group: string; stream: string }
}

/** What this task will do, decided when it is launched (scenario behaviour plus world checks). */
export interface TaskPlan {
  behaviour?: TaskBehaviour
  startFailure?: { stopCode: string; stoppedReason: string; containerReason: string }
  exitAfterMs?: number
  exitCode: number
  healthy: boolean
  healthyAfterMs: number
  migrationsEnabled: boolean
  /** A slow migration: its upgrade lines are written only when it ends, this long after RUNNING. */
  migrationMs?: number
  migrationError?: string
  databaseUnreachable?: TaskBehaviour['databaseUnreachable']
  logLines: string[]
}

export interface TaskRecord {
  seq: number
  id: string
  arn: string
  cluster: ClusterRecord
  service?: ServiceRecord
  deployment?: DeploymentRecord
  taskDefinition: TaskDefinitionRecord
  group: string
  startedBy?: string
  /** FARGATE or FARGATE_SPOT when the task was placed by a capacity provider strategy. */
  capacityProviderName?: string
  cpu: string
  memory: string
  availabilityZone: string
  privateIp: string
  lastStatus: TaskLastStatus
  desiredStatus: 'RUNNING' | 'STOPPED'
  healthStatus: HealthStatus
  containers: ContainerRecord[]
  /** The container the scenario's behaviour and Open WebUI facts apply to. */
  appContainer: ContainerRecord
  plan: TaskPlan
  hasHealthCheck: boolean
  createdAt: number
  /** When the current lastStatus began: transitions follow the plan's durations from here. */
  statusSince: number
  pullStartedAt?: number
  pullStoppedAt?: number
  startedAt?: number
  /** Counted healthy by the scheduler (health check passed, or RUNNING long enough without one). */
  healthyAt?: number
  unhealthyAt?: number
  stoppingAt?: number
  stoppedAt?: number
  /** Load balancer targets (IP and container port in each target group of the service), once RUNNING. */
  targets: TaskTarget[]
  /** How long DEACTIVATING lasts: the longest deregistration delay of its target groups when the drain began. */
  drainMs?: number
  executionStoppedAt?: number
  stopCode?: string
  stoppedReason?: string
  /** Stopped for a reason the circuit breaker counts (failed to start, exited or failed health checks). */
  failed: boolean
  overrides: Record<string, unknown>
  tags: { key: string; value: string }[]
}
