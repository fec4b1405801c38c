import { describe, expect, it } from '@jest/globals'
import { max, mean, median, min, percentile } from '../../../bench/stats.js'

describe('stats', () => {
  it('takes the middle value, or the mean of the two middle values, whatever the order', () => {
    expect(median([5, 1, 3])).toBe(3)
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(median([7])).toBe(7)
  })

  it('interpolates percentiles between closest ranks', () => {
    expect(percentile([10, 20, 30, 40, 50], 0)).toBe(10)
    expect(percentile([10, 20, 30, 40, 50], 100)).toBe(50)
    expect(percentile([10, 20, 30, 40], 90)).toBeCloseTo(37)
    expect(percentile([10, 20], 150)).toBe(20)
  })

  it('answers NaN for no measurements instead of inventing one', () => {
    expect(median([])).toBeNaN()
    expect(max([])).toBeNaN()
    expect(min([])).toBeNaN()
    expect(mean([])).toBeNaN()
  })

  it('does not reorder the caller’s array', () => {
    const values = [3, 1, 2]
    median(values)
    expect(values).toEqual([3, 1, 2])
    expect(max(values)).toBe(3)
    expect(min(values)).toBe(1)
    expect(mean(values)).toBe(2)
  })
})
