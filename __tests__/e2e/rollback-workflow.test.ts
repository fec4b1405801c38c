import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'
import type { Simulator } from '../../simulator/src/index.js'
import {
  deployInputs,
  errorAnnotations,
  expectExit,
  migrationInvariants,
  mutatingAwsCalls,
  primaryTaskDefinition,
  runAgainst,
  runDeploy,
  startDeployWorld
} from '../support/deploy-world.js'

/**
 * examples/rollback.yml, dispatched against the simulator as a user would: the service was upgraded across a
 * migration (v0.6.5 -> v0.6.6, snapshotted by db-snapshot), then to v0.6.7 (no migration). Rolling back to the
 * previous release (v0.6.6) is a rolling update; rolling back once more (v0.6.5) crosses v0.6.6's migration and
 * is refused before any write, naming the snapshot the first upgrade took and how to restore it; after the
 * restore, allow-downgrade: after-restore deploys it with one migrator.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const DB = 'open-webui-db'

interface WorkflowStep {
  uses?: string
  with?: Record<string, string>
}

/** The action step's inputs as the runner passes them for a dispatch with `dispatch` (else the form's defaults). */
function rollbackInputs(sim: Simulator, dispatch: Record<string, string> = {}): Record<string, string> {
  const workflow = parse(readFileSync(path.join(ROOT, 'examples/rollback.yml'), 'utf8')) as {
    on: { workflow_dispatch: { inputs: Record<string, { default?: string }> } }
    jobs: Record<string, { steps: WorkflowStep[] }>
  }
  const form = Object.fromEntries(
    Object.entries(workflow.on.workflow_dispatch.inputs).map(([name, input]) => [
      name,
      dispatch[name] ?? String(input.default ?? '')
    ])
  )
  const step = Object.values(workflow.jobs)
    .flatMap(job => job.steps)
    .find(candidate => candidate.uses?.includes('open-webui-ecs-deploy'))!
  const own = (name: string) =>
    String(step.with?.[name] ?? '').replace(
      /\$\{\{\s*inputs\.([A-Za-z0-9_-]+)\s*\}\}/g,
      (_, input: string) => form[input]
    )
  // The settings file's deployment (the deploy workflow's), as inputs; the workflow's own inputs from the form.
  return {
    ...deployInputs(sim, { 'db-snapshot': 'instance', 'db-identifier': DB }),
    mode: own('mode'),
    version: own('version'),
    'allow-downgrade': own('allow-downgrade')
  }
}

let sim: Simulator
let upgradeSnapshot: string

beforeAll(async () => {
  sim = await startDeployWorld({ desiredCount: 2 }, scenario => ({
    ...scenario,
    rds: { instances: [{ identifier: DB }], snapshotCreationMs: 200 }
  }))
  const across = await runDeploy(sim, { version: 'v0.6.6', 'db-snapshot': 'instance', 'db-identifier': DB })
  expectExit(across.run, 0)
  upgradeSnapshot = across.run.outputs['db-snapshot-id']
  const rolling = await runDeploy(sim, { version: 'v0.6.7', 'db-snapshot': 'instance', 'db-identifier': DB })
  expectExit(rolling.run, 0)
  expect(rolling.run.outputs.migrations).toBe('false')
})

afterAll(async () => {
  await sim?.stop()
})

describe('examples/rollback.yml', () => {
  test('version: previous with no migration between is a rolling update, deployed', async () => {
    const { run } = await runAgainst(sim, rollbackInputs(sim))
    expectExit(run, 0)
    expect(run.outputs).toMatchObject({
      result: 'deployed',
      version: 'v0.6.6',
      'previous-version': 'v0.6.7',
      migrations: 'false'
    })
    expect(run.outputs.image).toContain('/open-webui/open-webui:v0.6.6@sha256:')
    expect(run.annotations.map(annotation => annotation.title)).toContain('Downgrade v0.6.7 -> v0.6.6')
    expect(sim.databases.snapshots()).toHaveLength(1)
  })

  test('across a migration it is refused before any write, naming the revision and the snapshot to restore', async () => {
    const running = primaryTaskDefinition(sim)
    const { run, calls } = await runAgainst(sim, rollbackInputs(sim))
    expectExit(run, 1)
    expect(run.outputs.result).toBe('failed')
    expect(mutatingAwsCalls(calls)).toEqual([])
    const refusal = errorAnnotations(run).find(annotation =>
      annotation.title?.startsWith('Downgrade v0.6.6 -> v0.6.5 across database migrations')
    )
    if (!refusal) throw new Error(`no refusal among ${JSON.stringify(run.annotations, null, 2)}`)
    expect(refusal.message).toContain('9f0c9cd09105_add_note_table.py')
    expect(upgradeSnapshot).toMatch(/^open-webui-v0-6-5-to-v0-6-6-/)
    expect(refusal?.message).toContain(`${upgradeSnapshot} (taken at v0.6.5), of the DB instance ${DB}`)
    expect(refusal?.message).toContain(
      `aws rds restore-db-instance-from-db-snapshot --db-instance-identifier ${DB}-restored --db-snapshot-identifier ${upgradeSnapshot}`
    )
    expect(run.summary).toContain('### Deploy refused')
    expect(run.summary).toContain(upgradeSnapshot)
    expect(calls.map(call => call.operation)).toContain('DescribeDBSnapshots')
    expect(primaryTaskDefinition(sim)).toBe(running)
  })

  test('after the restore, allow-downgrade: after-restore deploys it with one migrator, said loudly', async () => {
    const { run } = await runAgainst(sim, rollbackInputs(sim, { 'allow-downgrade': 'after-restore' }))
    expectExit(run, 0)
    expect(run.outputs).toMatchObject({ result: 'deployed', version: 'v0.6.5', migrations: 'true' })
    expect(
      run.annotations.some(
        annotation => annotation.level === 'warning' && annotation.title?.includes('after a database restore')
      )
    ).toBe(true)
    expect(run.outputs.image).toContain('/open-webui/open-webui:v0.6.5@sha256:')
    expect(migrationInvariants(sim.timeline)).toMatchObject({ maxMigrators: 1 })
  })
})
