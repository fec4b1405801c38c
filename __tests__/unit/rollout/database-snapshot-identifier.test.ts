import { describe, expect, it } from '@jest/globals'
import { sameUpgrade, snapshotIdentifier } from '../../../src/rollout/database-snapshot-phase.js'
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

describe('sameUpgrade', () => {
  const wanted = [
    { key: 'open-webui-ecs-deploy:from-version', value: 'v0.6.5' },
    { key: 'open-webui-ecs-deploy:to-version', value: 'v0.6.6' },
    { key: 'open-webui-ecs-deploy:service', value: 'prod/open-webui' },
    { key: 'open-webui-ecs-deploy:run', value: 'https://github.com/acme/platform/actions/runs/7/attempts/2' }
  ]

  it('a snapshot tagged for this service and these versions is this upgrade’s, whichever run took it', () => {
    const earlierAttempt = wanted.map(tag =>
      tag.key.endsWith(':run') ? { ...tag, value: tag.value.replace('/attempts/2', '/attempts/1') } : tag
    )
    expect(sameUpgrade([...earlierAttempt, { key: 'team', value: 'ai' }], wanted)).toBe(true)
  })

  it('another target version, another service or no tags at all is not', () => {
    expect(
      sameUpgrade(
        wanted.map(tag => ({ ...tag, value: tag.value.replace('v0.6.6', 'v0.6.7') })),
        wanted
      )
    ).toBe(false)
    expect(
      sameUpgrade(
        wanted.filter(tag => !tag.key.endsWith(':service')),
        wanted
      )
    ).toBe(false)
    expect(sameUpgrade(undefined, wanted)).toBe(false)
  })
})
