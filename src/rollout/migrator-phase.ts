import type { DeploymentConfiguration } from '@aws-sdk/client-ecs'
import type { RegisterTaskDefinitionRequest, Task } from '../ports/ecs.js'
import { errorMessage } from '../errors.js'
import { tasksOfDeployment } from './deployment-verdict.js'
import { checkMigrationLog, migratorLogDestination, type LogDestination } from './migration-log.js'
import { RolloutFailure, type RolloutRun } from './rollout-run.js'
import { startDeployment } from './start-deployment.js'
import { taskIdOf } from './task-inspection.js'
import { waitForDeployment } from './wait-for-deployment.js'
import { quoteUntrusted } from '../report/untrusted-log.js'

/**
 * The migrator step's deployment configuration: 0/100 at desired count 1 stops every old task before the one
 * migrator starts (old and new code never share the database across a schema change, and ECS never runs two
 * tasks of the service at once). The circuit breaker reports a migrator that keeps failing; its rollback is off
 * so ECS never brings the old image back after migrations may have run, and alarm rollbacks likewise.
 */
export function migratorDeploymentConfiguration(
  current: DeploymentConfiguration | undefined
): DeploymentConfiguration {
  return {
    ...(current?.alarms ? { alarms: { ...current.alarms, rollback: false } } : {}),
    minimumHealthyPercent: 0,
    maximumPercent: 100,
    deploymentCircuitBreaker: { enable: true, rollback: false }
  }
}

const LOG_READ_INTERVAL_MS = 3000
/** Uvicorn's lines once Open WebUI finished starting, migrations included. */
const STARTUP_COMPLETE = /Application startup complete|Uvicorn running on/
/** CloudWatch Logs shows events a few seconds after the container wrote them. */
const FINAL_LOG_READS = [0, 1000, 2000, 3000, 4000, 5000]

/** Follows the one migrator task: notes when it reached RUNNING, streams its log, stops on a migration error. */
class MigratorWatch {
  private destination?: LogDestination
  private printed = 0
  private lastRead = -Infinity

  constructor(
    private readonly run: RolloutRun,
    private readonly migratorTaskDefinition: RegisterTaskDefinitionRequest
  ) {}

  onTasks(own: Task[]): void {
    const task = own.find(candidate => candidate.lastStatus !== 'STOPPED') ?? own.at(-1)
    if (!task?.taskArn) return
    if (this.run.migratorTask?.taskArn !== task.taskArn) {
      this.run.context.log.info(`  migrator task ${taskIdOf(task.taskArn)}: ${task.lastStatus}`)
      this.printed = 0
      this.destination = migratorLogDestination(
        this.migratorTaskDefinition,
        this.run.context.settings.containerName,
        task.taskArn
      )
    }
    this.run.migratorTask = task
    if (task.startedAt || task.lastStatus === 'RUNNING') this.run.migrationsMayHaveRun = true
  }

  /** Reads the log every few seconds while the migrator runs, so a failed migration ends the wait at once. */
  async poll(): Promise<void> {
    if (!this.destination || !this.run.migrationsMayHaveRun) return
    if (this.run.now() - this.lastRead < LOG_READ_INTERVAL_MS) return
    await this.read()
  }

  async read(): Promise<void> {
    const destination = this.destination
    if (!destination) return
    this.lastRead = this.run.now()
    let lines
    try {
      lines = await this.run.context.ports.logs.readStream(destination.group, destination.stream)
    } catch (error) {
      this.run.context.log.debug(`Reading ${destination.group}/${destination.stream}: ${errorMessage(error)}`)
      return
    }
    for (const line of lines.slice(this.printed))
      this.run.context.log.info(quoteUntrusted('  migrator | ', line.message))
    this.printed = Math.max(this.printed, lines.length)
    const check = checkMigrationLog(lines)
    this.run.migrationLog = {
      ...destination,
      lines,
      upgrades: check.upgrades,
      ...(check.errorLine ? { errorLine: check.errorLine } : {})
    }
    if (check.errorLine) {
      throw new RolloutFailure(
        'migrator',
        'migration-error',
        `The migrator logged a failed migration: ${check.errorLine.trim()}`
      )
    }
  }

  /**
   * Without a container health check ECS calls a task healthy while Alembic may still be running (migrations
   * run before the port opens). Uvicorn's start-up lines in the log are then the sign the migration is over.
   */
  private async awaitStartupComplete(): Promise<void> {
    const { run } = this
    while (!STARTUP_COMPLETE.test(run.migrationLog?.lines.map(line => line.message).join('\n') ?? '')) {
      if (run.cancelled)
        throw new RolloutFailure('migrator', 'cancelled', 'Cancelled while the migrator was starting.')
      if (run.now() >= run.deadline) {
        throw new RolloutFailure(
          'migrator',
          'timeout',
          'Timed out waiting for the migrator to finish starting: without a health check its log has to say so.'
        )
      }
      await run.context.ports.clock.sleep(LOG_READ_INTERVAL_MS, run.context.signal)
      await this.read()
    }
  }

  /** After HEALTHY: the log must be there and clean. A healthy migrator is not proof of a good migration. */
  async verify(hasHealthCheck: boolean): Promise<string> {
    if (!this.destination) {
      this.run.warn(
        `The migrator's log could not be checked: container '${this.run.context.settings.containerName}' does not log with the awslogs driver. Check the migration in your log system.`
      )
      return 'migration log not checked (no awslogs configuration)'
    }
    for (const delay of FINAL_LOG_READS) {
      if (delay > 0) await this.run.context.ports.clock.sleep(delay, this.run.context.signal)
      await this.read()
      if ((this.run.migrationLog?.lines.length ?? 0) > 0) break
    }
    if (!hasHealthCheck) await this.awaitStartupComplete()
    const log = this.run.migrationLog
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

/** Drains the old tasks, runs exactly one task with migrations enabled and waits for a clean, healthy migration. */
export async function runMigratorPhase(
  run: RolloutRun,
  migratorTaskDefinitionArn: string,
  migratorTaskDefinition: RegisterTaskDefinitionRequest,
  hasHealthCheck: boolean
): Promise<void> {
  const version = `v${run.plan.target.version}`
  await run.phase(
    'migrator',
    `Migrator: stop the old tasks, run 1 task of ${version} with ENABLE_DB_MIGRATIONS=true`,
    async record => {
      const started = await startDeployment(run, 'migrator', {
        taskDefinition: migratorTaskDefinitionArn,
        desiredCount: 1,
        deploymentConfiguration: migratorDeploymentConfiguration(run.previous.deploymentConfiguration)
      })
      record.deploymentId = started.deploymentId
      if (started.serviceDeploymentArn) record.serviceDeploymentArn = started.serviceDeploymentArn
      run.failedDeploymentId = started.deploymentId
      const watch = new MigratorWatch(run, migratorTaskDefinition)
      const result = await waitForDeployment(run, {
        subject: 'the migrator',
        deploymentId: started.deploymentId,
        ...(started.serviceDeploymentArn ? { serviceDeploymentArn: started.serviceDeploymentArn } : {}),
        taskDefinitionArn: migratorTaskDefinitionArn,
        desiredCount: 1,
        exactDesiredCount: true,
        hasHealthCheck,
        deadline: run.deadline,
        onTasks: own => watch.onTasks(own),
        onPoll: () => watch.poll()
      })
      if (result.sawRunning) run.migrationsMayHaveRun = true
      if (result.status === 'failed') throw new RolloutFailure('migrator', result.kind, result.reason)
      watch.onTasks(tasksOfDeployment(result.tasks, started.deploymentId, migratorTaskDefinitionArn))
      const logDetail = await watch.verify(hasHealthCheck)
      run.failedDeploymentId = undefined
      record.detail = `task ${taskIdOf(run.migratorTask?.taskArn)} ${hasHealthCheck ? 'HEALTHY' : 'RUNNING'}; ${logDetail}`
      run.context.log.info(`Migrator done: ${record.detail}`)
    }
  )
}
