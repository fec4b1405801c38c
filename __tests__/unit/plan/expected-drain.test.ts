import { describe, expect, test } from '@jest/globals'
import { describeDrain, expectedDrain } from '../../../src/domain/expected-drain.js'
import { drainFindings } from '../../../src/plan/assemble-plan.js'

describe('the expected drain of a migrating upgrade', () => {
  test("the longest target group's deregistration delay plus stopTimeout (ECS's 30 s default)", () => {
    const drain = expectedDrain(
      [
        { name: 'open-webui-tg', deregistrationDelaySeconds: 300 },
        { name: 'open-webui-internal', deregistrationDelaySeconds: 60 }
      ],
      undefined
    )
    expect(drain.seconds).toBe(330)
    expect(describeDrain(drain)).toBe(
      'about 330 s (deregistration delay 300 s of open-webui-tg, deregistration delay 60 s of open-webui-internal, stopTimeout 30 s)'
    )
    expect(expectedDrain([], 120).seconds).toBe(120)
  })

  test('refused before any write when the drain and a migrator start do not fit in timeout-minutes', () => {
    const drain = expectedDrain([{ name: 'open-webui-tg', deregistrationDelaySeconds: 300 }], 30)
    const [finding] = drainFindings(drain, 5)
    expect(finding).toMatchObject({ level: 'error', code: 'drain-exceeds-timeout' })
    expect(finding.message).toContain(
      'about 330 s (deregistration delay 300 s of open-webui-tg, stopTimeout 30 s)'
    )
    expect(finding.message).toContain('timeout-minutes is 5 (300 s)')
    // The drain plus the least a migrator needs after it (one start, one health check).
    expect(finding.fix).toContain('timeout-minutes to at least 8')
    expect(drainFindings(drain, 6)).toEqual([])
    expect(drainFindings(undefined, 1)).toEqual([])
  })
})
