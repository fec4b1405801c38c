/**
 * How often the rollout asks ECS while it waits. Two budgets pull against each other: noticing completion
 * within 2 s (the official deploy action's 15 s minimum, growing to 600 s, made deploys look slow for years)
 * and at most 40 ECS calls a minute per service (read actions burst to 50 per account and Region).
 *
 * DescribeServices runs after 250, 500, 1000 and 1500 ms (a simulated or tiny deployment finishes in a
 * second), then every 2 s: 30 calls a minute, a median delay of about 1 s and at most 2 s plus one request.
 * ListTasks and DescribeTasks share the other 10 calls a minute, and only run when the deployment's counts
 * changed (a 500-task service costs 10 calls per look: 5 pages of ListTasks, 5 batches of DescribeTasks).
 */
export const POLL_RAMP_MS = [250, 500, 1000, 1500]
export const POLL_INTERVAL_MS = 2000
export const CALLS_PER_MINUTE = 40
export const INSPECTION_CALLS_PER_MINUTE = 10
const WINDOW_MS = 60_000

export function pollDelay(pollsSoFar: number): number {
  return POLL_RAMP_MS[pollsSoFar] ?? POLL_INTERVAL_MS
}

/**
 * Delay before the next poll after `failures` consecutive throttled or failed reads (the SDK already retried
 * each one): full jitter over an exponential ceiling from 2 s to 30 s, never below one poll interval.
 */
export function throttleBackoff(failures: number, random: () => number = Math.random): number {
  const ceiling = Math.min(30_000, 2000 * 2 ** Math.max(0, failures - 1))
  return Math.max(POLL_INTERVAL_MS, Math.round(random() * ceiling))
}

/** ListTasks pages plus DescribeTasks batches for a service of `tasks` tasks. */
export function inspectionCost(tasks: number): number {
  return 2 * Math.max(1, Math.ceil(tasks / 100))
}

/** Calls made in the last minute, to keep a sliding-window budget. */
export class CallWindow {
  private readonly calls: { at: number; count: number }[] = []

  constructor(private readonly windowMs = WINDOW_MS) {}

  record(at: number, count = 1): void {
    this.calls.push({ at, count })
  }

  used(now: number): number {
    while (this.calls.length > 0 && this.calls[0].at <= now - this.windowMs) this.calls.shift()
    return this.calls.reduce((sum, call) => sum + call.count, 0)
  }

  /** ms until `count` more calls fit under `limit`; 0 when they fit now. */
  waitFor(now: number, count: number, limit: number): number {
    let used = this.used(now)
    if (used + count <= limit) return 0
    for (const call of this.calls) {
      used -= call.count
      if (used + count <= limit) return Math.max(0, call.at + this.windowMs - now)
    }
    return this.windowMs
  }
}

const RETRYABLE_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'ServerException',
  'InternalFailure',
  'InternalServerError',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT'
])

/** Throttling, 5xx and connection errors: worth another poll later. Anything else is the service's answer. */
export function isRetryableError(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  const details = error as Error & {
    $retryable?: unknown
    $metadata?: { httpStatusCode?: number }
    code?: string
  }
  if (RETRYABLE_NAMES.has(error.name) || (details.code && RETRYABLE_NAMES.has(details.code))) return true
  if (details.$retryable) return true
  const status = details.$metadata?.httpStatusCode
  return status !== undefined && (status === 429 || status >= 500)
}
