import type { HealthProbeResult } from '../domain/health-probe-result.js'
import type { Plan } from '../domain/plan.js'
import { PHASE_TITLES, type PhaseName, type PhaseRecord } from '../domain/rollout-phases.js'
import type { AutoScalingPort } from '../ports/autoscaling.js'
import type { Clock } from '../ports/clock.js'
import type { CloudWatchLogsPort } from '../ports/cloudwatch-logs.js'
import type { DatabaseSnapshotsPort } from '../ports/database-snapshots.js'
import type { LoadBalancerPort } from '../ports/load-balancer.js'
import type { TakenSnapshot } from '../domain/database-snapshot.js'
import type { EcsPort, Service, Task } from '../ports/ecs.js'
import type { Log } from '../report/log.js'
import { countedEcs } from './counted-ecs.js'
import type { RolloutDependencies, RolloutSettings } from './rollout-dependencies.js'
import type { PreviousState } from './previous-state.js'
import { RolloutFailure } from './rollout-failure.js'
import type { ScalingRecord } from './scaling-record.js'
import type { RolloutStart } from './rollout-start.js'
import type { MigratorEvidence } from '../domain/migrator-evidence.js'
import type { MigrationLogRecord } from './migration-log.js'
import { CallWindow, isRetryableError } from './poll-schedule.js'
import { PhaseLog, type PhaseDone, type RunningPhase } from './phase-log.js'
import { ProgressPrinter } from './progress-printer.js'
import { quoteUntrusted } from '../report/untrusted-log.js'
import type { MeasuredOutage } from '../domain/measured-outage.js'

const FORWARD_PHASES: ReadonlySet<PhaseName> = new Set([
  'snapshot',
  'register',
  'suspend-scaling',
  'drain',
  'migrator',
  'fleet',
  'rolling',
  'traffic-shift',
  'health-check'
])

/** The phases whose failed deployment recovery and diagnostics look at (a rollback's is not one). */
const FORWARD_DEPLOYMENTS: ReadonlySet<PhaseName> = new Set(['migrator', 'fleet', 'rolling', 'traffic-shift'])

/**
 * The ports the rollout uses, and only those. Each is read from the ports it was handed on first use (reading a port
 * is what creates its client), ECS wrapped once so every call counts against the run's budget (countedEcs).
 */
export interface RolloutPorts {
  readonly ecs: EcsPort
  readonly autoScaling: AutoScalingPort
  readonly logs: CloudWatchLogsPort
  readonly databaseSnapshots: DatabaseSnapshotsPort
  readonly loadBalancer: LoadBalancerPort
  readonly clock: Clock
}

/**
 * `wrote` is called for every UpdateService that may have changed the service: one that answered, or one
 * that timed out or failed with a 5xx (it may have been applied); a refused request (4xx) changed nothing.
 */
function rolloutPorts(
  ports: RolloutDependencies['ports'],
  budget: CallWindow,
  wrote: () => void
): RolloutPorts {
  let ecs: EcsPort | undefined
  const writeTracked = (counted: EcsPort): EcsPort => ({
    ...counted,
    updateService: request =>
      counted.updateService(request).then(
        service => {
          wrote()
          return service
        },
        (error: unknown) => {
          if (isRetryableError(error)) wrote()
          throw error
        }
      )
  })
  return {
    get ecs() {
      return (ecs ??= writeTracked(countedEcs(ports.ecs, budget, () => ports.clock.now())))
    },
    get autoScaling() {
      return ports.autoScaling
    },
    get logs() {
      return ports.logs
    },
    get databaseSnapshots() {
      return ports.databaseSnapshots
    },
    get loadBalancer() {
      return ports.loadBalancer
    },
    get clock() {
      return ports.clock
    }
  }
}

/**
 * The run as the phases and the report see it: they read what the rollout knows and call its methods (run a
 * phase, warn, record a look at the service), but only the orchestrator (execute-rollout.ts) writes its fields.
 */
export type RolloutView = Readonly<Omit<RolloutRun, 'stateNotes' | 'warnings' | 'scaling'>> & {
  readonly stateNotes: readonly string[]
  readonly warnings: readonly string[]
  readonly scaling: Readonly<ScalingRecord>
}

/**
 * Everything the report needs, filled in as the rollout goes: by the orchestrator from what the phases return,
 * and by the run's own methods (the phase log, warnings, the last look at the service).
 */
export class RolloutRun {
  readonly startedAt: number
  readonly deadline: number
  readonly phaseLog = new PhaseLog()
  readonly warnings: string[] = []
  /** Sentences for the summary: the state the service is left in and what to do next. */
  readonly stateNotes: string[] = []
  /** Before begin(): the plan's view of the service; after: the resolved start's (rollout-start.ts). */
  private startedFrom: Readonly<PreviousState>
  fleetTaskDefinitionArn?: string
  migratorTaskDefinitionArn?: string
  /** The migrator revision of an earlier run the service ran when this one started. */
  private earlierMigrator?: string
  /** Fleet size of this rollout (the plan's, or the count a resumed run read from the migrator's tags). */
  private fleetSize: number
  scaling: ScalingRecord = { owed: false }
  /** A migrator task of this rollout reached RUNNING: migrations may have run, the old image must not return. */
  migrationsMayHaveRun = false
  private wrote = false
  resumed?: { from: string; skippedMigrator: boolean }
  migratorTask?: Task
  /** Every migrator task of this run seen so far: recovery describes each again before it decides. */
  readonly migratorTaskArns = new Set<string>()
  migrationLog?: MigrationLogRecord
  /** Settings an earlier run left behind that this run puts back, in words. */
  healed?: readonly string[]
  /** The database snapshot taken before the service was changed (db-snapshot), available or not. */
  databaseSnapshot?: TakenSnapshot
  /** What a failed migrator did to the database, judged from its log and tasks (recovery.ts). */
  migratorEvidence?: MigratorEvidence
  private look: { service?: Service; tasks?: Task[] } = {}
  /** Stopped tasks of the failed deployment, described for the diagnostics. */
  stoppedTasks?: Task[]
  health?: HealthProbeResult
  /** A migrating rollout's outage as it was seen (drain start to the first new target healthy). */
  outage?: MeasuredOutage
  /** This run removed the service's maintenance page (or found none to remove). */
  maintenancePageDown = false
  /** Every ECS call of the run (countedEcs): the per-minute budget holds across phases and their switches. */
  readonly budget = { calls: new CallWindow(), inspections: new CallWindow() }
  /** One printer for the whole run, so an event is printed once even when two phases see it. */
  readonly progress: ProgressPrinter

  readonly ports: RolloutPorts
  readonly settings: RolloutSettings
  /** The mode's log, counting the lines a phase printed. */
  readonly log: Log
  /** Aborts on the runner's cancel. */
  readonly signal: AbortSignal
  private linesPrinted = 0

  constructor(
    readonly plan: Plan,
    dependencies: RolloutDependencies
  ) {
    this.ports = rolloutPorts(dependencies.ports, this.budget.calls, () => {
      this.wrote = true
    })
    this.settings = dependencies.settings
    this.signal = dependencies.signal
    // Lines are counted so a phase whose work printed nothing can still say what it did (phase()).
    const log: Log = {
      info: message => {
        this.linesPrinted++
        dependencies.log.info(message)
      },
      debug: message => dependencies.log.debug(message),
      group: (title, body) => dependencies.log.group(title, body)
    }
    this.log = log
    this.startedAt = this.ports.clock.now()
    this.deadline = this.startedAt + dependencies.settings.timeoutMinutes * 60_000
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
    if (start.fromMigrator) {
      this.migrationsMayHaveRun = true
      this.earlierMigrator = this.plan.current.taskDefinitionArn
    }
    if (start.leftBehind) {
      this.healed = start.leftBehind.changes
      if (start.leftBehind.scaling) this.scaling = { original: start.leftBehind.scaling, owed: true }
    }
  }

  /** The service ran an earlier run's migrator revision when this run began: migrations may have run. */
  get startedFromMigrator(): boolean {
    return this.earlierMigrator !== undefined
  }

  get phases(): readonly PhaseRecord[] {
    return this.phaseLog.records
  }

  /** The rollout issued an UpdateService that may have changed the service. */
  get touched(): boolean {
    return this.wrote
  }

  /** Deployment ids this rollout started (and the ones it waited on), as opposed to someone else's. */
  get ownDeployments(): ReadonlySet<string> {
    return this.phaseLog.deploymentIds()
  }

  /** The deployment of the forward phase that failed (migrator, fleet, rolling), when it had started one. */
  get failedDeploymentId(): string | undefined {
    const failed = this.phases.findLast(
      record =>
        FORWARD_DEPLOYMENTS.has(record.name) && (record.status === 'failed' || record.status === 'cancelled')
    )
    return failed?.deploymentId
  }

  /** Every migrator revision in play (this run's, and an earlier run's the service still runs). */
  get migratorRevisions(): ReadonlySet<string> {
    return new Set([this.earlierMigrator, this.migratorTaskDefinitionArn].filter(arn => arn !== undefined))
  }

  /** Last DescribeServices (or UpdateService) answer, for the report and the checks that follow it. */
  get lastService(): Service | undefined {
    return this.look.service
  }

  /** The service's tasks at the last look, for the report. */
  get lastTasks(): Task[] | undefined {
    return this.look.tasks
  }

  /**
   * The one thing every part of the rollout records as it goes: what it last saw of the service. The report
   * shows the service as last seen; a rollback that follows ECS's own reads its deployments from it.
   */
  sawService(service: Service | undefined): void {
    this.look = { ...this.look, service }
  }

  sawTasks(tasks: Task[]): void {
    this.look = { ...this.look, tasks }
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
    return this.ports.clock.now()
  }

  get cancelled(): boolean {
    return this.signal.aborted
  }

  /** Waits after a failure get their own bound: the rollout's may be spent, and leaving a service half-done is worse. */
  recoveryDeadline(): number {
    const timeout = this.settings.timeoutMinutes * 60_000
    return this.now() + Math.min(10 * 60_000, Math.max(2 * 60_000, timeout))
  }

  /**
   * Runs one phase inside a collapsible log group; the phase log keeps its duration and outcome. The body
   * hands back its detail and result; a failure's detail is the body's last note, or the error.
   */
  async phase<T>(
    name: PhaseName,
    title: string,
    body: (phase: RunningPhase) => Promise<PhaseDone<T>>
  ): Promise<T> {
    let record = this.phaseLog.start(name, this.now())
    const running: RunningPhase = {
      name,
      startedAt: record.startedAt,
      deployment: (deploymentId, serviceDeploymentArn) => {
        record = this.phaseLog.update(record, {
          deploymentId,
          ...(serviceDeploymentArn ? { serviceDeploymentArn } : {})
        })
      },
      note: detail => {
        record = this.phaseLog.update(record, { detail })
      }
    }
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
      const finished = await this.log.group(title, async () => {
        const before = this.linesPrinted
        const result = await body(running)
        // A group with no line in it reads as if nothing happened: say what the phase did.
        if (this.linesPrinted === before && result.detail)
          this.log.info(`${result.detail.charAt(0).toUpperCase()}${result.detail.slice(1)}.`)
        return result
      })
      record = this.phaseLog.finish(record, 'ok', finished.detail, this.now())
      return finished.value
    } catch (error) {
      const status = error instanceof RolloutFailure && error.kind === 'cancelled' ? 'cancelled' : 'failed'
      const detail = record.detail || (error instanceof Error ? error.message : String(error))
      record = this.phaseLog.finish(record, status, detail, this.now())
      throw error
    }
  }

  /** A phase that did not need to run, shown in the table so the reader sees it was considered. */
  skip(name: PhaseName, detail: string): void {
    this.phaseLog.skip(name, this.now(), detail)
  }

  warn(message: string): void {
    this.warnings.push(message)
    this.log.info(quoteUntrusted('Warning: ', message, '  | '))
  }
}
