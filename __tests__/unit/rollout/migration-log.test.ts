import { expect, test } from '@jest/globals'
import type { RegisterTaskDefinitionRequest } from '../../../src/ports/ecs.js'
import { checkMigrationLog, migratorLogDestination } from '../../../src/rollout/migration-log.js'

const TASK = 'arn:aws:ecs:us-east-1:123456789012:task/prod/0123456789abcdef0123456789abcdef'

function definition(logConfiguration: unknown): RegisterTaskDefinitionRequest {
  return {
    family: 'open-webui',
    containerDefinitions: [{ name: 'open-webui', image: 'x', logConfiguration }]
  } as RegisterTaskDefinitionRequest
}

test('the awslogs stream is prefix/container/task-id in the configured group', () => {
  const destination = migratorLogDestination(
    definition({
      logDriver: 'awslogs',
      options: { 'awslogs-group': '/ecs/open-webui', 'awslogs-stream-prefix': 'ecs' }
    }),
    'open-webui',
    TASK
  )
  expect(destination).toEqual({
    group: '/ecs/open-webui',
    stream: 'ecs/open-webui/0123456789abcdef0123456789abcdef'
  })
})

test('no awslogs driver, no destination', () => {
  expect(
    migratorLogDestination(definition({ logDriver: 'awsfirelens', options: {} }), 'open-webui', TASK)
  ).toBeUndefined()
  expect(migratorLogDestination(definition(undefined), 'open-webui', TASK)).toBeUndefined()
})

test('a failed migration is found even though the app carried on and became healthy', () => {
  const lines = [
    'INFO  [open_webui.config] Running migrations',
    'INFO  [alembic.runtime.migration] Running upgrade a1 -> b2, add note table',
    'ERROR [open_webui.config] Error running migrations: (psycopg2.errors.DuplicateTable) relation "note" already exists',
    'INFO:     Application startup complete.'
  ].map((message, index) => ({ timestamp: index, message }))
  expect(checkMigrationLog(lines)).toEqual({ errorLine: lines[2].message, upgrades: 1 })
  expect(checkMigrationLog(lines.filter((_, index) => index !== 2))).toEqual({ upgrades: 1 })
})
