import { describe, expect, test } from '@jest/globals'
import { decideRecovery, type RecoveryFacts } from '../../../src/rollout/recovery/decide-recovery.js'

const base: RecoveryFacts = {
  touched: true,
  failure: { phase: 'migrator', kind: 'timeout' },
  policy: 'auto',
  resumedFromMigrator: false,
  ecsRollingBack: false
}

function facts(overrides: Partial<RecoveryFacts>): RecoveryFacts {
  return { ...base, ...overrides }
}

const migrator = (
  live: number,
  reachedRunning: number,
  verdict?: 'schema-untouched' | 'migrations-may-have-run' | 'unknown'
) => ({
  live,
  reachedRunning,
  ...(verdict ? { verdict } : {})
})

describe('decideRecovery', () => {
  test.each([
    // [case, facts, expected action]
    ['nothing written', facts({ touched: false }), { action: 'none', why: 'untouched' }],
    [
      'someone else deployed',
      facts({ failure: { phase: 'migrator', kind: 'superseded' } }),
      { action: 'none', why: 'superseded' }
    ],
    [
      'service deleted',
      facts({ failure: { phase: 'fleet', kind: 'service-gone' } }),
      { action: 'none', why: 'service-gone' }
    ],
    [
      'cancelled in the migrator step',
      facts({ failure: { phase: 'migrator', kind: 'cancelled' }, migrator: migrator(1, 0) }),
      { action: 'none', why: 'cancelled' }
    ],
    [
      'cancelled during the drain: no write after the cancel',
      facts({ failure: { phase: 'drain', kind: 'cancelled' } }),
      { action: 'none', why: 'cancelled' }
    ],
    [
      'deadline during the drain',
      facts({ failure: { phase: 'drain', kind: 'timeout' } }),
      { action: 'roll-back', why: 'before-migrator' }
    ],
    [
      'deadline with the migrator PENDING: stop it and judge first',
      facts({ migrator: migrator(1, 0) }),
      { action: 'stop-migrator' }
    ],
    [
      'deadline with the migrator RUNNING: left to finish',
      facts({ migrator: migrator(1, 1) }),
      { action: 'leave-migrator-running' }
    ],
    [
      'deadline, migrator RUNNING, logged an upgrade: left to finish',
      facts({ migrator: migrator(1, 1) }),
      { action: 'leave-migrator-running' }
    ],
    [
      'migration error with the migrator RUNNING: stop and judge',
      facts({ failure: { phase: 'migrator', kind: 'migration-error' }, migrator: migrator(1, 1) }),
      { action: 'stop-migrator' }
    ],
    [
      'judged: no migrator task ever reached RUNNING',
      facts({ migrator: migrator(0, 0, 'schema-untouched') }),
      { action: 'roll-back', why: 'no-migrator-ran' }
    ],
    [
      'judged: a task reached RUNNING after the deadline, log shows an upgrade',
      facts({ migrator: migrator(0, 1, 'migrations-may-have-run') }),
      { action: 'hold-migrator', verdict: 'migrations-may-have-run' }
    ],
    [
      'judged: reached RUNNING, log cannot rule a migration out',
      facts({ migrator: migrator(0, 1, 'unknown') }),
      { action: 'hold-migrator', verdict: 'unknown' }
    ],
    [
      'judged: reached RUNNING but its log proves it never connected',
      facts({
        failure: { phase: 'migrator', kind: 'deployment-failed' },
        migrator: migrator(0, 1, 'schema-untouched')
      }),
      { action: 'roll-back', why: 'schema-untouched' }
    ],
    [
      'judged but a task is still not STOPPED',
      facts({ migrator: migrator(1, 0, 'schema-untouched') }),
      { action: 'hold-migrator', verdict: 'unknown' }
    ],
    [
      'migrator step began, no task ever appeared, then judged',
      facts({ failure: { phase: 'migrator', kind: 'api-error' }, migrator: migrator(0, 0, 'unknown') }),
      { action: 'roll-back', why: 'no-migrator-ran' }
    ],
    [
      'rollback never, migrator failed',
      facts({ policy: 'never', migrator: migrator(1, 1) }),
      { action: 'none', why: 'policy-never' }
    ],
    [
      'resumed from an earlier migrator, fleet failed',
      facts({ resumedFromMigrator: true, failure: { phase: 'fleet', kind: 'deployment-failed' } }),
      { action: 'hold-fleet' }
    ],
    [
      'resumed from an earlier migrator, drain failed',
      facts({ resumedFromMigrator: true, failure: { phase: 'drain', kind: 'timeout' } }),
      { action: 'hold-migrator', verdict: 'resumed' }
    ],
    [
      'resumed, its migrator failed before this run judged',
      facts({ resumedFromMigrator: true, migrator: migrator(0, 0) }),
      { action: 'hold-migrator', verdict: 'resumed' }
    ],
    [
      'fleet timed out',
      facts({ failure: { phase: 'fleet', kind: 'timeout' }, migrator: migrator(0, 1) }),
      { action: 'leave-fleet' }
    ],
    [
      'fleet crash loop',
      facts({ failure: { phase: 'fleet', kind: 'deployment-failed' }, migrator: migrator(0, 1) }),
      { action: 'hold-fleet' }
    ],
    [
      'rolling update, ECS rolls back',
      facts({ failure: { phase: 'rolling', kind: 'ecs-rollback' }, ecsRollingBack: true }),
      { action: 'follow-ecs-rollback' }
    ],
    [
      'rolling update failed',
      facts({ failure: { phase: 'rolling', kind: 'deployment-failed' } }),
      { action: 'roll-back', why: 'before-migrator' }
    ],
    [
      'rolling update failed, rollback never',
      facts({ policy: 'never', failure: { phase: 'rolling', kind: 'deployment-failed' } }),
      { action: 'none', why: 'policy-never' }
    ]
  ] as const)('%s', (_name, input, expected) => {
    expect(decideRecovery(input)).toEqual(expected)
  })

  test('the old image never returns once any migrator task reached RUNNING, whatever the failure', () => {
    const kinds = [
      'timeout',
      'deployment-failed',
      'migration-error',
      'migration-log-unreadable',
      'api-error',
      'ecs-rollback',
      'scaled-to-zero'
    ] as const
    for (const kind of kinds) {
      for (const verdict of [undefined, 'migrations-may-have-run', 'unknown'] as const) {
        for (const live of [0, 1]) {
          const decision = decideRecovery(
            facts({ failure: { phase: 'migrator', kind }, migrator: migrator(live, 1, verdict) })
          )
          expect(decision.action).not.toBe('roll-back')
          expect(decision.action).not.toBe('follow-ecs-rollback')
        }
      }
    }
  })
})
