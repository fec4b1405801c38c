import { describe, expect, it } from '@jest/globals'
import { chooseStrategy, rolloutSteps } from '../../../src/plan/rollout-steps.js'

const target = { version: '0.6.6', tag: 'v0.6.6', image: 'x:v0.6.6' }

describe('chooseStrategy', () => {
  const migrations = (status: 'true' | 'false' | 'unknown') => ({ status, newRevisions: [], reason: '' })
  it.each([
    [true, true, 'true', 'auto', 'unchanged'],
    [true, false, 'false', 'auto', 'rolling'],
    [false, true, 'true', 'auto', 'migrate'],
    [false, true, 'unknown', 'auto', 'migrate'],
    [false, true, 'false', 'auto', 'rolling'],
    [false, true, 'true', 'never', 'rolling'],
    [false, true, 'false', 'always', 'migrate']
  ] as const)(
    'same td %s, same count %s, migrations %s, policy %s -> %s',
    (same, count, status, policy, strategy) => {
      expect(
        chooseStrategy({
          sameTaskDefinition: same,
          sameDesiredCount: count,
          migrations: migrations(status),
          policy
        })
      ).toBe(strategy)
    }
  )
})

describe('rolloutSteps', () => {
  it('speaks of one task, an empty service and the health URL', () => {
    const steps = rolloutSteps({
      strategy: 'migrate',
      current: { desiredCount: 0, runningCount: 0, deploymentsInProgress: [] },
      target,
      desiredCount: 1,
      autoScaling: { minCapacity: 1, maxCapacity: 4, suspended: true },
      healthUrl: new URL('https://chat.example.com/')
    })
    expect(steps).toEqual([
      { phase: 'drain', description: 'No task runs now: nothing to stop' },
      {
        phase: 'migrator',
        description:
          'Start 1 migrator task of v0.6.6 (ENABLE_DB_MIGRATIONS=true) and wait for HEALTHY and a clean migration log'
      },
      {
        phase: 'fleet',
        description: 'Start the fleet: 1 task of v0.6.6 (ENABLE_DB_MIGRATIONS=false), replacing the migrator'
      },
      {
        phase: 'health-check',
        description:
          'Check that https://chat.example.com/health answers and https://chat.example.com/api/version reports 0.6.6'
      }
    ])
  })

  it('has no steps when nothing changes', () => {
    expect(
      rolloutSteps({
        strategy: 'unchanged',
        current: { desiredCount: 2, runningCount: 2, deploymentsInProgress: [] },
        target,
        desiredCount: 2
      })
    ).toEqual([])
  })

  it("speaks of the service's own count when the plan cannot read it (offline, no desired-count)", () => {
    const current = { version: '0.6.5', desiredCount: 1, runningCount: 0, deploymentsInProgress: [] }
    expect(
      rolloutSteps({ strategy: 'migrate', current, target, desiredCount: 'service default' }).map(
        step => step.description
      )
    ).toEqual([
      'Stop every running v0.6.5 task (desired count 0, then wait until every task is STOPPED before the migrator starts): Open WebUI is down until the migrator is healthy',
      'Start 1 migrator task of v0.6.6 (ENABLE_DB_MIGRATIONS=true) and wait for HEALTHY and a clean migration log',
      "Start the fleet at the service's desired count, all v0.6.6 (ENABLE_DB_MIGRATIONS=false), replacing the migrator"
    ])
    expect(rolloutSteps({ strategy: 'rolling', current, target, desiredCount: 'service default' })).toEqual([
      {
        phase: 'rolling',
        description:
          "Rolling update v0.6.5 -> v0.6.6 at the service's desired count (ENABLE_DB_MIGRATIONS=false); old tasks serve until the new ones are healthy"
      }
    ])
  })
})

describe('rolloutSteps with db-snapshot', () => {
  const current = { version: '0.6.5', desiredCount: 2, runningCount: 2, deploymentsInProgress: [] }
  const databaseSnapshot = { kind: 'cluster', identifier: 'open-webui-aurora' } as const

  it('a migrating plan snapshots first, before Auto Scaling is suspended and the old tasks stop', () => {
    const steps = rolloutSteps({
      strategy: 'migrate',
      current,
      target,
      desiredCount: 2,
      autoScaling: { minCapacity: 2, maxCapacity: 4, suspended: false },
      databaseSnapshot
    })
    expect(steps.map(step => step.phase)).toEqual([
      'snapshot',
      'suspend-scaling',
      'drain',
      'migrator',
      'fleet',
      'restore-scaling'
    ])
    expect(steps[0].description).toBe(
      'Snapshot the RDS DB cluster open-webui-aurora (tagged with both versions and the run) and wait until the snapshot is available; the wait counts toward timeout-minutes'
    )
  })

  it('a rolling plan takes none', () => {
    const steps = rolloutSteps({ strategy: 'rolling', current, target, desiredCount: 2, databaseSnapshot })
    expect(steps.map(step => step.phase)).toEqual(['rolling'])
  })
})
