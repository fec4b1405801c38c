import { describe, expect, it } from '@jest/globals'
import { cell, formatBytes, formatKib, formatMs, formatRate, table } from '../../../bench/format.js'

describe('report formatting', () => {
  it('prints durations in ms below a second, seconds above', () => {
    expect(formatMs(12.4)).toBe('12 ms')
    expect(formatMs(1234)).toBe('1.23 s')
    expect(formatMs(65_000)).toBe('65.0 s')
    expect(formatMs(Number.NaN)).toBe('n/a')
    expect(formatMs(undefined)).toBe('n/a')
  })

  it('prints sizes in decimal units, as the 2.5 MB budget is stated', () => {
    expect(formatBytes(2_500_000)).toBe('2.50 MB')
    expect(formatBytes(1_735_228)).toBe('1.74 MB')
    expect(formatBytes(45_719)).toBe('45.7 kB')
    expect(formatBytes(23)).toBe('23 B')
    expect(formatKib(121_512)).toBe('119 MiB')
    expect(formatRate(30)).toBe('30/min')
    expect(formatRate(Number.NaN)).toBe('n/a')
  })

  it('builds a Markdown table and keeps cell text from breaking it', () => {
    expect(table(['a', 'b'], [['1', cell('x | y\nz')]])).toBe('| a | b |\n| --- | --- |\n| 1 | x \\| y z |')
  })
})
