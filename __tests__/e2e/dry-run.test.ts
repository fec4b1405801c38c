import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startSimulator, type Simulator } from '../../simulator/src/index.js'
import type { CallRecord } from '../../simulator/src/simulator.js'
import {
  CLUSTER,
  SECRET_CANARIES,
  SECRETS_INPUT,
  SERVICE,
  TARGET_GROUP_ARN,
  openWebuiTaskDefinition,
  standardScenario
} from '../fixtures/open-webui.js'
import { proseOf, renderMarkdown } from '../support/github-markdown.js'
import { runAction, runnerLog, type ActionRun } from './harness.js'

/**
 * `mode: deploy` with `dry-run: true` on the bundled action: the whole plan (running v0.6.5 -> latest v0.6.7
 * across the v0.6.6 migration) in the job summary and the `plan` output, and not one write anywhere.
 */
let sim: Simulator
let scaled: Simulator

beforeAll(async () => {
  sim = await startSimulator(standardScenario({ registryHost: 'ghcr.io' }))
  const withScaling = standardScenario({ registryHost: 'ghcr.io', autoScalingMin: 2 })
  withScaling.targetGroups = [
    { name: 'open-webui-tg', arn: TARGET_GROUP_ARN, healthCheckPath: '/', stickiness: false, port: 8080 }
  ]
  scaled = await startSimulator(withScaling)
})

afterAll(async () => {
  await Promise.all([sim?.stop(), scaled?.stop()])
})

async function dryRun(
  simulator: Simulator,
  inputs: Record<string, string> = {},
  options: { event?: { name: string; payload: Record<string, unknown> } } = {}
): Promise<{ run: ActionRun; calls: CallRecord[] }> {
  const before = simulator.calls.length
  const run = await runAction({
    simulatorEnv: simulator.env,
    inputs: {
      mode: 'deploy',
      'dry-run': 'true',
      cluster: CLUSTER,
      service: SERVICE,
      image: `${simulator.registryHost}/open-webui/open-webui`,
      version: 'latest',
      secrets: SECRETS_INPUT,
      ...inputs
    },
    event: options.event
  })
  return { run, calls: simulator.calls.slice(before) }
}

function describeRun(run: ActionRun): string {
  return `exit ${run.code}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}\n--- summary\n${run.summary}`
}

function expectExit(run: ActionRun, code: number): void {
  if (run.code !== code) throw new Error(`expected exit ${code}, got ${describeRun(run)}`)
}

/** Reads only: no mutating call to any service, and Secrets Manager asked for descriptions, never values. */
function expectReadOnly(calls: CallRecord[]): void {
  expect(calls.filter(call => call.mutating).map(call => `${call.service} ${call.operation}`)).toEqual([])
  const secretCalls = calls.filter(call => call.service === 'secretsmanager').map(call => call.operation)
  expect(secretCalls.length).toBeGreaterThan(0)
  expect(new Set(secretCalls)).toEqual(new Set(['DescribeSecret']))
}

function expectNoCanary(run: ActionRun, calls: CallRecord[], extra: string[] = []): void {
  const visible = [
    runnerLog(run.stdout),
    run.stderr,
    run.summary,
    JSON.stringify(run.outputs),
    ...calls.map(call => call.rawBody)
  ].join('\n')
  for (const canary of [...Object.values(SECRET_CANARIES), ...extra]) expect(visible).not.toContain(canary)
}

describe('deploy with dry-run', () => {
  it('reports the version change, diff, secrets, findings and rollout, and writes nothing', async () => {
    const { run, calls } = await dryRun(sim, { environment: 'UVICORN_WORKERS=2' })
    expectExit(run, 0)
    const digest = sim.registry.digestOf('open-webui/open-webui', 'v0.6.7')!
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(run.outputs).toMatchObject({
      result: 'planned',
      version: 'v0.6.7',
      'previous-version': 'v0.6.5',
      image: `${sim.registryHost}/open-webui/open-webui:v0.6.7@${digest}`,
      migrations: 'true'
    })
    expect(run.outputs['previous-task-definition-arn']).toMatch(
      /^arn:aws:ecs:us-east-1:123456789012:task-definition\/open-webui:\d+$/
    )
    expect(run.outputs['task-definition-arn']).toBeUndefined()

    const summary = run.summary
    expect(summary).toContain(run.outputs.plan)
    expect(summary).toContain('**v0.6.5 → v0.6.7**')
    expect(summary).toContain(digest)
    expect(summary).toContain('(1 new revision: `9f0c9cd09105_add_note_table.py`)')
    const prose = proseOf(renderMarkdown(summary))
    expect(prose).toContain('Expect a short outage.')
    expect(prose).toContain(
      'Stop the 2 running v0.6.5 tasks (desired count 0, then wait until every task is STOPPED before the migrator starts; the drain takes about 2 s'
    )
    expect(prose).toContain('Start 1 migrator task of v0.6.7 (ENABLE_DB_MIGRATIONS=true)')
    expect(prose).toContain('Start the fleet: 2 tasks of v0.6.7 (ENABLE_DB_MIGRATIONS=false)')
    expect(prose).toContain('Several Uvicorn workers per task')
    expect(prose).toContain('Fix: Remove UVICORN_WORKERS')
    for (const name of Object.keys(SECRET_CANARIES)) {
      expect(prose).toContain(`${sim.secretsManager.arnOf(name)}`)
    }
    expect(summary).toContain(
      `| \`DATABASE_URL\` | \`${sim.secretsManager.arnOf('open-webui/database-url')}\` |`
    )
    expect(summary).toMatch(
      /<details><summary>Task definition diff \(running → rendered\)<\/summary>\n\n```diff\n/
    )
    expect(summary).toContain(`+      "image": "${sim.registryHost}/open-webui/open-webui:v0.6.7@${digest}",`)
    expect(summary).toContain('-      "image": "ghcr.io/open-webui/open-webui:v0.6.5",')
    expect(summary).toContain(
      `{"name": "DATABASE_URL", "valueFrom": "${sim.secretsManager.arnOf('open-webui/database-url')}"}`
    )
    expect(summary).toContain('| Secret DATABASE_URL | ✅ OK |')

    const warnings = run.annotations.filter(annotation => annotation.level === 'warning')
    expect(warnings.map(annotation => annotation.title)).toEqual(['Several Uvicorn workers per task'])
    expect(warnings[0].message).toContain('Fix: Remove UVICORN_WORKERS')
    expect(run.annotations.filter(annotation => annotation.level === 'error')).toEqual([])
    expect(run.stdout).toMatch(/OK {3}Cluster: prod is ACTIVE/)

    expectReadOnly(calls)
    expect(calls.some(call => call.operation === 'GetSecretValue')).toBe(false)
    expectNoCanary(run, calls)
  })

  it('fails a plan deploy would refuse (exit 1, result failed), with the errors and their fixes, writing nothing', async () => {
    const plainKey = 'sk-CANARYplainopenaikey0123456789'
    const { run, calls } = await dryRun(sim, {
      secrets: `${SECRETS_INPUT}\nTIKA_TOKEN=open-webui/missing`,
      environment: `OPENAI_API_KEY=${plainKey}\nWEBSOCKET_MANAGER=local`
    })
    expectExit(run, 1)
    expect(run.outputs.result).toBe('failed')
    expect(run.summary).toContain('### Dry run: deploy would refuse this plan\n\nNothing was changed.')
    const errors = run.annotations.filter(annotation => annotation.level === 'error')
    expect(errors.map(annotation => annotation.title).sort()).toEqual(
      [
        'OPENAI_API_KEY is plain environment',
        'Secret TIKA_TOKEN cannot be read',
        'WEBSOCKET_MANAGER is not redis'
      ].sort()
    )
    for (const error of errors) expect(error.message).toContain('Fix: ')
    expect(run.summary).toContain('Deploy will refuse this plan: 3 errors below must be fixed first.')
    // Named by its variable: the secrets line may hold a pasted credential, so it is not repeated.
    expect(run.summary).toMatch(
      /\| Secret TIKA\\?_TOKEN \| ❌ NG \| the secrets line of TIKA\\?_TOKEN names no secret in Secrets Manager \(the value is not repeated\) \|/
    )
    expect(run.summary).not.toContain('open-webui/missing')
    expect(run.summary).toContain('| Secret REDIS_URL | ✅ OK |')
    expect(run.summary).toMatch(/\(hidden: looks like a credential #[0-9a-f]{6}\)/)
    expectReadOnly(calls)
    expectNoCanary(
      run,
      calls.filter(call => call.service !== 'secretsmanager'),
      [plainKey]
    )
  })

  it('shows Auto Scaling being suspended around the migrator, and the target group warnings with fixes', async () => {
    const { run, calls } = await dryRun(scaled)
    expectExit(run, 0)
    const prose = proseOf(renderMarkdown(run.summary))
    expect(prose).toContain(
      'Suspend Application Auto Scaling (min 2, max 10) so it cannot start a second migrator'
    )
    expect(prose).toContain('Restore Application Auto Scaling')
    expect(prose).toContain(
      'min 2, max 10: the rollout suspends scaling while one migrator runs and restores it afterwards'
    )
    expect(prose).toContain('health check path is /; stickiness is off')
    const warnings = run.annotations.filter(annotation => annotation.level === 'warning')
    expect(warnings.map(annotation => annotation.title)).toEqual([
      'Load balancer health check is not /health',
      'Sticky sessions are off'
    ])
    expect(warnings[0].message).toContain('--health-check-path /health')
    expectReadOnly(calls)
    expect(calls.map(call => `${call.service} ${call.operation}`)).toEqual(
      expect.arrayContaining([
        'autoscaling DescribeScalableTargets',
        'elbv2 DescribeTargetGroups',
        'elbv2 DescribeTargetGroupAttributes'
      ])
    )
  })

  it('refuses to deploy on pull-request and merge-queue events, before any call', async () => {
    for (const name of ['pull_request', 'pull_request_target', 'merge_group']) {
      const { run, calls } = await dryRun(sim, {}, { event: { name, payload: { number: 7 } } })
      expectExit(run, 1)
      const errors = run.annotations.filter(annotation => annotation.level === 'error')
      expect(errors).toHaveLength(1)
      expect(errors[0].title).toBe('Invalid input: mode')
      expect(errors[0].message).toContain(`deploy does not run on ${name} events`)
      expect(errors[0].message).toContain('mode: plan')
      expect(calls).toEqual([])
    }
  })
})

describe('deploy stops before any write', () => {
  /** A service that already runs exactly what the action renders for v0.6.7: the pinned image and the three secrets. */
  function seedSteadyService(): void {
    const digest = sim.registry.digestOf('open-webui/open-webui', 'v0.6.7')!
    sim.ecs.seed({
      clusters: [
        {
          name: 'steady',
          services: [
            {
              name: SERVICE,
              desiredCount: 1,
              taskDefinition: openWebuiTaskDefinition({
                family: 'open-webui-steady',
                image: `${sim.registryHost}/open-webui/open-webui:v0.6.7@${digest}`,
                secrets: ['DATABASE_URL', 'REDIS_URL', 'WEBUI_SECRET_KEY'].map((name, index) => ({
                  name,
                  valueFrom: sim.secretsManager.arnOf(Object.keys(SECRET_CANARIES)[index])
                }))
              })
            }
          ]
        }
      ]
    })
  }

  it('plans and deploys an up-to-date service as unchanged, registering nothing', async () => {
    seedSteadyService()
    const planned = await dryRun(sim, { cluster: 'steady' })
    expectExit(planned.run, 0)
    expect(planned.run.summary).toContain(
      'Nothing to deploy: the rendered task definition is the one that runs.'
    )
    expect(planned.run.summary).toContain('No change against the running task definition.')

    const deployed = await dryRun(sim, { cluster: 'steady', 'dry-run': 'false' })
    expectExit(deployed.run, 0)
    expect(deployed.run.outputs.result).toBe('unchanged')
    expect(deployed.run.outputs['task-definition-arn']).toBe(
      deployed.run.outputs['previous-task-definition-arn']
    )
    expect(deployed.run.summary).toContain('nothing was registered or updated')
    expectReadOnly(deployed.calls)
    expectNoCanary(deployed.run, deployed.calls)
  })

  it('fails cleanly when the pinned image variant is missing from the registry', async () => {
    // v0.6.7 has no -slim build in the fixtures' registry.
    const { run, calls } = await dryRun(sim, { variant: 'slim' })
    expectExit(run, 1)
    expect(run.outputs.result).toBe('failed')
    const errors = run.annotations.filter(annotation => annotation.level === 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0].title).toBe('Deploy failed in resolve')
    expect(errors[0].message).toMatch(/^Image .*:v0\.6\.7-slim does not exist in the registry/)
    expect(run.summary).toContain('### Deploy failed (resolve)')
    expect(run.summary).toContain('Nothing was changed.')
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m)
    expect(calls.filter(call => call.mutating)).toEqual([])
  })

  it('refuses a plan with errors: exit 1, the findings as annotations, no write', async () => {
    const { run, calls } = await dryRun(sim, {
      'dry-run': 'false',
      secrets: 'DATABASE_URL=open-webui/database-url\nWEBUI_SECRET_KEY=open-webui/secret-key'
    })
    expectExit(run, 1)
    expect(run.outputs.result).toBe('failed')
    const errors = run.annotations.filter(annotation => annotation.level === 'error')
    // One ::error per finding, each with its fix; no second, untitled error repeating them.
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatchObject({
      title: 'No REDIS_URL',
      message: expect.stringContaining('Fix: Add REDIS_URL=')
    })
    expect(run.summary).toContain('### Deploy refused')
    expect(run.summary).toContain('Nothing was changed.')
    expectReadOnly(calls)
  })
})
