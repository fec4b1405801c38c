import type { SimResponse } from '../world.js'
import { standardHeaders } from './http.js'

export interface GitHubRateLimitOptions {
  /** 403 (what GitHub answers most often) or 429. */
  status?: number
  /** `retry-after` seconds. Default 1. */
  retryAfterSeconds?: number
  /** Primary limit: `x-ratelimit-remaining: 0` and a reset time instead of a secondary-limit message. */
  primary?: boolean
  /** Seconds since the epoch, for the primary limit's `x-ratelimit-reset`. Default: now + retryAfterSeconds. */
  resetAt?: number
}

/**
 * GitHub's rate-limit answer, for the fault injector: a secondary limit is 403 or 429 with `retry-after` and
 * "You have exceeded a secondary rate limit"; a primary limit is 403 with `x-ratelimit-remaining: 0`.
 */
export function gitHubRateLimitResponse(options: GitHubRateLimitOptions = {}): SimResponse {
  const status = options.status ?? 403
  const retryAfter = options.retryAfterSeconds ?? 1
  const headers: Record<string, string> = { ...standardHeaders() }
  if (options.primary) {
    const reset = options.resetAt ?? Math.ceil(Date.now() / 1000) + retryAfter
    headers['x-ratelimit-remaining'] = '0'
    headers['x-ratelimit-reset'] = String(reset)
    headers['x-ratelimit-used'] = headers['x-ratelimit-limit']
    return {
      status,
      headers,
      body: {
        message: 'API rate limit exceeded for installation ID 1.',
        documentation_url:
          'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-the-primary-rate-limit',
        status: String(status)
      }
    }
  }
  headers['retry-after'] = String(retryAfter)
  return {
    status,
    headers,
    body: {
      message:
        'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach ' +
        'out to GitHub Support for help, please include the request ID 0000:0000:0000000:0000000:00000000.',
      documentation_url:
        'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
      status: String(status)
    }
  }
}

/** GitHub's 5xx answer (unicorn pages are HTML on github.com; the API answers JSON). */
export function gitHubServerErrorResponse(status = 502): SimResponse {
  return {
    status,
    headers: standardHeaders(),
    body: { message: status === 503 ? 'Service Unavailable' : 'Server Error', status: String(status) }
  }
}
