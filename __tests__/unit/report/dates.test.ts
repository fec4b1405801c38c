import { describe, expect, it } from '@jest/globals'
import { formatDuration, formatUtc } from '../../../src/report/dates.js'

describe('formatUtc', () => {
  const moment = new Date('2025-05-01T23:04:09.123+02:00')

  it('writes a moment in UTC at the precision asked', () => {
    expect(formatUtc(moment, 'date')).toBe('2025-05-01')
    expect(formatUtc(moment, 'date-time')).toBe('2025-05-01 21:04:09')
    expect(formatUtc(moment, 'time')).toBe('21:04:09')
    expect(formatUtc('2025-04-30T22:00:00-03:00', 'date')).toBe('2025-05-01')
    expect(formatUtc(moment.getTime(), 'time')).toBe('21:04:09')
  })

  it('is undefined for a missing or unreadable value, never a made-up date', () => {
    expect(formatUtc(undefined, 'date')).toBeUndefined()
    expect(formatUtc('', 'date')).toBeUndefined()
    expect(formatUtc('2025-05-01](javascript:alert(1))', 'date')).toBeUndefined()
    expect(formatUtc(new Date(Number.NaN), 'date-time')).toBeUndefined()
  })
})

describe('formatDuration', () => {
  it.each([
    [0, '0.0 s'],
    [4_240, '4.2 s'],
    [59_400, '59.4 s'],
    // 59.6 s rounds to a whole minute: never "60.0 s" or "0 min 60 s"
    [59_600, '1 min 0 s'],
    [119_600, '2 min 0 s'],
    [725_000, '12 min 5 s']
  ])('%i ms is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text)
  })
})
