import { settingsOf } from '../../support/mode-settings.js'
import { captureLog } from '../../support/captured-log.js'
import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { InputError, PhaseError } from '../../../src/errors.js'
import { buildPlan } from '../../../src/plan/build-plan.js'
import type { RawInputs } from '../../../src/settings/inputs.js'
import { parseSettings } from '../../../src/settings/parse-settings.js'
import { rawInputs } from '../settings/raw-inputs.js'
import { DIGEST, SECRET_PREFIX, defaultWorld, fakePorts, type FakeWorld } from './fake-ports.js'

const SECRETS = 'DATABASE_URL=open-webui/db\nREDIS_URL=open-webui/redis\nWEBUI_SECRET_KEY=open-webui/key'

async function plan(
  inputs: Partial<RawInputs> = {},
  world: Partial<FakeWorld> = {},
  files: Record<string, string> = {}
) {
  const workspace = mkdtempSync(path.join(tmpdir(), 'build-plan-'))
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(workspace, name), text)
  const settings = settingsOf(
    'deploy',
    parseSettings(rawInputs({ secrets: SECRETS, ...inputs }), {
      GITHUB_WORKSPACE: workspace,
      AWS_REGION: 'us-east-1'
    })
  )
  const { ports, reads } = fakePorts(defaultWorld(world))
  const log = captureLog()
  const result = await buildPlan({ settings, ports, log })
  return { plan: result, reads, log }
}

type Json = Record<string, unknown>
const openWebui = (taskDefinition: unknown) =>
  (taskDefinition as { containerDefinitions: Json[] }).containerDefinitions[0]

describe('buildPlan', () => {
  it('plans an upgrade across a migration: pin, migrator, fleet, steps, all checks OK', async () => {
    const { plan: result, reads } = await plan({ version: 'latest' })
    expect(result.current).toMatchObject({
      version: '0.6.5',
      desiredCount: 2,
      image: 'ghcr.io/open-webui/open-webui:v0.6.5'
    })
    expect(result.current.release?.tagName).toBe('v0.6.5')
    expect(result.target).toMatchObject({
      version: '0.6.7',
      tag: 'v0.6.7',
      digest: DIGEST,
      image: `ghcr.io/open-webui/open-webui:v0.6.7@${DIGEST}`
    })
    expect(result.releaseRange.map(release => release.tagName)).toEqual(['v0.6.6', 'v0.6.7'])
    expect(result.migrations).toMatchObject({
      status: 'true',
      newRevisions: ['9f0c9cd09105_add_note_table.py']
    })
    expect(result.strategy).toBe('migrate')
    expect(result.versionSource).toBe('latest')
    expect(result.desiredCount).toBe(2)
    expect(openWebui(result.fleetTaskDefinition).image).toBe(result.target.image)
    expect(openWebui(result.fleetTaskDefinition).environment).toContainEqual({
      name: 'ENABLE_DB_MIGRATIONS',
      value: 'false'
    })
    expect(openWebui(result.migratorTaskDefinition).environment).toContainEqual({
      name: 'ENABLE_DB_MIGRATIONS',
      value: 'true'
    })
    expect(openWebui(result.fleetTaskDefinition).secrets).toEqual([
      { name: 'DATABASE_URL', valueFrom: `${SECRET_PREFIX}open-webui/db-AbCdEf` },
      { name: 'REDIS_URL', valueFrom: `${SECRET_PREFIX}open-webui/redis-AbCdEf` },
      { name: 'WEBUI_SECRET_KEY', valueFrom: `${SECRET_PREFIX}open-webui/key-AbCdEf` }
    ])
    expect(result.fleetTaskDefinition).not.toHaveProperty('revision')
    expect(result.steps.map(step => step.phase)).toEqual(['drain', 'migrator', 'fleet'])
    expect(result.steps[0].description).toBe(
      'Stop the 2 running v0.6.5 tasks (desired count 0, then wait until every task is STOPPED before the migrator starts; the drain takes about 330 s (deregistration delay 300 s of owui, stopTimeout 30 s) and counts toward timeout-minutes): Open WebUI is down until the migrator is healthy'
    )
    expect(result.steps[2].description).toBe(
      'Start the fleet: 2 tasks of v0.6.7 (ENABLE_DB_MIGRATIONS=false), replacing the migrator'
    )
    expect(result.checks.filter(check => check.status !== 'OK' && check.status !== 'SKIP')).toEqual([])
    expect(result.checks.map(check => check.name)).toEqual([
      'Cluster',
      'Service',
      'Deployments',
      'Image',
      'Secret DATABASE_URL',
      'Secret REDIS_URL',
      'Secret WEBUI_SECRET_KEY',
      'Fargate size',
      'Health check',
      'Auto Scaling',
      'Target group owui'
    ])
    expect(result.findings).toEqual([])
    expect(result.blocked).toBe(false)
    expect(result.taskDefinitionDiff).toContain(
      `+      "image": "ghcr.io/open-webui/open-webui:v0.6.7@${DIGEST}",`
    )
    expect(result.hash).toMatch(/^[0-9a-f]{64}$/)
    expect(reads).not.toContain('GetSecretValue')
  })

  it('plans a rolling update when the range adds no migration, or when migration is never', async () => {
    const { plan: rolling } = await plan(
      { version: 'v0.6.7' },
      { runningImage: 'ghcr.io/open-webui/open-webui:v0.6.6' }
    )
    expect(rolling.migrations.status).toBe('false')
    expect(rolling.strategy).toBe('rolling')
    expect(rolling.steps).toEqual([
      {
        phase: 'rolling',
        description:
          'Rolling update v0.6.6 -> v0.6.7: 2 tasks (ENABLE_DB_MIGRATIONS=false); the v0.6.6 tasks serve until the new ones are healthy'
      }
    ])
    expect((await plan({ version: 'latest', migration: 'never' })).plan.strategy).toBe('rolling')
    expect(
      (
        await plan(
          { version: 'v0.6.7', migration: 'always' },
          { runningImage: 'ghcr.io/open-webui/open-webui:v0.6.6' }
        )
      ).plan.strategy
    ).toBe('migrate')
  })

  it('treats an unknown running version as a migration', async () => {
    const { plan: result } = await plan(
      { version: 'latest' },
      { runningImage: 'ghcr.io/open-webui/open-webui:main' }
    )
    expect(result.current.version).toBeUndefined()
    expect(result.migrations.status).toBe('unknown')
    expect(result.strategy).toBe('migrate')
    expect(result.findings.map(finding => finding.code)).toEqual(['image-tag-moving'])
    expect(result.steps[0].description).toContain('Stop the 2 running current tasks')
  })

  it('is unchanged when the rendered task definition is the running one', async () => {
    const pinned = `ghcr.io/open-webui/open-webui:v0.6.7@${DIGEST}`
    const { plan: result } = await plan({ version: 'v0.6.7' }, { runningImage: pinned })
    expect(result.strategy).toBe('unchanged')
    expect(result.steps).toEqual([])
    expect(result.taskDefinitionDiff).toBe('')
    const { plan: scaled } = await plan({ version: 'v0.6.7', 'desired-count': '3' }, { runningImage: pinned })
    expect(scaled.strategy).toBe('rolling')
    expect(scaled.desiredCount).toBe(3)
  })

  it('takes the version the running image pins when no version is given', async () => {
    const { plan: result } = await plan({}, {})
    expect(result.versionSource).toBe('task-definition')
    expect(result.target.version).toBe('0.6.5')
    expect(result.migrations.status).toBe('false')
  })

  it('suspends and restores scaling around a migration', async () => {
    const { plan: result } = await plan({ version: 'latest' }, { scaling: { min: 2, max: 10 } })
    expect(result.autoScaling).toEqual({ minCapacity: 2, maxCapacity: 10, suspended: false })
    expect(result.steps.map(step => step.phase)).toEqual([
      'suspend-scaling',
      'drain',
      'migrator',
      'fleet',
      'restore-scaling'
    ])
    expect(result.steps[0].description).toBe(
      'Suspend Application Auto Scaling (min 2, max 10) so it cannot start a second migrator'
    )
  })

  it('blocks on a missing or deleted secret and warns about the target group, without failing', async () => {
    const { plan: result } = await plan(
      { version: 'latest' },
      {
        secrets: [{ name: 'open-webui/db' }, { name: 'open-webui/key', deleted: true }],
        targetGroup: { path: '/', sticky: false },
        healthCheck: false
      }
    )
    expect(result.blocked).toBe(true)
    const byName = Object.fromEntries(result.checks.map(check => [check.name, check.status]))
    expect(byName).toMatchObject({
      'Secret DATABASE_URL': 'OK',
      'Secret REDIS_URL': 'NG',
      'Secret WEBUI_SECRET_KEY': 'NG',
      'Health check': 'WARN',
      'Target group owui': 'WARN'
    })
    expect(result.findings.map(finding => `${finding.level}:${finding.code}`)).toEqual([
      'error:secret-not-found',
      'error:secret-scheduled-for-deletion',
      'warning:target-group-health-check',
      'warning:target-group-stickiness',
      'warning:health-check-missing'
    ])
    expect(openWebui(result.fleetTaskDefinition).secrets).toContainEqual({
      name: 'REDIS_URL',
      valueFrom: '(REDIS_URL: secret not confirmed, not shown)'
    })
  })

  it('takes the fleet size from the service, at least 1', async () => {
    expect((await plan({ version: 'latest' }, { desiredCount: 0 })).plan.desiredCount).toBe(1)
    expect((await plan({ version: 'latest', 'desired-count': '5' })).plan.desiredCount).toBe(5)
  })

  it('names container-name when the running task definition lacks the container', async () => {
    const error = await plan({ 'container-name': 'webui' }).catch(caught => caught)
    expect(error).toBeInstanceOf(InputError)
    expect((error as InputError).input).toBe('container-name')
    expect((error as Error).message).toContain(
      "the service's task definition open-webui:7 has no container 'webui'"
    )
  })

  it('cannot plan without a cluster and no file; with a file it plans, blocked', async () => {
    const error = await plan({ version: 'latest' }, { clusterMissing: true }).catch(caught => caught)
    expect(error).toBeInstanceOf(PhaseError)
    expect((error as Error).message).toContain('prod was not found in us-east-1')

    const file = JSON.stringify({
      family: 'open-webui',
      requiresCompatibilities: ['FARGATE'],
      cpu: '512',
      memory: '1024',
      containerDefinitions: [
        {
          name: 'open-webui',
          image: 'ghcr.io/open-webui/open-webui:v0.6.6',
          environment: defaultWorld().environment
        }
      ]
    })
    const { plan: result } = await plan(
      { 'task-definition': 'td.json' },
      { serviceMissing: true },
      { 'td.json': file }
    )
    expect(result.blocked).toBe(true)
    expect(result.checks.find(check => check.name === 'Service')).toMatchObject({ status: 'NG' })
    expect(result.target.version).toBe('0.6.6')
    expect(result.versionSource).toBe('task-definition')
    expect(result.taskDefinitionSource).toBe('td.json')
    expect(result.current.taskDefinition).toBeUndefined()
    expect(
      result.taskDefinitionDiff
        .split('\n')
        .slice(3)
        .every(line => line.startsWith('+'))
    ).toBe(true)
  })

  it('hashes the same decision the same way, and a different one differently', async () => {
    const first = (await plan({ version: 'latest' })).plan
    const second = (await plan({ version: 'latest' }, { inProgress: true })).plan
    expect(second.checks.find(check => check.name === 'Deployments')?.status).toBe('WARN')
    expect(second.hash).toBe(first.hash)
    expect((await plan({ version: 'latest', 'desired-count': '3' })).plan.hash).not.toBe(first.hash)
    expect((await plan({ version: 'latest', environment: 'LOG_LEVEL=DEBUG' })).plan.hash).not.toBe(first.hash)
    expect((await plan({ version: 'v0.6.6' })).plan.hash).not.toBe(first.hash)
  })

  it('refuses a downgrade across a migration, naming the revision and the way back', async () => {
    const { plan: result } = await plan({ version: 'v0.6.4' })
    const refusal = result.findings.find(finding => finding.code === 'downgrade-across-migrations')
    expect(refusal).toMatchObject({
      level: 'error',
      title: 'Downgrade v0.6.5 -> v0.6.4 across database migrations'
    })
    expect(refusal?.message).toContain(
      'v0.6.5 added 1 revision v0.6.4 does not know (3ab32c4b8f59_update_tags.py)'
    )
    expect(refusal?.fix).toContain('allow-downgrade: after-restore')
    expect(result.blocked).toBe(true)
  })

  it('names the snapshot deploy took before the upgrade being undone, with the restore commands (reads only)', async () => {
    const tagged = (identifier: string, toVersion: string, service: string, day: number) => ({
      kind: 'instance' as const,
      identifier,
      status: 'available',
      engine: 'postgres',
      createdAt: new Date(Date.UTC(2026, 0, day)),
      tags: [
        { key: 'open-webui-ecs-deploy:from-version', value: 'v0.6.4' },
        { key: 'open-webui-ecs-deploy:to-version', value: toVersion },
        { key: 'open-webui-ecs-deploy:service', value: service }
      ]
    })
    const { plan: result, reads } = await plan(
      { version: 'previous', 'db-snapshot': 'instance', 'db-identifier': 'open-webui-db' },
      {
        databases: { 'open-webui-db': 'available' },
        snapshots: {
          'open-webui-db': [
            tagged('open-webui-v0-6-4-to-v0-6-5-20260102-100000', 'v0.6.5', 'prod/open-webui', 2),
            tagged('open-webui-v0-6-4-to-v0-6-5-20260105-100000', 'v0.6.5', 'prod/open-webui', 5),
            tagged('open-webui-v0-6-4-to-v0-6-5-20260109-100000', 'v0.6.5', 'staging/open-webui', 9),
            tagged('open-webui-v0-6-3-to-v0-6-4-20251201-100000', 'v0.6.4', 'prod/open-webui', 1)
          ]
        }
      }
    )
    expect(result.target.version).toBe('0.6.4')
    const refusal = result.findings.find(finding => finding.code === 'downgrade-across-migrations')
    expect(refusal?.fix).toContain(
      'open-webui-v0-6-4-to-v0-6-5-20260105-100000 (taken at v0.6.4), of the DB instance open-webui-db'
    )
    expect(refusal?.fix).toContain(
      'aws rds restore-db-instance-from-db-snapshot --db-instance-identifier open-webui-db-restored --db-snapshot-identifier open-webui-v0-6-4-to-v0-6-5-20260105-100000'
    )
    expect(reads).toContain('DescribeDBSnapshots open-webui-db')
  })

  it('deploys a downgrade across a migration after a restore, saying so, with a migrator', async () => {
    const { plan: result } = await plan({ version: 'v0.6.4', 'allow-downgrade': 'after-restore' })
    const codes = result.findings.map(finding => `${finding.level}:${finding.code}`)
    expect(codes).toContain('warning:downgrade-after-restore')
    expect(codes).not.toContain('error:downgrade-across-migrations')
    expect(result.blocked).toBe(false)
    expect(result.strategy).toBe('migrate')
  })

  it('rolls a downgrade with no migration between, with a warning', async () => {
    const { plan: result } = await plan(
      { version: 'v0.6.6' },
      { runningImage: 'ghcr.io/open-webui/open-webui:v0.6.7' }
    )
    expect(result.findings.filter(finding => finding.code.startsWith('downgrade'))).toMatchObject([
      { level: 'warning', code: 'downgrade' }
    ])
    expect(result.strategy).toBe('rolling')
    expect(result.blocked).toBe(false)
  })

  it('takes version: previous as the stable release before the running one', async () => {
    const { plan: result } = await plan(
      { version: 'previous' },
      { runningImage: 'ghcr.io/open-webui/open-webui:v0.6.7' }
    )
    expect(result.target.version).toBe('0.6.6')
  })
})

describe('buildPlan with db-snapshot', () => {
  const inputs = { version: 'v0.6.6', 'db-snapshot': 'instance', 'db-identifier': 'open-webui-db' }

  it('a migrating plan carries the database, checks it with one read and starts with the snapshot step', async () => {
    const { plan: result, reads } = await plan(inputs, { databases: { 'open-webui-db': 'available' } })
    expect(result.strategy).toBe('migrate')
    expect(result.databaseSnapshot).toEqual({ kind: 'instance', identifier: 'open-webui-db' })
    expect(result.steps[0].phase).toBe('snapshot')
    expect(result.blocked).toBe(false)
    expect(reads.filter(read => read.startsWith('DescribeDB'))).toEqual(['DescribeDBInstances open-webui-db'])
    expect(result.checks.find(check => check.name === 'Database snapshot')?.status).toBe('OK')
  })

  it('a rolling plan keeps no snapshot, but still checks that the database exists', async () => {
    const rolling = await plan({ ...inputs, migration: 'never' }, { databases: {} })
    expect(rolling.plan.strategy).toBe('rolling')
    expect(rolling.plan.databaseSnapshot).toBeUndefined()
    expect(rolling.plan.steps.some(step => step.phase === 'snapshot')).toBe(false)
    expect(rolling.plan.blocked).toBe(true)
    expect(rolling.plan.findings.map(finding => finding.code)).toContain('db-snapshot-target-not-found')
  })
})
