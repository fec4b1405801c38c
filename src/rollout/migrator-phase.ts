import type { RegisterTaskDefinitionRequest, Task } from '../ports/ecs.js'
import { errorMessage } from '../errors.js'
import { deployAndWait } from './deploy-and-wait.js'
import { LEFT_RUNNING_GRACE_SECONDS, describeStrategy, migratorSettings } from './deployment-configuration.js'
import { tasksOfDeployment } from './deployment-verdict.js'
import {
  migrationLogRecord,
  migratorLogDestination,
  type LogDestination,
  type MigrationLogRecord
} from './migration-log.js'
import { classifyMigratorTask } from './migrator-evidence.js'
import { RolloutFailure } from './rollout-failure.js'
import type { RolloutView } from './rollout-run.js'
import { updateServiceSettings } from './start-deployment.js'
import { taskIdOf } from '../domain/task-arns.js'
import { quoteUntrusted } from '../report/untrusted-log.js'
import { formatDuration } from '../report/dates.js'
import { versionTag } from '../release/version-tag.js'

const LOG_READ_INTERVAL_MS = 3000
/** Uvicorn's lines once Open WebUI finished starting, migrations included. */
const STARTUP_COMPLETE = /Application startup complete|Uvicorn running on/
/** CloudWatch Logs shows events a few seconds after the container wrote them. */
const FINAL_LOG_READS = [0, 1000, 2000, 3000, 4000, 5000]

/** What the migrator step saw of its task, kept for recovery and the report whether the step succeeded or not. */
export interface MigratorSeen {
  task?: Task
  log?: MigrationLogRecord
  /** A migrator task of this rollout reached RUNNING (or an earlier run's did: the start says so). */
  mayHaveRun: boolean
  /** Every migrator task the step saw, for recovery's fresh read. */
  taskArns: string[]
  /** Sentences for the summary about the state the step left (a grace period raised for a running migrator). */
  notes: string[]
  /** The step's failure, thrown on by the rollout once it has kept what the step saw. */
  failure?: unknown
}

/** Follows the one migrator task: notes when it reached RUNNING, streams its log, stops on a migration error. */
class MigratorWatch {
  private destination?: LogDestination
  private printed = 0
  private lastRead = -Infinity
  task?: Task
  log?: MigrationLogRecord
  mayHaveRun: boolean
  readonly taskArns = new Set<string>()

  constructor(
    private readonly run: RolloutView,
    private readonly migratorTaskDefinition: RegisterTaskDefinitionRequest
  ) {
    this.task = run.migratorTask
    this.log = run.migrationLog
    this.mayHaveRun = run.migrationsMayHaveRun
  }

  onTasks(own: Task[]): void {
    for (const seen of own) if (seen.taskArn) this.taskArns.add(seen.taskArn)
    const task = own.find(candidate => candidate.lastStatus !== 'STOPPED') ?? own.at(-1)
    if (!task?.taskArn) return
    if (this.task?.taskArn !== task.taskArn) {
      this.run.log.info(`  migrator task ${taskIdOf(task.taskArn)}: ${task.lastStatus}`)
      this.printed = 0
      this.destination = migratorLogDestination(
        this.migratorTaskDefinition,
        this.run.settings.containerName,
        task.taskArn
      )
    }
    this.task = task
    if (task.startedAt || task.lastStatus === 'RUNNING') this.mayHaveRun = true
  }

  /** Reads the log every few seconds while the migrator runs, so a failed migration ends the wait at once. */
  async poll(): Promise<void> {
    if (!this.destination || !this.mayHaveRun) return
    if (this.run.now() - this.lastRead < LOG_READ_INTERVAL_MS) return
    await this.read()
  }

  async read(): Promise<void> {
    const destination = this.destination
    if (!destination) return
    this.lastRead = this.run.now()
    let lines
    try {
      lines = await this.run.ports.logs.readStream(destination.group, destination.stream)
    } catch (error) {
      this.run.log.debug(`Reading ${destination.group}/${destination.stream}: ${errorMessage(error)}`)
      return
    }
    for (const line of lines.slice(this.printed))
      this.run.log.info(quoteUntrusted('  migrator | ', line.message))
    this.printed = Math.max(this.printed, lines.length)
    const check = migrationLogRecord(destination, lines)
    this.log = check
    if (check.errorLine) {
      throw new RolloutFailure(
        'migrator',
        'migration-error',
        `The migrator logged a failed migration: ${check.errorLine.trim()}`
      )
    }
    // A migrator that cannot reach the database will not migrate: no need to wait for ECS to retry it twice.
    const connection = classifyMigratorTask({
      taskId: taskIdOf(this.task?.taskArn),
      reachedRunning: true,
      stopped: false,
      logLines: lines.map(line => line.message)
    })
    if (connection.verdict === 'schema-untouched') {
      throw new RolloutFailure(
        'migrator',
        'migration-error',
        `The migrator could not connect to the database: ${connection.quotes[0] ?? connection.reason}`
      )
    }
  }

  /**
   * Without a container health check ECS calls a task healthy while Alembic may still be running (migrations
   * run before the port opens). Uvicorn's start-up lines in the log are then the sign the migration is over.
   */
  private async awaitStartupComplete(): Promise<void> {
    const { run } = this
    while (!STARTUP_COMPLETE.test(this.log?.lines.map(line => line.message).join('\n') ?? '')) {
      if (run.cancelled)
        throw new RolloutFailure('migrator', 'cancelled', 'Cancelled while the migrator was starting.')
      if (run.now() >= run.deadline) {
        throw new RolloutFailure(
          'migrator',
          'timeout',
          'Timed out waiting for the migrator to finish starting: without a health check its log has to say so.'
        )
      }
      await run.ports.clock.sleep(LOG_READ_INTERVAL_MS, run.signal)
      await this.read()
    }
  }

  /** After HEALTHY: the log must be there and clean. A healthy migrator is not proof of a good migration. */
  async verify(hasHealthCheck: boolean): Promise<string> {
    if (!this.destination) {
      this.run.warn(
        `The migrator's log could not be checked: container '${this.run.settings.containerName}' does not log with the awslogs driver. Check the migration in your log system.`
      )
      return 'migration log not checked (no awslogs configuration)'
    }
    for (const delay of FINAL_LOG_READS) {
      if (delay > 0) await this.run.ports.clock.sleep(delay, this.run.signal)
      await this.read()
      if ((this.log?.lines.length ?? 0) > 0) break
    }
    if (!hasHealthCheck) await this.awaitStartupComplete()
    const log = this.log
    if (!log || log.lines.length === 0) {
      throw new RolloutFailure(
        'migrator',
        'migration-log-unreadable',
        `The migrator is HEALTHY but its log stream ${this.destination.group} / ${this.destination.stream} has no events: the migration cannot be confirmed.`
      )
    }
    return `migration log clean (${log.upgrades} upgrade step${log.upgrades === 1 ? '' : 's'}, ${log.lines.length} lines)`
  }
}

/**
 * Drains the old tasks, runs exactly one task with migrations enabled and waits for a clean, healthy migration.
 * The step's settings (deployment-configuration.ts) keep ECS from replacing the migrator while it migrates:
 * a grace period covering timeout-minutes, and FARGATE only when the service uses Spot.
 */
export async function runMigratorPhase(
  run: RolloutView,
  migratorTaskDefinitionArn: string,
  migratorTaskDefinition: RegisterTaskDefinitionRequest,
  hasHealthCheck: boolean
): Promise<MigratorSeen> {
  const version = versionTag(run.plan.target.version)
  const settings = migratorSettings(run.previous, run.settings.timeoutMinutes)
  const watch = new MigratorWatch(run, migratorTaskDefinition)
  const notes: string[] = []
  const leaveRunning = async () => {
    const note = await keepMigratorRunning(run)
    if (note) notes.push(note)
  }
  const seen = (): MigratorSeen => ({
    ...(watch.task ? { task: watch.task } : {}),
    ...(watch.log ? { log: watch.log } : {}),
    mayHaveRun: watch.mayHaveRun,
    taskArns: [...watch.taskArns],
    notes
  })
  try {
    await run.phase(
      'migrator',
      `Migrator: run 1 task of ${version} with ENABLE_DB_MIGRATIONS=true`,
      async phase => {
        run.log.info(
          `Migrator settings: health check grace period ${settings.healthCheckGracePeriodSeconds} s (covers timeout-minutes)${settings.capacityProviderStrategy ? `, capacity ${describeStrategy(settings.capacityProviderStrategy)} (never Spot)` : ''}`
        )
        const deployed = await deployAndWait(run, phase, {
          phase: 'migrator',
          subject: 'the migrator',
          taskDefinitionArn: migratorTaskDefinitionArn,
          desiredCount: 1,
          exactDesiredCount: true,
          hasHealthCheck,
          request: settings,
          onTasks: own => watch.onTasks(own),
          onPoll: () => watch.poll(),
          onFailure: async result => {
            if (result.sawRunning) watch.mayHaveRun = true
            if (result.kind === 'timeout') await leaveRunning()
          }
        })
        if (deployed.sawRunning) watch.mayHaveRun = true
        watch.onTasks(
          tasksOfDeployment(deployed.tasks, deployed.started.deploymentId, migratorTaskDefinitionArn)
        )
        const logDetail = await watch.verify(hasHealthCheck).catch(async (error: unknown) => {
          // Without a health check the wait for Uvicorn's lines can outlive timeout-minutes too.
          if (error instanceof RolloutFailure && error.kind === 'timeout') await leaveRunning()
          throw error
        })
        const took = migrationDuration(run, watch.task)
        const detail = `task ${taskIdOf(watch.task?.taskArn)} ${hasHealthCheck ? 'HEALTHY' : 'RUNNING'}; ${logDetail}${took ? `; migrated in ${took}` : ''}`
        run.log.info(`Migrator done: ${detail}`)
        return { detail, value: undefined }
      }
    )
  } catch (failure) {
    return { ...seen(), failure }
  }
  return seen()
}

/** From the migrator's start to now (its migration is over: HEALTHY, or Uvicorn said so). */
function migrationDuration(run: RolloutView, task: Task | undefined): string | undefined {
  const startedAt = task?.startedAt
  if (!startedAt) return undefined
  return formatDuration(Math.max(0, run.now() - new Date(startedAt).getTime()))
}

/**
 * A migration that outlives timeout-minutes is left running, never killed: the grace period set for the step
 * would end about now and ECS would replace a migrator that is still migrating, so it is raised to a day. A
 * re-run resumes from the migrator revision and the fleet step puts the user's value back.
 */
async function keepMigratorRunning(run: RolloutView): Promise<string | undefined> {
  const seconds = Math.max(LEFT_RUNNING_GRACE_SECONDS, run.previous.healthCheckGracePeriodSeconds ?? 0)
  try {
    await updateServiceSettings(run, 'migrator', { healthCheckGracePeriodSeconds: seconds })
    return `The health check grace period is ${seconds} s (24 h) so that ECS does not replace the migrator while it migrates; the re-run's fleet step restores ${run.previous.healthCheckGracePeriodSeconds ?? 0} s.`
  } catch (error) {
    run.warn(
      `Could not extend the health check grace period (${errorMessage(error)}): ECS may replace the migrator once the one set for the step ends.`
    )
    return undefined
  }
}
