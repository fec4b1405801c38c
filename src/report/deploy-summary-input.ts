import type { MeasuredOutage } from '../domain/measured-outage.js'
import type { TakenSnapshot } from '../domain/database-snapshot.js'
import type { HealthProbeResult } from '../domain/health-probe-result.js'
import type { MigratorEvidence } from '../domain/migrator-evidence.js'
import type { Plan } from '../domain/plan.js'
import type { PhaseName, PhaseRecord } from '../domain/rollout-phases.js'
import type { LogLine } from '../ports/cloudwatch-logs.js'
import type { Service, Task } from '../ports/ecs.js'

/**
 * What the deploy summary reads of a rollout, declared here so the renderer needs nothing of src/rollout/: the
 * rollout's run satisfies it as it is, and hands itself over read-only.
 */
export interface DeploySummaryRun {
  readonly plan: Plan
  readonly cluster: string
  readonly service: string
  /** The service before the rollout wrote anything. */
  readonly previous: {
    readonly taskDefinitionArn?: string
    readonly version?: string
    readonly desiredCount: number
  }
  /** Fleet size of this rollout. */
  readonly desiredCount: number
  readonly migratorTaskDefinitionArn?: string
  readonly fleetTaskDefinitionArn?: string
  /** Set when the run carried on from an earlier run's migrator revision: what it found. */
  readonly resumed?: { readonly from: string }
  readonly startedAt: number
  readonly phases: readonly PhaseRecord[]
  /** The rollout's own sentences on the state it left the service in. */
  readonly stateNotes: readonly string[]
  readonly warnings: readonly string[]
  readonly health?: HealthProbeResult
  readonly lastService?: Service
  readonly lastTasks?: Task[]
  /** Stopped tasks of the failed deployment. */
  readonly stoppedTasks?: Task[]
  readonly migrationLog?: MigrationLogSeen
  readonly migratorEvidence?: MigratorEvidence
  /** A migrator of this rollout reached RUNNING (or an earlier run's did): migrations may have run. */
  readonly migrationsMayHaveRun: boolean
  /** The database snapshot taken before the service was changed (db-snapshot). */
  readonly databaseSnapshot?: TakenSnapshot
  /** A migrating rollout's outage as it was seen, part by part. */
  readonly outage?: MeasuredOutage
  now(): number
}

/** The migrator's log as the rollout read it: where it is, its lines, and what they say. */
export interface MigrationLogSeen {
  readonly group: string
  readonly stream: string
  readonly lines: LogLine[]
  /** The first `Error running migrations` line. */
  readonly errorLine?: string
  /** Alembic `Running upgrade a -> b` lines. */
  readonly upgrades: number
}

export type RolloutResult = 'deployed' | 'rolled-back' | 'failed'

/** How the rollout ended. */
export interface DeploySummaryEnd {
  readonly result: RolloutResult
  readonly failure?: { readonly phase: PhaseName; readonly kind: string; readonly message: string }
  /** Fleet tasks serving at the end, against the desired count. */
  readonly serving?: { healthy: number; desired: number }
}
