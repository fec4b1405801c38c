import { describe, expect, test } from '@jest/globals'
import {
  CALLS_PER_MINUTE,
  CallWindow,
  INSPECTION_CALLS_PER_MINUTE,
  POLL_INTERVAL_MS,
  inspectionCost,
  isRetryableError,
  pollDelay,
  throttleBackoff
} from '../../../src/rollout/poll-schedule.js'

describe('poll schedule', () => {
  test('ramps up quickly, then settles at a steady interval', () => {
    const delays = Array.from({ length: 8 }, (_, index) => pollDelay(index))
    expect(delays.slice(0, 4)).toEqual([250, 500, 1000, 1500])
    expect(new Set(delays.slice(4))).toEqual(new Set([POLL_INTERVAL_MS]))
  })

  test('steady polls plus the inspection share stay within the per-minute call budget', () => {
    expect(60_000 / POLL_INTERVAL_MS + INSPECTION_CALLS_PER_MINUTE).toBeLessThanOrEqual(CALLS_PER_MINUTE)
    // The one exception is a 500-task look (10 calls), which fits the inspection share exactly once a minute.
    expect(inspectionCost(500)).toBe(10)
    expect(inspectionCost(1)).toBe(2)
    expect(inspectionCost(101)).toBe(4)
  })
})

describe('throttle backoff', () => {
  test('full jitter under a ceiling that doubles and caps at 30 s', () => {
    expect(throttleBackoff(1, () => 1)).toBe(2000)
    expect(throttleBackoff(2, () => 1)).toBe(4000)
    expect(throttleBackoff(10, () => 1)).toBe(30_000)
    expect(throttleBackoff(10, () => 0.5)).toBe(15_000)
  })

  test('never shorter than a poll', () => {
    expect(throttleBackoff(3, () => 0)).toBe(POLL_INTERVAL_MS)
  })
})

describe('CallWindow', () => {
  test('counts calls of the last minute only', () => {
    const window = new CallWindow()
    window.record(0, 5)
    window.record(30_000, 10)
    expect(window.used(30_000)).toBe(15)
    expect(window.used(60_001)).toBe(10)
  })

  test('says how long until more calls fit', () => {
    const window = new CallWindow()
    window.record(0, 30)
    window.record(10_000, 10)
    expect(window.waitFor(20_000, 1, 40)).toBe(40_000)
    expect(window.waitFor(20_000, 1, 41)).toBe(0)
  })
})

test('throttling, 5xx and resets are retryable; access denied and bad parameters are not', () => {
  const named = (name: string, extra: Record<string, unknown> = {}) =>
    Object.assign(new Error(name), { name, ...extra })
  expect(isRetryableError(named('ThrottlingException'))).toBe(true)
  expect(isRetryableError(named('Whatever', { $metadata: { httpStatusCode: 503 } }))).toBe(true)
  expect(isRetryableError(named('Error', { code: 'ECONNRESET' }))).toBe(true)
  expect(isRetryableError(named('AccessDeniedException', { $metadata: { httpStatusCode: 400 } }))).toBe(false)
  expect(isRetryableError(named('InvalidParameterException'))).toBe(false)
  expect(isRetryableError('ThrottlingException')).toBe(false)
})
