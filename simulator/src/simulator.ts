import type { ScalableTargets } from './aws/autoscaling/scalable-targets.js'
import type { LoadBalancerStore } from './aws/elbv2/load-balancers.js'
import type { TargetGroupStore } from './aws/elbv2/target-groups.js'
import type { DatabaseStore } from './aws/rds/database-store.js'
import type { LogStore } from './aws/logs/log-store.js'
import type { SecretStore } from './aws/secretsmanager/secret-store.js'
import type { EcsSimulator } from './ecs/index.js'
import type { GitHubSimulator } from './github/index.js'
import type { RegistrySimulator } from './registry/index.js'
import type { FaultRule, Scenario, SimulatedService } from './scenario.js'
import type { World } from './world.js'

/** One request the simulator answered, in arrival order. */
export interface CallRecord {
  service: SimulatedService
  /** AWS operation (`UpdateService`) or GitHub/registry `METHOD /path`. */
  operation: string
  /** True for operations that change state (AWS: not Describe/List/Get; HTTP: not GET/HEAD). */
  mutating: boolean
  /** ms since the simulator started. */
  at: number
  status: number
  /** Parsed request body (JSON or form), {} when none. */
  request: unknown
  /** Raw request body, for canary scans. */
  rawBody: string
  /** Error code answered, if any (ThrottlingException, ...). */
  errorCode?: string
}

/** ECS task lifecycle, recorded for invariant checks (never two migrators, no old task beside a migrator). */
export interface TimelineEntry {
  at: number
  cluster: string
  service: string
  taskArn: string
  taskDefinitionArn: string
  image: string
  /** ENABLE_DB_MIGRATIONS as the container sees it ('true' when unset: Open WebUI's default). */
  migrationsEnabled: boolean
  event:
    | 'PROVISIONING'
    | 'PENDING'
    | 'RUNNING'
    | 'HEALTHY'
    | 'UNHEALTHY'
    | 'DEACTIVATING'
    | 'STOPPING'
    | 'DEPROVISIONING'
    | 'STOPPED'
  detail?: string
}

export interface Simulator {
  /** `http://127.0.0.1:PORT` */
  url: string
  /** `127.0.0.1:PORT`: use as the image registry host. */
  registryHost: string
  region: string
  accountId: string
  /** Environment for the action: AWS_ENDPOINT_URL_* , AWS_REGION, dummy AWS credentials, GITHUB_API_URL. */
  env: Record<string, string>
  calls: CallRecord[]
  timeline: TimelineEntry[]
  /** Mutable at run time: tests push, remove or replace rules mid-run (assigning a new array works too). */
  faults: FaultRule[]
  scenario: Scenario
  /** The state every service sees (clock, timing, views); what the ECS engine was built from. */
  world: World
  /** Handles to seed and inspect each service's state while the simulator runs. */
  ecs: EcsSimulator
  github: GitHubSimulator
  registry: RegistrySimulator
  /** Secrets by name: `arnOf(name)` gives the full ARN with its deterministic suffix. */
  secretsManager: SecretStore
  logs: LogStore
  autoScaling: ScalableTargets
  loadBalancing: TargetGroupStore
  /** Application Load Balancers, listeners and rules. */
  loadBalancers: LoadBalancerStore
  /**
   * The public base URL of a load balancer (its first listener), as a client on the internet reaches it: listener
   * rules by priority, fixed responses as configured, forwards to `healthy` targets only, 503 when there is none.
   */
  loadBalancerUrl(name: string): string
  /** RDS DB instances, clusters and their snapshots (`snapshots()`, `statusOf()`, `availableAt()`). */
  databases: DatabaseStore
  /**
   * The public base URL of a service's Open WebUI (what `health-url` points at): `/health`, `/health/db`, `/ready`
   * and `/api/version` answer from its healthy tasks, 503 while it has none.
   */
  openWebUiUrl(cluster: string, service: string): string
  /** Stops the ECS engine's clock and closes the server (open connections included). */
  stop(): Promise<void>
}
