import { describe, expect, it } from '@jest/globals'
import { snapshotIdentifier } from '../../../src/rollout/database-snapshot-phase.js'
import type { RolloutView } from '../../../src/rollout/rollout-run.js'

const STARTED = Date.parse('2026-12-07T16:48:33.512Z')

function run(previous: string | undefined, target: string) {
  return {
    plan: { target: { version: target } },
    previous: { version: previous, desiredCount: 2 },
    startedAt: STARTED
  } as unknown as Pick<RolloutView, 'plan' | 'previous' | 'startedAt'>
}

describe('snapshotIdentifier', () => {
  it('names both versions and the start of the run, within RDS identifier rules', () => {
    expect(snapshotIdentifier(run('0.6.5', '0.6.6'))).toBe('open-webui-v0-6-5-to-v0-6-6-20261207-164833')
  })

  it('a service that ran no Open WebUI release still gets a valid name', () => {
    expect(snapshotIdentifier(run(undefined, '0.10.12'))).toBe('open-webui-to-v0-10-12-20261207-164833')
  })

  it('stays within 63 characters (the cluster snapshot limit) with no trailing hyphen', () => {
    const name = snapshotIdentifier(run('123456.123456.123456', '654321.654321.654321'))
    expect(name.length).toBeLessThanOrEqual(63)
    expect(name).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/)
  })
})
