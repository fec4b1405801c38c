import type { ScalableTargets } from './aws/autoscaling/scalable-targets.js'
import type { LoadBalancerStore } from './aws/elbv2/load-balancers.js'
import type { TargetGroupStore } from './aws/elbv2/target-groups.js'
import type { DatabaseStore } from './aws/rds/database-store.js'
import type { LogStore } from './aws/logs/log-store.js'
import type { SecretStore } from './aws/secretsmanager/secret-store.js'
import type { EcsSimulator } from './ecs/index.js'
import type { GitHubSimulator } from './github/index.js'
import type { RegistrySimulator } from './registry/index.js'
import type { FaultRule, Scenario } from './scenario.js'
import type { CallRecord, TimelineEntry } from './records.js'
import type { World } from './world.js'

export type { CallRecord, TimelineEntry } from './records.js'

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
