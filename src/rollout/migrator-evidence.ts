/**
 * What a failed migrator did to the database, read from its log and its task. Pure: no I/O.
 *
 * Open WebUI (backend/open_webui) migrates while its modules are imported, before the port opens:
 * - up to 0.9.x, `internal/db.py` first runs the legacy peewee migrations through `handle_peewee_migration`,
 *   which connects to the database and, on any error, logs `Failed to initialize the database connection: …`
 *   and re-raises: the process dies before Alembic is even imported (the wrapper logs "Connected to
 *   PostgreSQL database" before it connects, so that line proves nothing);
 * - `config.py`'s `run_migrations()` logs `Running migrations`, runs `alembic upgrade head` and, on any
 *   exception, only logs `Error running migrations: …` and carries on;
 * - `migrations/env.py` connects (`connectable.connect()`), then `context.configure(...)`, after which Alembic
 *   logs `Context impl PostgresqlImpl.` and `Will assume transactional DDL.`, then runs every pending revision
 *   inside one `context.begin_transaction()`, logging `Running upgrade A -> B, message` before each.
 * So a database error before any `Running upgrade` line and before Alembic's `Context impl` line happened while
 * connecting: no revision ran. Anything else that cannot be shown untouched counts as "may have run".
 */

import type { MigratorEvidence, MigratorVerdict, TaskEvidence } from '../domain/migrator-evidence.js'

/** One migrator task as ECS and CloudWatch Logs saw it. */
export interface MigratorTaskFacts {
  taskId: string
  /** ECS set startedAt / lastStatus RUNNING: the container ran. */
  reachedRunning: boolean
  stopped: boolean
  stopCode?: string
  /** Exit code of the Open WebUI container, once it exited. */
  exitCode?: number
  startedAt?: number
  stoppedAt?: number
  /** The container's log, oldest first; undefined when it could not be read (no awslogs, read failed). */
  logLines?: string[]
}

/** Alembic's line before each revision (`Running upgrade  -> 7e5b5dc7342b, init` from an empty database). */
const ALEMBIC_STEP = /Running (?:upgrade|downgrade) \S* ?-> ?\S+/
/** peewee_migrate's line for each legacy migration it applies (`Migrating 001_initial_schema`). */
const PEEWEE_STEP = /\bMigrat(?:ing|e)\b "?\d{3}_\w+/
/** Alembic logs these once it holds a connection (MigrationContext.configure). */
const ALEMBIC_CONNECTED = /Context impl \w+|Will assume (?:non-)?transactional DDL/
const MIGRATION_ERROR = /Error running migrations/
/** A database driver or Open WebUI's own connection message on the line... */
const DATABASE_CONTEXT =
  /OperationalError|Failed to initialize the database connection|Error running migrations|psycopg|asyncpg|pymysql|sqlite3|InterfaceError/
/** ...and what the driver says when it cannot connect or log in. */
const CONNECTION_FAILURE = new RegExp(
  [
    'connection refused',
    'could not connect to server',
    'password authentication failed',
    'no pg_hba\\.conf entry',
    'could not translate host name',
    'name or service not known',
    'temporary failure in name resolution',
    'timeout expired',
    'connection timed out',
    'database "[^"]*" does not exist',
    'role "[^"]*" does not exist',
    'server does not support ssl',
    'ssl (?:connection )?is required',
    'unable to open database file',
    "can't connect to mysql server",
    'access denied for user'
  ].join('|'),
  'i'
)
const TRACEBACK = /^\s*Traceback \(most recent call last\)/
const FRAME = /^\s*File "([^"]+)", line \d+/
/** Frames that reach the database layer or the migrations: a crash there may come after a migration. */
const MIGRATING_FRAME = /open_webui\/(?:internal\/|config\.py|migrations\/)|\/alembic\/|peewee/
/** The exception line that ends a traceback: `ValueError: …`, `sqlalchemy.exc.OperationalError: …`. */
const EXCEPTION_LINE = /^[A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt)\b:?/

const QUOTE_CHARS = 300

export function classifyMigratorTask(facts: MigratorTaskFacts): TaskEvidence {
  const { taskId } = facts
  const exit = exitText(facts)
  const verdict = (value: MigratorVerdict, basis: string, quotes: string[] = []): TaskEvidence => ({
    taskId,
    verdict: value,
    reason: `${basis}${facts.reachedRunning && facts.logLines ? exit : ''}`,
    basis,
    quotes: quotes.map(quote => shorten(quote.trim()))
  })
  if (!facts.reachedRunning) {
    return verdict(
      'schema-untouched',
      `never reached RUNNING${facts.stopCode ? ` (${facts.stopCode})` : ''}: Open WebUI never started`
    )
  }
  const lines = facts.logLines
  if (!lines) return verdict('unknown', 'its log could not be read')

  const steps = lines.filter(line => ALEMBIC_STEP.test(line) || PEEWEE_STEP.test(line))
  const error = lines.find(line => MIGRATION_ERROR.test(line))
  if (steps.length > 0) {
    const shown = steps.length > 2 ? [steps[0], steps.at(-1)!] : steps
    return verdict(
      'migrations-may-have-run',
      `logged ${steps.length} migration step${steps.length === 1 ? '' : 's'}${error ? ', then a migration error' : ''}`,
      [...shown, ...(error ? [error] : [])]
    )
  }

  const connectionIndex = lines.findIndex(
    line => DATABASE_CONTEXT.test(line) && CONNECTION_FAILURE.test(line)
  )
  const connectedIndex = lines.findIndex(line => ALEMBIC_CONNECTED.test(line))
  if (connectionIndex >= 0 && (connectedIndex < 0 || connectedIndex > connectionIndex)) {
    return verdict('schema-untouched', 'could not connect to the database, before any migration step', [
      lines[connectionIndex]
    ])
  }
  if (connectedIndex >= 0 || error) {
    return verdict(
      'unknown',
      `${connectedIndex >= 0 ? 'connected to the database' : 'logged a migration error'} but logged no migration step: the log cannot show the schema untouched`,
      [...(error ? [error] : []), ...(connectedIndex >= 0 ? [lines[connectedIndex]] : [])]
    )
  }

  const crash = earlyCrash(lines)
  if (crash && facts.stopped && facts.exitCode !== undefined && facts.exitCode !== 0) {
    return verdict('schema-untouched', 'crashed before the database and migrations modules ran', [crash])
  }
  if (lines.length === 0) return verdict('unknown', 'its log is empty')
  return verdict('unknown', 'logged no migration step and no database error')
}

/**
 * All migrator tasks of the deployment together: untouched only when every one is; one that may have migrated
 * makes the whole "may have run"; otherwise unknown (which the rollout treats as "may have run").
 */
export function classifyMigrator(tasks: MigratorTaskFacts[]): MigratorEvidence {
  const evidence = tasks.map(classifyMigratorTask)
  if (evidence.length === 0) {
    return { verdict: 'unknown', reason: 'no migrator task was found to judge', tasks: [] }
  }
  const ran = evidence.filter(task => task.verdict === 'migrations-may-have-run')
  const unknown = evidence.filter(task => task.verdict === 'unknown')
  const count = evidence.length === 1 ? 'the migrator' : `${evidence.length} migrator tasks`
  if (ran.length > 0) {
    return {
      verdict: 'migrations-may-have-run',
      reason: `migrator task ${ran[0].taskId} ${ran[0].reason}`,
      tasks: evidence
    }
  }
  if (unknown.length > 0) {
    return {
      verdict: 'unknown',
      reason: `migrator task ${unknown[0].taskId} ${unknown[0].reason}`,
      tasks: evidence
    }
  }
  return {
    verdict: 'schema-untouched',
    reason: `${count}: ${[...new Set(evidence.map(task => task.basis))].join('; ')}`,
    tasks: evidence
  }
}

/** The exception line of a traceback none of whose frames reached the database layer or the migrations. */
function earlyCrash(lines: string[]): string | undefined {
  const start = lines.findIndex(line => TRACEBACK.test(line))
  if (start < 0) return undefined
  const rest = lines.slice(start + 1)
  const frames = rest.flatMap(line => FRAME.exec(line)?.[1] ?? [])
  if (frames.length === 0 || frames.some(frame => MIGRATING_FRAME.test(frame))) return undefined
  return rest.find(line => EXCEPTION_LINE.test(line))
}

function exitText(facts: MigratorTaskFacts): string {
  if (!facts.stopped) return ''
  const code = facts.exitCode !== undefined ? ` with code ${facts.exitCode}` : ''
  const after =
    facts.startedAt !== undefined && facts.stoppedAt !== undefined
      ? ` ${Math.max(0, Math.round((facts.stoppedAt - facts.startedAt) / 1000))} s after it started`
      : ''
  return `; it exited${code}${after}`
}

function shorten(text: string): string {
  return text.length > QUOTE_CHARS ? `${text.slice(0, QUOTE_CHARS)}…` : text
}
