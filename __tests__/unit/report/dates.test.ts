import { describe, expect, it } from '@jest/globals'
import { formatUtc } from '../../../src/report/dates.js'

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
