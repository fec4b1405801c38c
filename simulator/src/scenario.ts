/**
 * A scenario seeds the simulator: what exists in GitHub, the registry, Secrets Manager and ECS when it starts,
 * how tasks of a given image behave, and which faults to inject. Everything is optional.
 */

export type SimulatedService =
  | 'ecs'
  | 'secretsmanager'
  | 'logs'
  | 'autoscaling'
  | 'elbv2'
  | 'ecr'
  | 'rds'
  | 'github'
  | 'registry'
  | 'openwebui'
  | 'alb'

export interface Scenario {
  /** Seeds the simulator's random choices (fault probabilities). Default: a fixed seed, so runs repeat. */
  seed?: number
  /** Default `us-east-1`. */
  region?: string
  /** Default `123456789012`. */
  accountId?: string
  github?: GitHubSeed
  registry?: RegistrySeed
  secrets?: SecretSeed[]
  ecs?: EcsSeed
  autoScaling?: ScalableTargetSeed[]
  targetGroups?: TargetGroupSeed[]
  /** Application Load Balancers with their listeners (each forwards to a target group by default). */
  loadBalancers?: LoadBalancerSeed[]
  /** RDS DB instances and Aurora clusters, and how long their snapshots take. */
  rds?: RdsSeed
  /** First match wins; tasks matching none start, pass health checks and write a clean migration log. */
  taskBehaviours?: TaskBehaviour[]
  /**
   * `fast` (default): tens of ms per state, the tests' clock. `aws-defaults`: AWS's defaults on a scaled clock
   * (deregistration delay 300 s, stopTimeout 30 s, image pull by size, Open WebUI start 30 s, health check interval
   * 30 s), for the demo, the outage e2e tests and the benchmark. `timing` overrides either.
   */
  timingProfile?: 'fast' | 'aws-defaults'
  timing?: Partial<EcsTiming>
  faults?: FaultRule[]
}

// ---------------------------------------------------------------- GitHub
export interface GitHubSeed {
  /** Token -> identity. `app` tokens (like GITHUB_TOKEN) get 403 on GET /user. Unknown tokens get 401. */
  tokens?: Record<string, { login: string; kind: 'app' | 'user'; readOnly?: boolean }>
  /** Keyed by `owner/name`. */
  repositories?: Record<string, RepositorySeed>
}

export interface RepositorySeed {
  /** Default `main`. */
  defaultBranch?: string
  releases?: ReleaseSeed[]
  /**
   * Files by ref (branch name or tag): path -> text. Folders are implied by the paths. Branches named here
   * get a commit each; tags named here exist as tags.
   */
  files?: Record<string, Record<string, string>>
  pullRequests?: PullRequestSeed[]
  /** Comments on issues/pull requests. */
  comments?: { issueNumber: number; login: string; body: string }[]
  labels?: string[]
  /** Branches that reject pushes (422/403 as GitHub answers for protected branches). */
  protectedBranches?: string[]
  /** False reproduces "GitHub Actions is not permitted to create or approve pull requests" (403). Default true. */
  allowActionsToCreatePullRequests?: boolean
}

export interface ReleaseSeed {
  tag: string
  name?: string
  draft?: boolean
  prerelease?: boolean
  /** ISO timestamp; default: now minus the release's position in days. Drafts have none. */
  publishedAt?: string
  body?: string
}

export interface PullRequestSeed {
  number?: number
  title: string
  body?: string
  head: string
  base?: string
  state?: 'open' | 'closed'
  /** `owner/name` of the head repository; differs from the base for a fork. */
  headRepository?: string
  author?: string
  labels?: string[]
}

// ---------------------------------------------------------------- registry
export interface RegistrySeed {
  /** Keyed by repository path (`open-webui/open-webui`): tag -> manifest. A missing digest is derived from the tag. */
  repositories?: Record<
    string,
    Record<string, { digest?: string; mediaType?: string; compressedSizeBytes?: number }>
  >
}

// ---------------------------------------------------------------- Secrets Manager
export interface SecretSeed {
  name: string
  /** The value: tests put canaries here, the action must never read or print it. */
  value?: string
  /** Scheduled for deletion. */
  deleted?: boolean
  /**
   * Versions besides the current one (which always holds AWSCURRENT), e.g. `{ versionId, stages: ['AWSPREVIOUS'] }`
   * after a rotation; a version with no stages is deprecated. Default: none.
   */
  otherVersions?: { versionId: string; stages: string[] }[]
}

// ---------------------------------------------------------------- ECS
export interface EcsSeed {
  clusters?: ClusterSeed[]
}

export interface ClusterSeed {
  name: string
  status?: 'ACTIVE' | 'INACTIVE'
  services?: ServiceSeed[]
}

export interface ServiceSeed {
  name: string
  /** A RegisterTaskDefinition request (family, containerDefinitions, cpu, memory, ...), plus optional tags. */
  taskDefinition: Record<string, unknown> & { tags?: { key: string; value: string }[] }
  desiredCount: number
  /** Default 100/200, circuit breaker enabled with rollback; `strategy` ROLLING unless BLUE_GREEN, LINEAR, CANARY. */
  deploymentConfiguration?: Record<string, unknown>
  /** `deploymentController.type`; default ECS. CODE_DEPLOY services refuse task definition changes in UpdateService. */
  deploymentController?: 'ECS' | 'CODE_DEPLOY' | 'EXTERNAL'
  /** ECS loadBalancers entries (targetGroupArn, containerName, containerPort). */
  loadBalancers?: Record<string, unknown>[]
  status?: 'ACTIVE' | 'DRAINING' | 'INACTIVE'
  /** ECS capacityProviderStrategy entries (FARGATE, FARGATE_SPOT); the service then has no launch type. */
  capacityProviderStrategy?: { capacityProvider: string; weight?: number; base?: number }[]
  /** Default 0. */
  healthCheckGracePeriodSeconds?: number
  /** Start with this deployment already IN_PROGRESS for this long (ms of simulated time), for concurrency tests. */
  inProgressForMs?: number
}

/** How the simulated container of a task behaves. `match` fields must all hold. */
export interface TaskBehaviour {
  match: {
    /** Substring of the Open WebUI container image, e.g. `v0.6.6`. */
    image?: string
    /** Environment values of the container, e.g. { ENABLE_DB_MIGRATIONS: 'true' }. */
    environment?: Record<string, string>
  }
  /** Task never reaches RUNNING: stopped with this reason (CannotPullContainerError, ResourceInitializationError). */
  startFailure?: { stopCode?: string; stoppedReason: string; containerReason?: string }
  /** Essential container exits this long after RUNNING. */
  exitAfterMs?: number
  exitCode?: number
  /** False: the health check never passes (ECS marks it UNHEALTHY and replaces it). */
  healthy?: boolean
  /** RUNNING -> HEALTHY delay (migrations run before the port opens). Default: timing.healthyAfterMs. */
  healthyAfterMs?: number
  /**
   * A slow migration, when the container runs migrations: Alembic's `Running upgrade` lines and Uvicorn's
   * start-up lines appear only this long after RUNNING, and only then can the health check pass (added to
   * healthyAfterMs). A container health check's window shorter than this fails the task unless the service's
   * health check grace period covers it.
   */
  migrationMs?: number
  /**
   * When the container runs migrations (ENABLE_DB_MIGRATIONS not `false`): Alembic logs its first
   * `Running upgrade A -> B` step, then `Error running migrations: ...` (a migration that failed half-way).
   */
  migrationError?: string
  /**
   * The database cannot be reached (a wrong DATABASE_URL, a security group): Open WebUI's database layer logs
   * `Failed to initialize the database connection: ...` and a traceback ending in the driver's
   * OperationalError, before any migration, and the process exits (code 1 unless `exitCode`, after `exitAfterMs`,
   * default 30 ms). The port never opens.
   */
  databaseUnreachable?: 'connection-refused' | 'password-authentication-failed' | 'unknown-host'
  /** Extra log lines each task writes after start. */
  logLines?: string[]
}

export interface EcsTiming {
  /** PROVISIONING -> PENDING. */
  provisioningMs: number
  /** PENDING -> RUNNING. */
  pendingMs: number
  /** RUNNING -> HEALTHY, unless a behaviour says otherwise. */
  healthyAfterMs: number
  /**
   * DEPROVISIONING -> STOPPED: the task's network interface is detached and deleted. The drain before it
   * (DEACTIVATING, the target group's deregistration delay) and the container's stop timeout (STOPPING) are
   * measured in simulated seconds (`secondMs`).
   */
  stoppingMs: number
  /** UNHEALTHY for this long before ECS replaces the task. */
  unhealthyGraceMs: number
  /** Scheduler tick. */
  tickMs: number
  /**
   * How many ms one simulated second lasts for the stop of a task: a target group's
   * `deregistration_delay.timeout_seconds` (DEACTIVATING, default 300 s) and the app container's `stopTimeout`
   * (STOPPING, default 30 s). Default 1: a default drain takes 300 ms. A scenario that wants to see a long drain
   * sets it higher (300 s at 10 ms/s = 3 s). Health checks keep their own `healthCheckSecondMs`.
   */
  secondMs?: number
  /**
   * Optional: how many ms one second of a container health check's timing lasts. When set, a task whose start
   * (healthyAfterMs) outlasts its health check's window (startPeriod + interval x retries seconds) turns
   * UNHEALTHY at the window's end and is replaced: a slow migrator killed mid-migration, as ECS would. The
   * service's healthCheckGracePeriodSeconds is measured in the same seconds: inside it the task is not
   * replaced, and turns HEALTHY when its start ends. Unset: health-check seconds have no length, windows and
   * grace periods are not modelled.
   */
  healthCheckSecondMs?: number
  /** BLUE_GREEN, LINEAR and CANARY deployments: each lifecycle stage lasts at least this long. Default 2 ticks. */
  lifecycleStageMs?: number
  /** How long one call of a deployment lifecycle hook (a Lambda function) takes. Default 4 ticks. */
  hookMs?: number
  /**
   * Optional: image pull rate in bytes per simulated second (`secondMs`). When set, PENDING lasts pendingMs plus
   * the image's compressed size (the sum of its layers in the simulated registry) over this rate: Fargate caches
   * no layers, so every task pulls the whole image. Unset: pulls take no time beyond pendingMs.
   */
  pullBytesPerSecond?: number
}

// ---------------------------------------------------------------- other AWS
export interface ScalableTargetSeed {
  cluster: string
  service: string
  minCapacity: number
  maxCapacity: number
  suspended?: {
    dynamicScalingInSuspended?: boolean
    dynamicScalingOutSuspended?: boolean
    scheduledScalingSuspended?: boolean
  }
}

export interface TargetGroupSeed {
  /** Name; the ARN is derived from it unless `arn` is given. */
  name: string
  arn?: string
  healthCheckPath?: string
  /** stickiness.enabled */
  stickiness?: boolean
  port?: number
  /** `deregistration_delay.timeout_seconds`, default 300 (the ALB default): how long a stopped task drains. */
  deregistrationDelaySeconds?: number
  /** HealthCheckIntervalSeconds, default 30 (ALB, target type ip). */
  healthCheckIntervalSeconds?: number
  /** HealthyThresholdCount, default 5. */
  healthyThresholdCount?: number
}

export interface LoadBalancerSeed {
  /** Name; the ARN is derived from it. */
  name: string
  listeners: ListenerSeed[]
}

export interface ListenerSeed {
  /** Default 80. */
  port?: number
  /** Default HTTP. */
  protocol?: 'HTTP' | 'HTTPS'
  /** The default action forwards to this target group (by name). */
  defaultTargetGroup: string
  /** Rules besides the default one (forward to a group, or a fixed response), by priority. */
  rules?: {
    priority: number
    pathPatterns: string[]
    targetGroup?: string
    fixedResponse?: { statusCode: string; contentType?: string; messageBody?: string }
  }[]
}

export interface RdsSeed {
  instances?: DatabaseInstanceSeed[]
  clusters?: DatabaseClusterSeed[]
  /** How long a new snapshot stays `creating` before it is `available` (ms). Default 300. */
  snapshotCreationMs?: number
}

export interface DatabaseInstanceSeed {
  identifier: string
  /** Default `postgres`. */
  engine?: string
  engineVersion?: string
  /** DBInstanceStatus, default `available` (a snapshot needs it). */
  status?: string
}

export interface DatabaseClusterSeed {
  identifier: string
  /** Default `aurora-postgresql`. */
  engine?: string
  engineVersion?: string
  /** Default `available`. */
  status?: string
}

// ---------------------------------------------------------------- faults
export interface FaultRule {
  service: SimulatedService
  /**
   * Operation name (ECS `DescribeServices`, or a prefix ending in `*`: `Describe*`); for GitHub and the registry a
   * prefix of `METHOD /path` or of the path (`GET /repos/open-webui`, `/v2/`); all when absent.
   */
  operation?: string
  /** Only writes (true) or only reads (false); both when absent. */
  mutating?: boolean
  kind: 'throttle' | 'server-error' | 'latency' | 'reset' | 'rate-limit' | 'access-denied'
  /** 0..1, default 1. */
  probability?: number
  /** Apply this many times, then stop. Default unlimited. */
  times?: number
  latencyMs?: number
  /** HTTP status for server-error (default 500) and rate-limit (default 429). */
  status?: number
  /** GitHub and registry rate limits: the `retry-after` header, in seconds. Default 1. */
  retryAfterSeconds?: number
}
