import { describe, expect, it } from '@jest/globals'
import { evaluateBudgets } from '../../../bench/budgets.js'
import type { FleetSizeResult } from '../../../bench/fleet-sizes.js'
import { renderReport } from '../../../bench/report.js'
import type { BenchResults } from '../../../bench/results.js'

function fleet(tasks: number, overrides: Partial<FleetSizeResult> = {}): FleetSizeResult {
  return {
    tasks,
    deployed: true,
    durationMs: 75_000,
    callsByOperation: [
      ['ecs DescribeServices', 44],
      ['ecs DescribeTasks', tasks > 100 ? 7 : 5]
    ],
    ecsCalls: 67,
    failedCalls: 0,
    waitingMs: 71_000,
    maxEcsCallsPerMinute: 38,
    busiestWindowSpansPhases: false,
    busiestWindowByOperation: [
      ['DescribeServices', 30],
      ['ListTasks', 4]
    ],
    maxEcsCallsPerMinuteWithinPhase: 36,
    steadyPollsPerMinute: 30,
    describeServicesPolls: 44,
    describeTasksCalls: 5,
    largestDescribeTasksBatch: Math.min(100, tasks),
    listTasksCalls: 6,
    maxRssKib: 120_000,
    summary: { bytes: 3700, lines: 56, longestLineBytes: 300, taskIds: 3, taskIdsOutsideEvents: 2 },
    summaryLimitBytes: 1024 * 1024,
    ...overrides
  }
}

function results(overrides: Partial<BenchResults> = {}): BenchResults {
  return {
    command: 'npm run bench',
    startedAt: '2026-11-25T11:30:00.000Z',
    durationMs: 200_000,
    machine: {
      cpuModel: 'AMD EPYC',
      cores: 2,
      memoryGiB: 23.5,
      os: 'Linux 6.1 x64',
      actionNode: 'v24.21.0',
      benchNode: 'v24.21.0',
      loadAverage: [0.5, 0.4, 0.3]
    },
    bundle: {
      bundle: 'dist/index.js',
      built: false,
      stale: false,
      files: [
        { name: 'index.js', bytes: 1_735_000 },
        { name: 'licenses.txt', bytes: 61_000 }
      ],
      totalBytes: 1_796_000,
      entryBytes: 1_735_000
    },
    coldStart: {
      bareNode: [
        { totalMs: 40, cpuMs: 30, ok: true },
        { totalMs: 42, cpuMs: 30, ok: true },
        { totalMs: 41, cpuMs: 30, ok: true }
      ],
      bareFetch: [
        { firstRequestMs: 90, totalMs: 100, cpuMs: 60, ok: true },
        { firstRequestMs: 95, totalMs: 105, cpuMs: 60, ok: true },
        { firstRequestMs: 92, totalMs: 102, cpuMs: 60, ok: true }
      ],
      loadOnly: [
        { totalMs: 250, cpuMs: 240, ok: true },
        { totalMs: 260, cpuMs: 250, ok: true },
        { totalMs: 255, cpuMs: 245, ok: true }
      ],
      resolve: [
        { firstRequestMs: 300, totalMs: 700, cpuMs: 500, ok: true },
        { firstRequestMs: 320, totalMs: 720, cpuMs: 500, ok: true },
        { firstRequestMs: 310, totalMs: 710, cpuMs: 500, ok: true }
      ],
      dryRun: [
        { firstRequestMs: 330, totalMs: 1200, cpuMs: 700, ok: true },
        { firstRequestMs: 340, totalMs: 1300, cpuMs: 700, ok: true },
        { firstRequestMs: 335, totalMs: 1250, cpuMs: 700, ok: true }
      ]
    },
    detection: {
      options: { runs: 2, healthyAfterMs: 3200, spreadMs: 2000, concurrency: 3, tasks: 2 },
      samples: [
        { phase: 'migrator', healthyAfterMs: 3200, pollMs: 100, sawMs: 120, closedMs: 300 },
        { phase: 'migrator', healthyAfterMs: 4200, pollMs: 1900, sawMs: 1950, closedMs: 4100 },
        { phase: 'fleet', healthyAfterMs: 3200, pollMs: 500, sawMs: 510, closedMs: 600 },
        { phase: 'fleet', healthyAfterMs: 4200, pollMs: 700, sawMs: 720, closedMs: 800 },
        { phase: 'rolling', healthyAfterMs: 3200, pollMs: 900, sawMs: 910, closedMs: 1000 }
      ],
      failures: []
    },
    fleetSizes: [fleet(1), fleet(500, { maxEcsCallsPerMinute: 50, busiestWindowSpansPhases: true })],
    fleetHealthyAfterMs: 35_000,
    throttling: {
      options: { tasks: 10, healthyAfterMs: 55_000, throttleFromMs: 15_000, throttleForMs: 20_000 },
      deployed: true,
      windows: [
        { label: 'before', fromMs: 5000, toMs: 15_000, requests: 5, throttled: 0, perMinute: 30 },
        { label: 'throttled', fromMs: 15_000, toMs: 35_000, requests: 5, throttled: 5, perMinute: 15 }
      ],
      detectionAfterMs: 900,
      backoffLines: []
    },
    ...overrides
  }
}

describe('evaluateBudgets', () => {
  it('judges each figure against its budget and explains the floor of what is not met', () => {
    const rows = evaluateBudgets(results())
    const find = (figure: string) => rows.find(row => row.figure === figure)!
    expect(find('Detection latency, migrator phase, median')).toMatchObject({
      measured: '2.20 s',
      met: false
    })
    expect(find('Detection latency, migrator phase, median').floor).toContain('the poll that saw it came')
    expect(find('Detection latency, migrator phase, max')).toMatchObject({ measured: '4.10 s', met: false })
    expect(find('Detection latency, fleet phase, median')).toMatchObject({ measured: '700 ms', met: true })
    expect(find('Detection latency, fleet phase, median').floor).toBeUndefined()
    expect(find('ECS calls per minute while waiting, 1 task')).toMatchObject({ measured: '38', met: true })
    const big = find('ECS calls per minute while waiting, 500 tasks')
    expect(big).toMatchObject({ measured: '50', met: false })
    expect(big.floor).toContain(
      'the busiest 60 s window (30 DescribeServices, 4 ListTasks) spans the end of one phase'
    )
    expect(big.floor).toContain('within one phase the most was 36: the budget holds within each wait')
    expect(find('dist/ bundle (all files)')).toMatchObject({ measured: '1.80 MB', met: true })
    expect(find('Cold start to first request, mode: resolve (median)')).toMatchObject({
      measured: '310 ms',
      met: false
    })
    const cold = find('Cold start to first request, mode: resolve (median)').floor
    expect(cold).toContain('Node 24 running an empty file takes 41 ms (30 ms CPU)')
    expect(cold).toContain('its first request with the built-in fetch (undici, loaded on first use')
    expect(cold).toContain('arrives after 92 ms even in a script that does nothing else')
    expect(cold).toContain('stopping at input validation takes 255 ms (245 ms CPU)')
    expect(cold).toContain('the bundle is a single file')
    expect(cold).toContain('the remaining 55 ms')
    const quick = results()
    quick.coldStart.resolve = quick.coldStart.resolve.map(run => ({ ...run, firstRequestMs: 252 }))
    expect(evaluateBudgets(quick).find(row => row.figure.includes('mode: resolve'))?.floor).toContain(
      'the mode reaches its first request within the spread of those runs'
    )
    expect(find('Dry-run plan end to end (median)')).toMatchObject({ measured: '1.25 s', met: true })
  })

  it('says "not measured" rather than met when a figure is missing', () => {
    const rows = evaluateBudgets(results({ fleetSizes: [fleet(10, { deployed: false })] }))
    expect(rows.find(row => row.figure.endsWith('10 tasks'))).toMatchObject({
      measured: 'n/a',
      met: undefined
    })
  })
})

describe('renderReport', () => {
  it('states the command, the date and the machine, with every section', () => {
    const report = renderReport(results())
    expect(report).toContain('Generated by `npm run bench` (bench/run.ts) on 2026-11-25 11:30 UTC')
    expect(report).toContain('| CPU | AMD EPYC, 2 cores |')
    expect(report).toContain('| Node running the action | v24.21.0')
    for (const heading of [
      '## Budgets',
      '## Detection latency',
      '## API calls per deployment',
      '### ECS calls while waiting',
      '## Behaviour under throttling',
      '## Cold start',
      '## Bundle size',
      '## Scale and memory'
    ])
      expect(report).toContain(heading)
  })

  it('shows the figures it was given: medians, maxima, calls and sizes', () => {
    const report = renderReport(results())
    expect(report).toContain(
      '| Migrator (1 task, migrations on) | 2 | 1.00 s / 1.90 s | 1.03 s / 1.95 s | **2.20 s / 4.10 s** |'
    )
    expect(report).toContain('| `ecs DescribeTasks` | 5 | 7 |')
    expect(report).toContain('| 500 | 71.0 s | 44 | 30/min | 6 | 5 | 100 | **50** (spans two phases) | 36 |')
    expect(report).toContain('| **Total** | **1.80 MB** |')
    expect(report).toContain('| `mode: resolve`: to first request | 3 | **310 ms** | 300 ms | 320 ms |  |')
    expect(report).toContain(
      '| Node 24, one fetch and nothing else: to first request | 3 | **92 ms** | 90 ms | 95 ms |  |'
    )
    expect(report).toContain(
      '| Bundle, stops at input validation: total | 3 | **255 ms** | 250 ms | 260 ms | 245 ms |'
    )
    expect(report).toContain('| throttled: 15.0 s to 35.0 s | 5 | 5 | 15/min |')
    expect(report).toContain('**Not met, and what sets the floor:**')
  })

  it('lists the runs that did not deploy instead of hiding them', () => {
    const failing = results()
    failing.detection.failures = ['rolling of 2 tasks: exit 1, result failed: boom']
    expect(renderReport(failing)).toContain(
      '**Runs that did not deploy** (left out above): rolling of 2 tasks: exit 1'
    )
  })

  it('counts every cold-start run that did not end as expected, the reference points included', () => {
    const clean = renderReport(results())
    expect(clean).not.toContain('did not end as expected')
    const failing = results()
    failing.coldStart.bareFetch[1] = { ...failing.coldStart.bareFetch[1], ok: false }
    failing.coldStart.dryRun[0] = { ...failing.coldStart.dryRun[0], ok: false }
    expect(renderReport(failing)).toContain('**2 run(s) did not end as expected**')
  })
})

describe('the outage window', () => {
  const outage = {
    options: { runs: 2, healthyAfterMs: 3200, concurrency: 3 },
    samples: [
      { windowMs: 3310, taskStartMs: 3300, actionShareMs: 10 },
      { windowMs: 5800, taskStartMs: 3300, actionShareMs: 2500 }
    ],
    failures: []
  }

  it("has a budget row for the action's share (one poll interval) with its floor, and a section", () => {
    const row = evaluateBudgets(results({ outage })).find(candidate => candidate.figure.startsWith('Outage'))
    expect(row).toMatchObject({ budget: '≤ 2.00 s (one poll interval)', measured: '2.50 s', met: false })
    expect(row?.floor).toContain("of which the new task's own start took 3.30 s")
    const report = renderReport(results({ outage }))
    expect(report).toContain('## Outage window of a migrating upgrade')
    expect(report).toMatch(/\| the action's share \| 10 ms \| [^|]+ \| 2\.50 s \|/)
  })

  it('older results without it render without the row', () => {
    expect(evaluateBudgets(results()).some(row => row.figure.startsWith('Outage'))).toBe(false)
    expect(renderReport(results())).not.toContain('Outage window')
  })
})
