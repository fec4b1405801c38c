import { describe, expect, test } from '@jest/globals'
import { PhaseLog } from '../../../src/rollout/phase-log.js'

describe('the phase log', () => {
  test('records phases in the order they started; finishing one replaces it in place, once', () => {
    const log = new PhaseLog()
    const register = log.start('register', 0)
    log.skip('suspend-scaling', 5, 'no scalable target on the service')
    const fleet = log.update(log.start('fleet', 10), {
      deploymentId: 'ecs-svc/1',
      serviceDeploymentArn: 'arn:sd/1'
    })
    log.finish(register, 'ok', 'open-webui:2 (fleet, migrations off)', 8)
    log.finish(fleet, 'failed', 'tasks failed to start', 40)

    expect(log.records).toEqual([
      {
        name: 'register',
        startedAt: 0,
        endedAt: 8,
        status: 'ok',
        detail: 'open-webui:2 (fleet, migrations off)'
      },
      {
        name: 'suspend-scaling',
        startedAt: 5,
        endedAt: 5,
        status: 'skipped',
        detail: 'no scalable target on the service'
      },
      {
        name: 'fleet',
        startedAt: 10,
        endedAt: 40,
        status: 'failed',
        detail: 'tasks failed to start',
        deploymentId: 'ecs-svc/1',
        serviceDeploymentArn: 'arn:sd/1'
      }
    ])
    expect(log.deploymentIds()).toEqual(new Set(['ecs-svc/1']))
    // A record is finished once: neither the old nor the finished form can be changed again.
    const finished = log.records[0]
    expect(() => log.finish(finished, 'failed', 'again', 50)).toThrow('Phase register is not running')
    expect(() => log.update(register, { detail: 'later' })).toThrow('Phase register is not running')
    expect(Object.isFrozen(finished)).toBe(true)
  })
})
