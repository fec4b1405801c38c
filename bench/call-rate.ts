/** Counting API calls from the simulator's call log: by operation, per minute, in a sliding window. */

export interface TimedCall {
  /** ms on the simulator's clock. */
  at: number
  operation: string
  errorCode?: string
}

export const MINUTE_MS = 60_000

/** Calls per operation, most frequent first (ties by name), as the report lists them. */
export function countByOperation(calls: readonly TimedCall[]): [string, number][] {
  const counts = new Map<string, number>()
  for (const call of calls) counts.set(call.operation, (counts.get(call.operation) ?? 0) + 1)
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
}

/** The most calls that fall in any window of `windowMs` (a window opening at each call, as a rate limiter sees it). */
export function maxInWindow(calls: readonly TimedCall[], windowMs = MINUTE_MS): number {
  return busiestWindow(calls, windowMs).count
}

/** The window of `windowMs` holding the most calls: where it opens (the first call in it) and how many. */
export function busiestWindow(
  calls: readonly TimedCall[],
  windowMs = MINUTE_MS
): { from: number; count: number } {
  const times = calls.map(call => call.at).sort((a, b) => a - b)
  let best = { from: times[0] ?? 0, count: 0 }
  let start = 0
  for (let end = 0; end < times.length; end++) {
    while (times[end] - times[start] >= windowMs) start++
    if (end - start + 1 > best.count) best = { from: times[start], count: end - start + 1 }
  }
  return best
}

/** Calls in [from, to) scaled to a minute; NaN for an empty span. */
export function ratePerMinute(calls: readonly TimedCall[], from: number, to: number): number {
  if (to <= from) return Number.NaN
  const inside = calls.filter(call => call.at >= from && call.at < to).length
  return (inside * MINUTE_MS) / (to - from)
}

export function within<T extends TimedCall>(calls: readonly T[], from: number, to: number): T[] {
  return calls.filter(call => call.at >= from && call.at < to)
}
