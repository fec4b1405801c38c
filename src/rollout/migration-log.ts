import type { RegisterTaskDefinitionRequest } from '../ports/ecs.js'
import type { LogLine } from '../ports/cloudwatch-logs.js'
import { taskIdOf } from '../domain/task-arns.js'
import { findContainer } from '../taskdef/container-definition.js'

/**
 * Open WebUI only logs a failed migration ("Error running migrations: ...") and carries on serving, so a
 * healthy migrator proves nothing: its log does. The awslogs driver writes each task's container output to
 * `awslogs-stream-prefix/container-name/task-id` in `awslogs-group`.
 */
export const MIGRATION_ERROR = /Error running migrations/
const UPGRADE_LINE = /Running upgrade /

export interface LogDestination {
  group: string
  stream: string
}

export function migratorLogDestination(
  taskDefinition: RegisterTaskDefinitionRequest,
  containerName: string,
  taskArn: string
): LogDestination | undefined {
  const logConfiguration = findContainer(taskDefinition, containerName)?.logConfiguration
  if (logConfiguration?.logDriver !== 'awslogs') return undefined
  const group = logConfiguration.options?.['awslogs-group']
  if (!group) return undefined
  const prefix = logConfiguration.options?.['awslogs-stream-prefix']
  const taskId = taskIdOf(taskArn)
  return { group, stream: prefix ? `${prefix}/${containerName}/${taskId}` : taskId }
}

export interface MigrationLogCheck {
  /** The first `Error running migrations` line. */
  errorLine?: string
  /** Alembic `Running upgrade a -> b` lines. */
  upgrades: number
}

export function checkMigrationLog(lines: LogLine[]): MigrationLogCheck {
  const errorLine = lines.find(line => MIGRATION_ERROR.test(line.message))?.message
  return {
    ...(errorLine ? { errorLine } : {}),
    upgrades: lines.filter(line => UPGRADE_LINE.test(line.message)).length
  }
}

/** The migrator's log as the report shows it: where it is, its lines, and what they say. */
export interface MigrationLogRecord extends LogDestination, MigrationLogCheck {
  lines: LogLine[]
}

export function migrationLogRecord(destination: LogDestination, lines: LogLine[]): MigrationLogRecord {
  return { ...destination, lines, ...checkMigrationLog(lines) }
}
