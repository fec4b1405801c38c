import { parseArgs } from 'node:util'

/** `npm run bench -- [options]`: the defaults are what BENCHMARKS.md is made with. */

export interface BenchOptions {
  /** The bundle's entry; default dist/index.js, built into .bench/dist when missing. */
  bundle?: string
  out: string
  detectionRuns: number
  detectionHealthyAfterMs: number
  detectionSpreadMs: number
  detectionConcurrency: number
  fleetSizes: number[]
  fleetHealthyAfterMs: number
  coldRuns: number
  throttleHealthyAfterMs: number
  /** After the throttled phase's UpdateService: when every ECS read starts being throttled, and for how long. */
  throttleFromMs: number
  throttleForMs: number
  /** Migrating deploys measured for the outage window. */
  outageRuns: number
  outageHealthyAfterMs: number
  /**
   * `outage`: measure only the outage window and print it (no BENCHMARKS.md). `alb-outage`: the outage a client
   * of the simulated load balancer sees on the aws-defaults profile, per drain-seconds and maintenance-page.
   */
  only?: 'outage' | 'alb-outage'
}

export const DEFAULT_OPTIONS: BenchOptions = {
  out: 'BENCHMARKS.md',
  detectionRuns: 10,
  // Past the quick first looks (3.25 s of polls after UpdateService), so the runs sample the steady interval.
  detectionHealthyAfterMs: 3200,
  detectionSpreadMs: 2000,
  detectionConcurrency: 3,
  fleetSizes: [1, 10, 100, 500],
  fleetHealthyAfterMs: 35_000,
  coldRuns: 5,
  throttleHealthyAfterMs: 55_000,
  throttleFromMs: 15_000,
  throttleForMs: 20_000,
  outageRuns: 5,
  outageHealthyAfterMs: 3200
}

/** `--quick`: a smoke run in well under a minute; its figures are not the benchmark's. */
const QUICK: Partial<BenchOptions> = {
  detectionRuns: 2,
  fleetSizes: [1, 10],
  fleetHealthyAfterMs: 6000,
  coldRuns: 2,
  throttleHealthyAfterMs: 25_000,
  throttleFromMs: 8000,
  throttleForMs: 10_000,
  outageRuns: 2
}

export const USAGE = `npm run bench -- [--bundle dist/index.js] [--out BENCHMARKS.md] [--runs 10] [--healthy-after-ms 3200]
  [--spread-ms 2000] [--concurrency 3] [--sizes 1,10,100,500] [--fleet-healthy-after-ms 35000] [--cold-runs 5]
  [--outage-runs 5] [--only outage|alb-outage] [--quick]`

export function parseBenchOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      bundle: { type: 'string' },
      out: { type: 'string' },
      runs: { type: 'string' },
      'healthy-after-ms': { type: 'string' },
      'spread-ms': { type: 'string' },
      concurrency: { type: 'string' },
      sizes: { type: 'string' },
      'fleet-healthy-after-ms': { type: 'string' },
      'cold-runs': { type: 'string' },
      'outage-runs': { type: 'string' },
      only: { type: 'string' },
      quick: { type: 'boolean' }
    },
    strict: true
  })
  const base = { ...DEFAULT_OPTIONS, ...(values.quick ? QUICK : {}) }
  return {
    ...base,
    ...(values.bundle ? { bundle: values.bundle } : {}),
    out: values.out ?? base.out,
    detectionRuns: positive('runs', values.runs, base.detectionRuns),
    detectionHealthyAfterMs: positive(
      'healthy-after-ms',
      values['healthy-after-ms'],
      base.detectionHealthyAfterMs
    ),
    detectionSpreadMs: positive('spread-ms', values['spread-ms'], base.detectionSpreadMs, true),
    detectionConcurrency: positive('concurrency', values.concurrency, base.detectionConcurrency),
    fleetSizes: values.sizes
      ? values.sizes.split(',').map(size => positive('sizes', size.trim(), 0))
      : base.fleetSizes,
    fleetHealthyAfterMs: positive(
      'fleet-healthy-after-ms',
      values['fleet-healthy-after-ms'],
      base.fleetHealthyAfterMs
    ),
    coldRuns: positive('cold-runs', values['cold-runs'], base.coldRuns),
    outageRuns: positive('outage-runs', values['outage-runs'], base.outageRuns),
    ...(values.only !== undefined ? { only: onlyPart(values.only) } : {})
  }
}

function positive(name: string, text: string | undefined, fallback: number, zeroAllowed = false): number {
  if (text === undefined) return fallback
  const value = Number(text)
  if (!Number.isInteger(value) || value < (zeroAllowed ? 0 : 1))
    throw new Error(`--${name} must be a ${zeroAllowed ? 'non-negative' : 'positive'} integer, got '${text}'`)
  return value
}

function onlyPart(text: string): 'outage' | 'alb-outage' {
  if (text === 'alb-outage') return text
  if (text === 'outage') return text
  throw new Error(`--only: expected outage or alb-outage, got ${text}`)
}
