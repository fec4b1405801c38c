import { describe, expect, test } from '@jest/globals'
import {
  describeOutageTotal,
  expectedOutage,
  type OutageInputs
} from '../../../src/domain/expected-outage.js'
import { builtInMaintenancePage } from '../../../src/domain/maintenance-page.js'
import { parseDrainSeconds, parseMaintenancePage } from '../../../src/settings/outage-inputs.js'

const defaults: OutageInputs = {
  targetGroups: [{ name: 'open-webui-tg', deregistrationDelaySeconds: 300, healthCheckIntervalSeconds: 30 }],
  drainSeconds: 'keep',
  stopTimeoutSeconds: 30,
  imageBytes: 4_000_000_000
}

describe('the expected outage of a migrating upgrade, part by part', () => {
  test.each<[string, Partial<OutageInputs>, Record<string, number>, number]>([
    [
      "AWS's defaults, drain kept: 300 s drain, 30 s stop, 15 + 80 + 30 s start, 30 s check",
      {},
      { drain: 300, stop: 30, start: 125, 'health-check': 30 },
      485
    ],
    ['drain-seconds 30 lowers the drain', { drainSeconds: 30 }, { drain: 30 }, 215],
    ['drain-seconds never raises a shorter delay', { drainSeconds: 600 }, { drain: 300 }, 485],
    [
      'the longest group drains last',
      {
        targetGroups: [
          { name: 'a', deregistrationDelaySeconds: 60, healthCheckIntervalSeconds: 10 },
          { name: 'b', deregistrationDelaySeconds: 120, healthCheckIntervalSeconds: 15 }
        ]
      },
      { drain: 120, 'health-check': 15 },
      120 + 30 + 125 + 15
    ],
    [
      'no load balancer: no drain, no target health check',
      { targetGroups: [] },
      { drain: 0, 'health-check': 0 },
      155
    ],
    ['image size unknown: no pull counted', { imageBytes: undefined }, { start: 45 }, 300 + 30 + 45 + 30],
    ['a stopTimeout of 120 s', { stopTimeoutSeconds: 120 }, { stop: 120 }, 575]
  ])('%s', (_name, change, parts, total) => {
    const outage = expectedOutage({ ...defaults, ...change })
    for (const [part, seconds] of Object.entries(parts))
      expect(outage.parts.find(candidate => candidate.part === part)?.seconds).toBe(seconds)
    expect(outage.seconds).toBe(total)
  })

  test('each part says where its number comes from, the start its assumption', () => {
    const outage = expectedOutage({ ...defaults, drainSeconds: 30 })
    expect(outage.parts.map(part => part.basis)).toEqual([
      'drain-seconds 30 s (deregistration delay 300 s of open-webui-tg, lowered for the drain)',
      'container stopTimeout 30 s',
      "provisioning 15 s, pull of 4.0 GB at an assumed 50 MB/s 80 s (Fargate caches no layers), Open WebUI's start 30 s",
      'a new target must pass one health check: up to one interval, 30 s'
    ])
    expect(describeOutageTotal(outage)).toBe('about 3 min 35 s plus the migration')
  })
})

describe('drain-seconds and maintenance-page inputs', () => {
  test('drain-seconds: default 30, keep, 0 to 3600; errors name the input', () => {
    expect(parseDrainSeconds('')).toBe(30)
    expect(parseDrainSeconds(' keep ')).toBe('keep')
    expect(parseDrainSeconds('0')).toBe(0)
    expect(parseDrainSeconds('3600')).toBe(3600)
    expect(() => parseDrainSeconds('3601')).toThrow(/drain-seconds/)
    expect(() => parseDrainSeconds('1.5')).toThrow(/drain-seconds.*whole number/)
    expect(() => parseDrainSeconds('-1')).toThrow(/drain-seconds/)
  })

  test('maintenance-page: false, true, or a workspace file of at most 1,024 bytes', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs')
    const { tmpdir } = await import('node:os')
    const path = await import('node:path')
    const workspace = mkdtempSync(path.join(tmpdir(), 'maintenance-'))
    writeFileSync(path.join(workspace, 'page.html'), '<h1>Back soon</h1>')
    writeFileSync(path.join(workspace, 'big.html'), 'x'.repeat(1025))
    expect(parseMaintenancePage('false', workspace)).toEqual({})
    expect(parseMaintenancePage('', workspace)).toEqual({})
    expect(parseMaintenancePage('true', workspace)).toEqual({ maintenancePage: { kind: 'built-in' } })
    expect(parseMaintenancePage('page.html', workspace)).toEqual({
      maintenancePage: { kind: 'file', path: 'page.html', html: '<h1>Back soon</h1>' }
    })
    expect(() => parseMaintenancePage('big.html', workspace)).toThrow(/maintenance-page.*1025 bytes.*1024/)
    expect(() => parseMaintenancePage('missing.html', workspace)).toThrow(/maintenance-page/)
    expect(() => parseMaintenancePage('../outside.html', workspace)).toThrow(/maintenance-page.*outside/)
  })

  test('the built-in page names both versions and fits a fixed response', () => {
    const page = builtInMaintenancePage('0.6.5', '0.6.6')
    expect(page).toContain('from v0.6.5 to v0.6.6')
    expect(Buffer.byteLength(page)).toBeLessThanOrEqual(1024)
  })
})
