import { describe, expect, it } from '@jest/globals'
import { DEFAULT_OPTIONS, parseBenchOptions } from '../../../bench/options.js'

describe('parseBenchOptions', () => {
  it('defaults to the figures the issue asks for', () => {
    const options = parseBenchOptions([])
    expect(options).toEqual(DEFAULT_OPTIONS)
    expect(options.detectionRuns).toBe(10)
    expect(options.fleetSizes).toEqual([1, 10, 100, 500])
    expect(options.out).toBe('BENCHMARKS.md')
  })

  it('reads overrides, and --quick shrinks the run', () => {
    expect(
      parseBenchOptions(['--runs', '3', '--sizes', '1, 20', '--bundle', 'x/index.js', '--spread-ms', '0'])
    ).toMatchObject({
      detectionRuns: 3,
      fleetSizes: [1, 20],
      bundle: 'x/index.js',
      detectionSpreadMs: 0
    })
    const quick = parseBenchOptions(['--quick'])
    expect(quick.detectionRuns).toBeLessThan(DEFAULT_OPTIONS.detectionRuns)
    expect(quick.fleetSizes.length).toBeLessThan(DEFAULT_OPTIONS.fleetSizes.length)
  })

  it('refuses what is not a positive integer, naming the option', () => {
    expect(() => parseBenchOptions(['--runs', '0'])).toThrow("--runs must be a positive integer, got '0'")
    expect(() => parseBenchOptions(['--sizes', '10,abc'])).toThrow('--sizes')
    expect(() => parseBenchOptions(['--unknown'])).toThrow()
  })
})
