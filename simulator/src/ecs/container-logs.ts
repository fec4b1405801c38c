import { createHash } from 'node:crypto'
import type { EcsContext } from './context.js'
import { upgradeTo } from './database-revisions.js'
import { imageTag } from './image-reference.js'
import type { TaskRecord } from './model.js'

type Json = Record<string, unknown>

/** Where the awslogs driver sends a container's output: `prefix/container/task-id` in the configured group. */
export function awslogsDestination(
  containerDefinition: Json,
  taskId: string
): { group: string; stream: string } | undefined {
  const logConfiguration = containerDefinition.logConfiguration as Json | undefined
  if (logConfiguration?.logDriver !== 'awslogs') return undefined
  const options = (logConfiguration.options as Record<string, string> | undefined) ?? {}
  const group = options['awslogs-group']
  if (!group) return undefined
  const prefix = options['awslogs-stream-prefix']
  return { group, stream: prefix ? `${prefix}/${containerDefinition.name as string}/${taskId}` : taskId }
}

function write(ctx: EcsContext, task: TaskRecord, lines: string[]): void {
  const logs = task.appContainer.logs
  if (logs && lines.length > 0) ctx.world.logs.append(logs.group, logs.stream, lines)
}

/** A short hex revision id, stable per image, like alembic's. */
function revision(seed: string): string {
  return createHash('sha1').update(seed).digest('hex').slice(0, 12)
}

function version(image: string): string {
  const tag = imageTag(image) ?? 'main'
  return tag.startsWith('v') ? tag : `v${tag}`
}

/**
 * What Open WebUI prints while its config module is imported: with migrations enabled, alembic runs
 * `upgrade head` before the port opens; a failure is only logged and start-up carries on.
 */
export function writeStartupLogs(ctx: EcsContext, task: TaskRecord): void {
  const app = task.appContainer
  const lines: string[] = []
  const hasSecretKey = app.environment.WEBUI_SECRET_KEY !== undefined || hasSecret(task, 'WEBUI_SECRET_KEY')
  if (!hasSecretKey) {
    lines.push('Loading WEBUI_SECRET_KEY from file, not provided as an environment variable.')
    lines.push('Generating WEBUI_SECRET_KEY')
  }
  if (task.plan.databaseUnreachable) {
    lines.push(...databaseUnreachableLines(task.plan.databaseUnreachable))
    lines.push(...task.plan.logLines)
    write(ctx, task, lines)
    return
  }
  if (task.plan.migrationsEnabled) {
    const database =
      app.environment.DATABASE_URL !== undefined || hasSecret(task, 'DATABASE_URL')
        ? 'PostgresqlImpl'
        : 'SQLiteImpl'
    lines.push('INFO  [open_webui.config] Running migrations')
    lines.push(`INFO  [alembic.runtime.migration] Context impl ${database}.`)
    lines.push('INFO  [alembic.runtime.migration] Will assume transactional DDL.')
    // A slow migration prints its outcome only when it ends (writeServingLogs, once the port opens).
    if (task.plan.migrationMs === undefined) lines.push(...migrationOutcome(ctx, task))
  }
  lines.push(...task.plan.logLines)
  write(ctx, task, lines)
}

function migrationOutcome(ctx: EcsContext, task: TaskRecord): string[] {
  const app = task.appContainer
  const upgrades = upgradeTo(ctx, version(app.image))
  // A release the scenario has no revision files for: one step, between made-up revision ids.
  const lines = upgrades ?? [
    `INFO  [alembic.runtime.migration] Running upgrade ${revision(`${app.image}:from`)} -> ${revision(`${app.image}:to`)}, ${version(app.image)} schema`
  ]
  // Alembic logs each revision before running it: a failed migration comes after its upgrade line.
  if (task.plan.migrationError)
    return [lines[0]!, `ERROR [open_webui.config] Error running migrations: ${task.plan.migrationError}`]
  return lines
}

const DATABASE_SERVER = 'connection to server at "openwebui-db.internal" (10.0.12.34), port 5432 failed'

/** What psycopg2 says for each way of not reaching PostgreSQL. */
const DRIVER_MESSAGES: Record<NonNullable<TaskRecord['plan']['databaseUnreachable']>, string[]> = {
  'connection-refused': [
    `${DATABASE_SERVER}: Connection refused`,
    '\tIs the server running on that host and accepting TCP/IP connections?'
  ],
  'password-authentication-failed': [
    `${DATABASE_SERVER}: FATAL:  password authentication failed for user "openwebui"`
  ],
  'unknown-host': [
    'could not translate host name "openwebui-db.internal" to address: Name or service not known'
  ]
}

/**
 * Open WebUI 0.6's database layer (backend/open_webui/internal/db.py) connects for the legacy peewee migrations
 * while main.py imports it, before Alembic: `log.error(f"Failed to initialize the database connection: {e}")`,
 * then `raise`. The wrapper logs "Connected to PostgreSQL database" before it actually connects.
 */
function databaseUnreachableLines(kind: NonNullable<TaskRecord['plan']['databaseUnreachable']>): string[] {
  const [first, ...rest] = DRIVER_MESSAGES[kind]
  return [
    'Connected to PostgreSQL database',
    `Failed to initialize the database connection: ${first}`,
    ...rest,
    'Traceback (most recent call last):',
    '  File "/usr/local/bin/uvicorn", line 8, in <module>',
    '  File "/app/backend/open_webui/main.py", line 89, in <module>',
    '    from open_webui.internal.db import Session, engine',
    '  File "/app/backend/open_webui/internal/db.py", line 75, in <module>',
    '    handle_peewee_migration(DATABASE_URL)',
    '  File "/app/backend/open_webui/internal/db.py", line 57, in handle_peewee_migration',
    '    db = register_connection(DATABASE_URL.replace("postgresql://", "postgres://"))',
    '  File "/app/backend/open_webui/internal/wrappers.py", line 58, in register_connection',
    '    db.connect(reuse_if_open=True)',
    `peewee.OperationalError: ${first}`,
    ...rest
  ]
}

/** Uvicorn's lines once the port is open (the point where `/health` starts answering). */
export function writeServingLogs(ctx: EcsContext, task: TaskRecord): void {
  write(ctx, task, [
    ...(task.plan.migrationMs !== undefined ? migrationOutcome(ctx, task) : []),
    `${version(task.appContainer.image)} - building the best AI user interface.`,
    'INFO:     Started server process [1]',
    'INFO:     Waiting for application startup.',
    'INFO:     Application startup complete.',
    'INFO:     Uvicorn running on http://0.0.0.0:8080 (Press CTRL+C to quit)'
  ])
}

function hasSecret(task: TaskRecord, name: string): boolean {
  const definition = (task.taskDefinition.body.containerDefinitions as Json[]).find(
    container => container.name === task.appContainer.name
  )
  return ((definition?.secrets as { name: string }[] | undefined) ?? []).some(secret => secret.name === name)
}
