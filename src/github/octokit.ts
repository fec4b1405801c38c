import { getOctokit } from '@actions/github'
import { GitHub } from '@actions/github/lib/utils'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'

export type Octokit = ReturnType<typeof getOctokit>

/** Retries after a rate limit, when GitHub's Retry-After is no longer than this. */
const MAX_RATE_LIMIT_WAIT_SECONDS = 120
const RATE_LIMIT_RETRIES = 3

type RateLimitHandler = (
  retryAfter: number,
  options: { method: string; url: string },
  octokit: { log: { warn(message: string): void } },
  retryCount: number
) => boolean

/**
 * Octokit against GITHUB_API_URL (GitHub Enterprise Server and the simulator set it), with the retry plugin
 * for 5xx and network failures and the throttling plugin for primary and secondary rate limits (403/429 with
 * Retry-After); both bounded. An empty token still works for public reads: no Authorization header is sent.
 * `log` replaces Octokit's console logger for the lines it would warn with (tests collect them).
 */
export function createOctokit(token: string, apiUrl: string, log?: { warn(message: string): void }): Octokit {
  const onRateLimit: RateLimitHandler = (retryAfter, options, octokit, retryCount) => {
    const retrying = retryCount < RATE_LIMIT_RETRIES && retryAfter <= MAX_RATE_LIMIT_WAIT_SECONDS
    octokit.log.warn(
      `GitHub rate limit on ${options.method} ${options.url}: ${retrying ? `retrying in ${retryAfter} s` : 'giving up'}`
    )
    return retrying
  }
  const options = {
    baseUrl: apiUrl,
    ...(log ? { log: { debug: () => {}, info: () => {}, warn: log.warn, error: log.warn } } : {}),
    throttle: { onRateLimit, onSecondaryRateLimit: onRateLimit },
    // 429 and 403 belong to the throttling plugin, which honours Retry-After; this plugin retries 5xx and resets.
    retry: { doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451], retries: 3 }
  }
  if (token) return getOctokit(token, options, retry, throttling)
  const Anonymous = GitHub.plugin(retry, throttling)
  return new Anonymous(options) as unknown as Octokit
}
