import { describe, expect, it } from '@jest/globals'
import {
  busiestWindow,
  countByOperation,
  maxInWindow,
  ratePerMinute,
  within
} from '../../../bench/call-rate.js'

const calls = (...times: number[]) => times.map(at => ({ at, operation: 'DescribeServices' }))

describe('call counting', () => {
  it('counts by operation, most frequent first, ties by name', () => {
    const log = [
      { at: 0, operation: 'ListTasks' },
      { at: 1, operation: 'DescribeServices' },
      { at: 2, operation: 'DescribeTasks' },
      { at: 3, operation: 'DescribeServices' }
    ]
    expect(countByOperation(log)).toEqual([
      ['DescribeServices', 2],
      ['DescribeTasks', 1],
      ['ListTasks', 1]
    ])
  })

  it('finds the busiest 60 s window, a call exactly 60 s later falling outside', () => {
    expect(maxInWindow(calls(0, 10_000, 59_999, 60_000, 61_000))).toBe(4)
    expect(busiestWindow(calls(0, 10_000, 59_999, 60_000, 61_000))).toEqual({ from: 10_000, count: 4 })
    expect(maxInWindow(calls(0, 60_000, 120_000))).toBe(1)
    expect(maxInWindow([])).toBe(0)
  })

  it('sorts before counting, so the log order does not matter', () => {
    expect(maxInWindow(calls(50_000, 0, 100_000, 20_000), 30_000)).toBe(2)
  })

  it('scales a span to calls per minute', () => {
    expect(ratePerMinute(calls(0, 2000, 4000, 6000, 8000), 0, 10_000)).toBe(30)
    expect(ratePerMinute(calls(0), 5, 5)).toBeNaN()
    expect(within(calls(0, 5, 10), 5, 10)).toEqual(calls(5))
  })
})
