import { describe, expect, test } from '@jest/globals'
import {
  classifyMigrator,
  classifyMigratorTask,
  type MigratorTaskFacts
} from '../../../src/rollout/migrator-evidence.js'

/**
 * Log shapes from Open WebUI's source (open-webui/open-webui, as mirrored in yshishenya/open-webui):
 * - v0.6.9 / v0.9.5 backend/open_webui/internal/db.py, handle_peewee_migration: `log.error(f"Failed to
 *   initialize the database connection: {e}")`, a hint on URL-encoding the password (0.9.x), then `raise`;
 *   internal/wrappers.py logs "Connected to PostgreSQL database" *before* `db.connect()`;
 * - config.py run_migrations: `log.info("Running migrations")`, `command.upgrade(alembic_cfg, "head")`,
 *   `log.exception(f"Error running migrations: {e}")` and carry on;
 * - alembic.ini's formatter `%(levelname)-5.5s [%(name)s] %(message)s`, which migrations/env.py installs with
 *   fileConfig; Alembic's MigrationContext logs `Context impl PostgresqlImpl.` / `Will assume transactional DDL.`
 *   once configured with a live connection, and `Running upgrade A -> B, message` before each revision.
 * The awslogs driver makes every output line its own event, so a traceback is many lines.
 */
const HOST = '"openwebui.cluster-c1a2b3d4e5f6.us-east-1.rds.amazonaws.com" (10.0.12.34), port 5432'

/** v0.6.x-0.9.x: the peewee layer connects first and the process dies before Alembic. */
const PEEWEE_CONNECTION_REFUSED = [
  'Loading WEBUI_SECRET_KEY from file, not provided as an environment variable.',
  'Connected to PostgreSQL database',
  `Failed to initialize the database connection: connection to server at ${HOST} failed: Connection refused`,
  '\tIs the server running on that host and accepting TCP/IP connections?',
  'Hint: If your database password contains special characters, you may need to URL-encode it.',
  'Traceback (most recent call last):',
  '  File "/usr/local/bin/uvicorn", line 8, in <module>',
  '  File "/app/backend/open_webui/main.py", line 41, in <module>',
  '    from open_webui.models.auths import Auths',
  '  File "/app/backend/open_webui/internal/db.py", line 80, in <module>',
  '    handle_peewee_migration(DATABASE_URL)',
  '  File "/usr/local/lib/python3.11/site-packages/peewee.py", line 3232, in connect',
  `peewee.OperationalError: connection to server at ${HOST} failed: Connection refused`,
  '\tIs the server running on that host and accepting TCP/IP connections?'
]

const PEEWEE_PASSWORD_FAILED = [
  'Connected to PostgreSQL database',
  `Failed to initialize the database connection: connection to server at ${HOST} failed: FATAL:  password authentication failed for user "openwebui"`,
  'Traceback (most recent call last):',
  '  File "/app/backend/open_webui/internal/db.py", line 80, in <module>',
  `peewee.OperationalError: connection to server at ${HOST} failed: FATAL:  password authentication failed for user "openwebui"`
]

/** Without the peewee layer: Alembic's own connect fails inside run_migrations, which only logs it. */
const ALEMBIC_CONNECTION_REFUSED = [
  'INFO:open_webui.config:Running migrations',
  `ERROR:open_webui.config:Error running migrations: (psycopg2.OperationalError) connection to server at ${HOST} failed: Connection refused`,
  '\tIs the server running on that host and accepting TCP/IP connections?',
  '',
  '(Background on this error at: https://sqlalche.me/e/20/e3q8)',
  'Traceback (most recent call last):',
  '  File "/app/backend/open_webui/config.py", line 70, in run_migrations',
  '    command.upgrade(alembic_cfg, "head")',
  '  File "/app/backend/open_webui/migrations/env.py", line 95, in run_migrations_online',
  `sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) connection to server at ${HOST} failed: Connection refused`
]

const UNKNOWN_HOST = [
  'Connected to PostgreSQL database',
  'Failed to initialize the database connection: could not translate host name "openwebui-db.internal" to address: Name or service not known'
]

/** A migration that failed half-way: Alembic had started a revision. */
const UPGRADE_THEN_ERROR = [
  'INFO  [open_webui.config] Running migrations',
  'INFO  [alembic.runtime.migration] Context impl PostgresqlImpl.',
  'INFO  [alembic.runtime.migration] Will assume transactional DDL.',
  'INFO  [alembic.runtime.migration] Running upgrade 3781e22d8b01 -> 9f0c9cd09105, Add note table',
  'INFO  [alembic.runtime.migration] Running upgrade 9f0c9cd09105 -> 018012973d35, Add indexes',
  'ERROR [open_webui.config] Error running migrations: (psycopg2.errors.DuplicateTable) relation "note" already exists'
]

const CLEAN_START = [
  'INFO  [alembic.runtime.migration] Context impl PostgresqlImpl.',
  'INFO  [alembic.runtime.migration] Will assume transactional DDL.',
  'INFO:     Application startup complete.'
]

/** Alembic connected, then failed before any revision: e.g. a database newer than the code. */
const CONNECTED_THEN_ERROR = [
  'INFO  [alembic.runtime.migration] Context impl PostgresqlImpl.',
  'INFO  [alembic.runtime.migration] Will assume transactional DDL.',
  "ERROR [open_webui.config] Error running migrations: Can't locate revision identified by 'd31026856c01'"
]

/** A missing setting makes env.py raise before the database layer is imported. */
const EARLY_CRASH = [
  'Traceback (most recent call last):',
  '  File "/usr/local/bin/uvicorn", line 8, in <module>',
  '  File "/app/backend/open_webui/main.py", line 29, in <module>',
  '    from open_webui.env import (',
  '  File "/app/backend/open_webui/env.py", line 412, in <module>',
  '    raise ValueError(ERROR_MESSAGES.ENV_VAR_NOT_FOUND)',
  'ValueError: Required environment variable not found. Terminating now.'
]

function stoppedTask(logLines: string[] | undefined, exitCode = 1): MigratorTaskFacts {
  return {
    taskId: 'a1b2c3',
    reachedRunning: true,
    stopped: true,
    stopCode: 'EssentialContainerExited',
    exitCode,
    startedAt: 1_000,
    stoppedAt: 7_400,
    ...(logLines ? { logLines } : {})
  }
}

describe('schema untouched', () => {
  test.each([
    ['peewee connection refused (0.6-0.9)', PEEWEE_CONNECTION_REFUSED],
    ['peewee password authentication failed', PEEWEE_PASSWORD_FAILED],
    ['Alembic connection refused, logged by run_migrations', ALEMBIC_CONNECTION_REFUSED],
    ['unknown host', UNKNOWN_HOST]
  ])('%s: a database error before any upgrade line', (_name, lines) => {
    const evidence = classifyMigratorTask(stoppedTask(lines))
    expect(evidence.verdict).toBe('schema-untouched')
    expect(evidence.reason).toBe(
      'could not connect to the database, before any migration step; it exited with code 1 6 s after it started'
    )
    expect(evidence.quotes).toHaveLength(1)
    expect(evidence.quotes[0]).toMatch(/Connection refused|password authentication failed|Name or service/)
  })

  test('the quoted line is the one that says why, not the misleading "Connected to PostgreSQL database"', () => {
    expect(classifyMigratorTask(stoppedTask(PEEWEE_CONNECTION_REFUSED)).quotes[0]).toMatch(
      /^Failed to initialize the database connection: connection to server at .* Connection refused$/
    )
  })

  test('a connection error rests on the log alone: the task may not have exited yet', () => {
    const evidence = classifyMigratorTask({ ...stoppedTask(ALEMBIC_CONNECTION_REFUSED), stopped: false })
    expect(evidence.verdict).toBe('schema-untouched')
    expect(evidence.reason).toBe('could not connect to the database, before any migration step')
  })

  test('a crash whose traceback never reached the database layer, with a non-zero exit', () => {
    const evidence = classifyMigratorTask(stoppedTask(EARLY_CRASH))
    expect(evidence).toMatchObject({
      verdict: 'schema-untouched',
      quotes: ['ValueError: Required environment variable not found. Terminating now.']
    })
    expect(evidence.reason).toMatch(/^crashed before the database and migrations modules ran; it exited/)
  })

  test('a task that never reached RUNNING never ran Open WebUI', () => {
    expect(
      classifyMigratorTask({
        taskId: 't',
        reachedRunning: false,
        stopped: true,
        stopCode: 'TaskFailedToStart'
      })
    ).toMatchObject({ verdict: 'schema-untouched', reason: expect.stringContaining('TaskFailedToStart') })
  })

  test('every migrator task untouched: the whole migrator is', () => {
    const evidence = classifyMigrator([
      stoppedTask(PEEWEE_CONNECTION_REFUSED),
      { ...stoppedTask(PEEWEE_CONNECTION_REFUSED), taskId: 'd4e5f6' }
    ])
    expect(evidence.verdict).toBe('schema-untouched')
    expect(evidence.reason).toBe(
      '2 migrator tasks: could not connect to the database, before any migration step'
    )
  })
})

describe('migrations ran or may have run', () => {
  test('an upgrade line then an error: held, with the first and last step and the error quoted', () => {
    const evidence = classifyMigratorTask(stoppedTask(UPGRADE_THEN_ERROR))
    expect(evidence.verdict).toBe('migrations-may-have-run')
    expect(evidence.reason).toBe(
      'logged 2 migration steps, then a migration error; it exited with code 1 6 s after it started'
    )
    expect(evidence.basis).toBe('logged 2 migration steps, then a migration error')
    expect(evidence.quotes).toEqual([
      'INFO  [alembic.runtime.migration] Running upgrade 3781e22d8b01 -> 9f0c9cd09105, Add note table',
      'INFO  [alembic.runtime.migration] Running upgrade 9f0c9cd09105 -> 018012973d35, Add indexes',
      'ERROR [open_webui.config] Error running migrations: (psycopg2.errors.DuplicateTable) relation "note" already exists'
    ])
  })

  test('an upgrade from an empty database and a connection lost afterwards still counts as ran', () => {
    const lines = [
      'INFO  [alembic.runtime.migration] Running upgrade  -> 7e5b5dc7342b, init',
      `sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) connection to server at ${HOST} failed: Connection refused`
    ]
    expect(classifyMigratorTask(stoppedTask(lines)).verdict).toBe('migrations-may-have-run')
  })

  test('a legacy peewee migration step counts', () => {
    expect(classifyMigratorTask(stoppedTask(['Migrating 001_initial_schema'])).verdict).toBe(
      'migrations-may-have-run'
    )
  })

  test('one task that migrated outweighs any number that could not connect', () => {
    const evidence = classifyMigrator([
      stoppedTask(PEEWEE_CONNECTION_REFUSED),
      { ...stoppedTask(UPGRADE_THEN_ERROR), taskId: 'later' }
    ])
    expect(evidence).toMatchObject({ verdict: 'migrations-may-have-run' })
    expect(evidence.reason).toMatch(/^migrator task later logged 2 migration steps/)
  })
})

describe('unknown stays conservative', () => {
  test.each([
    [
      'connected, then an error before any step',
      CONNECTED_THEN_ERROR,
      /connected to the database but logged no/
    ],
    ['connected and no error (a log cut short)', CLEAN_START, /connected to the database but logged no/],
    ['an empty log', [], /its log is empty/]
  ])('%s', (_name, lines, reason) => {
    const evidence = classifyMigratorTask(stoppedTask(lines))
    expect(evidence.verdict).toBe('unknown')
    expect(evidence.reason).toMatch(reason)
  })

  test('a crash inside the migrations without a database error is not "untouched"', () => {
    const lines = [
      'Traceback (most recent call last):',
      '  File "/app/backend/open_webui/config.py", line 70, in run_migrations',
      "KeyError: 'note'"
    ]
    expect(classifyMigratorTask(stoppedTask(lines)).verdict).toBe('unknown')
  })

  test('an early crash that exited 0 or is still running is not enough', () => {
    expect(classifyMigratorTask(stoppedTask(EARLY_CRASH, 0)).verdict).toBe('unknown')
    expect(
      classifyMigratorTask({ ...stoppedTask(EARLY_CRASH), stopped: false, exitCode: undefined }).verdict
    ).toBe('unknown')
  })

  test('an unreadable log, or no task at all', () => {
    expect(classifyMigratorTask(stoppedTask(undefined)).verdict).toBe('unknown')
    expect(classifyMigrator([]).verdict).toBe('unknown')
    expect(classifyMigrator([stoppedTask(PEEWEE_CONNECTION_REFUSED), stoppedTask(undefined)]).verdict).toBe(
      'unknown'
    )
  })

  test('a Redis connection refused is not a database error', () => {
    const lines = [
      'redis.exceptions.ConnectionError: Error 111 connecting to redis:6379. Connection refused.'
    ]
    expect(classifyMigratorTask(stoppedTask(lines)).verdict).toBe('unknown')
  })
})
