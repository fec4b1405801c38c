import { describe, expect, it } from '@jest/globals'
import type { RegisterTaskDefinitionRequest } from '@aws-sdk/client-ecs'
import type { Plan } from '../../../src/domain/plan.js'
import { planHash } from '../../../src/plan/plan-hash.js'

function plan(overrides: Partial<Plan> = {}): Plan {
  const fleet = {
    family: 'open-webui',
    containerDefinitions: [
      {
        name: 'open-webui',
        image: 'x:v0.6.6',
        environment: [
          { name: 'A', value: '1' },
          { name: 'B', value: '2' }
        ]
      }
    ]
  } as RegisterTaskDefinitionRequest
  return {
    cluster: 'prod',
    service: 'open-webui',
    region: 'us-east-1',
    current: { version: '0.6.5', desiredCount: 2, runningCount: 2, deploymentsInProgress: [] },
    target: { version: '0.6.6', tag: 'v0.6.6', image: 'x:v0.6.6' },
    releaseRange: [],
    migrations: { status: 'true', newRevisions: ['a.py'], reason: 'compared' },
    strategy: 'migrate',
    desiredCount: 2,
    hasHealthCheck: false,
    fleetTaskDefinition: fleet,
    migratorTaskDefinition: fleet,
    taskDefinitionDiff: '',
    findings: [],
    checks: [{ name: 'Cluster', status: 'OK', detail: 'prod is ACTIVE' }],
    steps: [{ phase: 'migrator', description: 'Start 1 migrator' }],
    blocked: false,
    hash: '',
    ...overrides
  }
}

describe('planHash', () => {
  it('is a sha256 that ignores what only describes the moment', () => {
    const hash = planHash(plan())
    expect(hash).toMatch(/^[0-9a-f]{64}$/)
    expect(
      planHash(
        plan({ current: { version: '0.6.5', desiredCount: 2, runningCount: 1, deploymentsInProgress: [] } })
      )
    ).toBe(hash)
    expect(
      planHash(plan({ checks: [{ name: 'Deployments', status: 'WARN', detail: 'ecs-svc/9 in progress' }] }))
    ).toBe(hash)
    expect(planHash(plan({ hash: 'something else', taskDefinitionDiff: 'shown differently' }))).toBe(hash)
    const reordered = {
      containerDefinitions: [
        {
          environment: [
            { name: 'B', value: '2' },
            { name: 'A', value: '1' }
          ],
          image: 'x:v0.6.6',
          name: 'open-webui'
        }
      ],
      family: 'open-webui'
    } as RegisterTaskDefinitionRequest
    expect(planHash(plan({ fleetTaskDefinition: reordered }))).toBe(hash)
  })

  it('changes with every decision', () => {
    const hash = planHash(plan())
    const variants: Partial<Plan>[] = [
      { desiredCount: 3 },
      { strategy: 'rolling' },
      { target: { version: '0.6.6', tag: 'v0.6.6', image: 'x:v0.6.6@sha256:1', digest: 'sha256:1' } },
      { migrations: { status: 'unknown', newRevisions: [], reason: '' } },
      { findings: [{ level: 'warning', code: 'chroma-local', title: 't', message: 'm', fix: 'f' }] },
      { checks: [{ name: 'Secret A', status: 'NG', detail: 'missing' }] },
      { steps: [] },
      { blocked: true }
    ]
    for (const variant of variants) expect(planHash(plan(variant))).not.toBe(hash)
  })
})
