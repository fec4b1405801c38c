import type { HealthProbeResult } from '../health/health-probe.js'
import type { ModeContext } from '../modes/mode-context.js'
import type { ServiceModeSettings } from '../settings/settings.js'
import type { Plan } from '../domain/plan.js'
import type { SuspendedState } from '../ports/autoscaling.js'
import type { Service, Task } from '../ports/ecs.js'
import { countedEcs } from './counted-ecs.js'
import type { UserSettings } from './deployment-configuration.js'
import type { RolloutStart } from './rollout-start.js'
import type { MigratorEvidence } from './migrator-evidence.js'
import type { MigrationLogRecord } from './migration-log.js'
import { CallWindow } from './poll-schedule.js'
import { ProgressPrinter } from './progress-printer.js'
import { quoteUntrusted } from '../report/untrusted-log.js'

export type PhaseName =
  | 'wait-for-idle'
  | 'register'
  | 'suspend-scaling'
  | 'migrator'
  | 'fleet'
  | 'rolling'
  | 'rollback'
  | 'hold'
  | 'restore-scaling'
  | 'health-check'

const FORWARD_PHASES: ReadonlySet<PhaseName> = new Set([
  'register',
  'suspend-scaling',
  'migrator',
  'fleet',
  'rolling',
  'health-check'
])

export const PHASE_TITLES: Record<PhaseName, string> = {
  'wait-for-idle': 'Wait for a running deployment',
  register: 'Register task definitions',
  'suspend-scaling': 'Suspend Auto Scaling',
  migrator: 'Migrator',
  fleet: 'Fleet',
  rolling: 'Rolling update',
  rollback: 'Roll back',
  hold: 'Hold at the new version',
  'restore-scaling': 'Restore Auto Scaling',
  'health-check': 'Health check'
}

export type PhaseStatus = 'running' | 'ok' | 'failed' | 'skipped' | 'cancelled' | 'warning'

export interface PhaseRecord {
  name: PhaseName
  startedAt: number
  endedAt?: number
  status: PhaseStatus
  detail: string
  deploymentId?: string
  serviceDeploymentArn?: string
}

export type FailureKind =
  | 'timeout'
  | 'cancelled'
  | 'deployment-failed'
  | 'ecs-rollback'
  | 'superseded'
  | 'service-gone'
  | 'scaled-to-zero'
  | 'desired-count-changed'
  | 'migration-error'
  | 'migration-log-unreadable'
  | 'api-error'
  | 'changed-since-plan'
  | 'health-check'

/** An operational failure of one phase. Caught by executeRollout, which decides what to leave behind. */
export class RolloutFailure extends Error {
  constructor(
    readonly phase: PhaseName,
    readonly kind: FailureKind,
    message: string
  ) {
    super(message)
    this.name = 'RolloutFailure'
  }
}

/**
 * What the service looked like before the rollout wrote anything: where a rollback returns to, and the
 * settings (deployment configuration, grace period, capacity provider strategy) every exit path restores.
 */
export interface PreviousState extends UserSettings {
  taskDefinitionArn?: string
  version?: string
  desiredCount: number
}

export interface ScalingRecord {
  /** The state to restore; undefined when the service has no scalable target. */
  original?: SuspendedState
  /** True while the rollout holds scaling suspended and owes a restore. */
  owed: boolean
  /** Set once a restore was attempted: what happened. */
  restored?: 'restored' | 'kept-suspended' | 'failed'
}

/** Everything the report needs, filled in as the rollout goes. */
export class RolloutRun {
  readonly startedAt: number
  readonly deadline: number
  readonly phases: PhaseRecord[] = []
  readonly warnings: string[] = []
  /** Sentences for the summary: the state the service is left in and what to do next. */
  readonly stateNotes: string[] = []
  /** Before begin(): the plan's view of the service; after: the resolved start's (rollout-start.ts). */
  private startedFrom: Readonly<PreviousState>
  fleetTaskDefinitionArn?: string
  migratorTaskDefinitionArn?: string
  /** Deployment ids this rollout started (and the ones it waited on), as opposed to someone else's. */
  readonly ownDeployments = new Set<string>()
  /** Every migrator revision in play (this run's, and an earlier run's the service still runs). */
  readonly migratorRevisions = new Set<string>()
  /** Fleet size of this rollout (the plan's, or the count a resumed run read from the migrator's tags). */
  private fleetSize: number
  scaling: ScalingRecord = { owed: false }
  /** A migrator task of this rollout reached RUNNING: migrations may have run, the old image must not return. */
  migrationsMayHaveRun = false
  /** The rollout issued an UpdateService. */
  touched = false
  resumed?: { from: string; skippedMigrator: boolean }
  migratorTask?: Task
  migrationLog?: MigrationLogRecord
  /** Settings an earlier run left behind that this run puts back, in words. */
  healed?: readonly string[]
  /** What a failed migrator did to the database, judged from its log and tasks (recovery.ts). */
  migratorEvidence?: MigratorEvidence
  /** Last DescribeServices answer and the service's tasks at the last look, for the report. */
  lastService?: Service
  lastTasks?: Task[]
  /** Stopped tasks of the failed deployment, described for the diagnostics. */
  stoppedTasks?: Task[]
  failedDeploymentId?: string
  health?: HealthProbeResult
  /** Every ECS call of the run (countedEcs): the per-minute budget holds across phases and their switches. */
  readonly budget = { calls: new CallWindow(), inspections: new CallWindow() }
  /** One printer for the whole run, so an event is printed once even when two phases see it. */
  readonly progress: ProgressPrinter

  readonly context: ModeContext<ServiceModeSettings>
  private linesPrinted = 0

  constructor(
    readonly plan: Plan,
    context: ModeContext<ServiceModeSettings>
  ) {
    // The ports stay lazy (a prototype keeps their getters); only ECS is swapped for the counted one.
    const ports = Object.create(context.ports) as ModeContext['ports']
    Object.defineProperty(ports, 'ecs', {
      value: countedEcs(context.ports.ecs, this.budget.calls, () => context.ports.clock.now())
    })
    // Lines are counted so a phase whose work printed nothing can still say what it did (phase()).
    const log: ModeContext['log'] = {
      info: message => {
        this.linesPrinted++
        context.log.info(message)
      },
      debug: message => context.log.debug(message),
      group: (title, body) => context.log.group(title, body)
    }
    this.context = { ...context, ports, log }
    this.startedAt = context.ports.clock.now()
    this.deadline = this.startedAt + context.settings.timeoutMinutes * 60_000
    this.fleetSize = plan.desiredCount
    this.progress = new ProgressPrinter(log, this.startedAt)
    this.startedFrom = {
      taskDefinitionArn: plan.current.taskDefinitionArn,
      version: plan.current.version,
      desiredCount: plan.current.desiredCount
    }
  }

  /** Fixes where the rollout starts from, once, before its first write. */
  begin(start: RolloutStart): void {
    this.startedFrom = start.previous
    this.fleetSize = start.desiredCount
    if (start.fromMigrator) this.migrationsMayHaveRun = true
    if (start.leftBehind) {
      this.healed = start.leftBehind.changes
      if (start.leftBehind.scaling) this.scaling = { original: start.leftBehind.scaling, owed: true }
    }
  }

  get previous(): Readonly<PreviousState> {
    return this.startedFrom
  }

  get desiredCount(): number {
    return this.fleetSize
  }

  get cluster(): string {
    return this.plan.cluster
  }

  get service(): string {
    return this.plan.service
  }

  now(): number {
    return this.context.ports.clock.now()
  }

  get cancelled(): boolean {
    return this.context.signal.aborted
  }

  /** Waits after a failure get their own bound: the rollout's may be spent, and leaving a service half-done is worse. */
  recoveryDeadline(): number {
    const timeout = this.context.settings.timeoutMinutes * 60_000
    return this.now() + Math.min(10 * 60_000, Math.max(2 * 60_000, timeout))
  }

  /** Runs one phase inside a collapsible log group, recording its duration and outcome. */
  async phase<T>(name: PhaseName, title: string, body: (record: PhaseRecord) => Promise<T>): Promise<T> {
    const record: PhaseRecord = { name, startedAt: this.now(), status: 'running', detail: '' }
    this.phases.push(record)
    try {
      // After a cancel no phase that moves the rollout forward may start: only the recovery phases
      // (roll back, hold, restore scaling) still run, to leave the service consistent.
      if (this.cancelled && FORWARD_PHASES.has(name)) {
        throw new RolloutFailure(
          name,
          'cancelled',
          `Cancelled before ${PHASE_TITLES[name].toLowerCase()} started; it made no change.`
        )
      }
      const result = await this.context.log.group(title, async () => {
        const before = this.linesPrinted
        const value = await body(record)
        // A group with no line in it reads as if nothing happened: say what the phase did.
        if (this.linesPrinted === before && record.detail)
          this.context.log.info(`${record.detail.charAt(0).toUpperCase()}${record.detail.slice(1)}.`)
        return value
      })
      if (record.status === 'running') record.status = 'ok'
      return result
    } catch (error) {
      record.status = error instanceof RolloutFailure && error.kind === 'cancelled' ? 'cancelled' : 'failed'
      if (!record.detail) record.detail = error instanceof Error ? error.message : String(error)
      throw error
    } finally {
      record.endedAt = this.now()
    }
  }

  /** A phase that did not need to run, shown in the table so the reader sees it was considered. */
  skip(name: PhaseName, detail: string): void {
    const at = this.now()
    this.phases.push({ name, startedAt: at, endedAt: at, status: 'skipped', detail })
  }

  warn(message: string): void {
    this.warnings.push(message)
    this.context.log.info(quoteUntrusted('Warning: ', message, '  | '))
  }
}
