import type { RegisterTaskDefinitionRequest } from '@aws-sdk/client-ecs'
import type { DatabaseSnapshotTarget } from './database-snapshot.js'
import type { Check, Finding } from './finding.js'
import type { MigrationCheck } from './migration-check.js'
import type { Release } from './release.js'
import type { VersionPin } from './version-pin.js'
import type { ExpectedDrain } from './expected-drain.js'
import type { ExpectedOutage } from './expected-outage.js'

/**
 * The plan: what deploy will do, computed without writing anything. Dry-run, plan mode, the PR comment and
 * deploy all share this value, so what a reviewer saw is what deploy does.
 */

/**
 * unchanged: the rendered task definition equals what runs; nothing to do.
 * rolling: plain rolling update to the fleet task definition (no schema change).
 * migrate: stop old tasks, one migrator task, then the fleet (schema change; short outage).
 */
export type RolloutStrategy = 'unchanged' | 'rolling' | 'migrate'

export interface RolloutStep {
  phase:
    | 'snapshot'
    | 'suspend-scaling'
    | 'drain'
    | 'migrator'
    | 'fleet'
    | 'rolling'
    | 'restore-scaling'
    | 'health-check'
  description: string
}

export interface CurrentState {
  /** Version the service runs now, read from its task definition's image tag; undefined if not an Open WebUI pin. */
  version?: string
  image?: string
  taskDefinitionArn?: string
  desiredCount: number
  runningCount: number
  /**
   * Ids of the service's deployments still rolling out (IN_PROGRESS) when the plan was made: deploy waits for
   * them. Empty for a service that is not ACTIVE, and for the offline plan, which cannot see them.
   */
  deploymentsInProgress: string[]
  /** The running task definition as a registerable request, for the diff and for rollback. */
  taskDefinition?: RegisterTaskDefinitionRequest
  /** The stable release the running version comes from, when it is one. */
  release?: Release
}

export interface AutoScalingState {
  minCapacity: number
  maxCapacity: number
  /** True when dynamic scale-in/out or scheduled scaling is already suspended. */
  suspended: boolean
}

export interface Plan {
  cluster: string
  service: string
  region: string
  current: CurrentState
  target: VersionPin
  /** Stable releases after the current version up to and including the target, oldest first. */
  releaseRange: Release[]
  migrations: MigrationCheck
  strategy: RolloutStrategy
  desiredCount: number
  fleetTaskDefinition: RegisterTaskDefinitionRequest
  migratorTaskDefinition: RegisterTaskDefinitionRequest
  /**
   * An essential container of the fleet declares a health check, so ECS reports HEALTHY (else tasks stay
   * UNKNOWN and count as healthy 40 s after RUNNING). Computed once here; the rollout and the checks read it.
   */
  hasHealthCheck: boolean
  /** Unified diff of the running task definition against the fleet one (sorted env/secrets, no values). */
  taskDefinitionDiff: string
  findings: Finding[]
  checks: Check[]
  steps: RolloutStep[]
  autoScaling?: AutoScalingState
  /**
   * The database deploy snapshots before the drain: set on a migrating plan when `db-snapshot` asks for one.
   * A rolling or unchanged plan takes none, whatever the input says.
   */
  databaseSnapshot?: DatabaseSnapshotTarget
  /** A migrating plan: how long the old tasks take to drain, from the live target groups and stopTimeout. */
  expectedDrain?: ExpectedDrain
  /** A migrating plan: the full outage expected, part by part (plus the migration), from the live settings. */
  expectedOutage?: ExpectedOutage
  /**
   * A migrating plan with `drain-seconds` set: the deregistration delay each target group gets for the drain
   * (never raised above a group's own). undefined: the target groups are left alone.
   */
  drainSeconds?: number
  /** A migrating plan with `maintenance-page`: the HTML the listeners answer with (503) while no task serves. */
  maintenancePage?: string
  /** True when an error finding or an NG check stops deploy (plan still reports). */
  blocked: boolean
  /** sha256 of the plan's canonical content; shown in the PR comment so deploy can compare. */
  hash: string
  /** Where the target version came from: the version input, the version file, the image pin, or latest. */
  versionSource?: 'version' | 'version-file' | 'task-definition' | 'latest'
  /** What the rendered task definition was made from, for people: `task-definition.json`, `open-webui:12`. */
  taskDefinitionSource?: string
}
