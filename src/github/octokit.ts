import { Octokit as OctokitCore } from '@octokit/core'
import { paginateRest } from '@octokit/plugin-paginate-rest'
import { restEndpointMethods } from '@octokit/plugin-rest-endpoint-methods'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'

/**
 * What @actions/github's getOctokit builds (REST methods, pagination), plus retry and throttling, from the same
 * Octokit packages. Not through @actions/github itself: importing it sets up a proxy dispatcher for
 * api.github.com from HTTPS_PROXY at module load, which crashes on a proxy URL undici refuses (socks5://...)
 * before the action could validate it, and would be unused anyway, every request going through `fetch`.
 */
const GitHubOctokit = OctokitCore.plugin(restEndpointMethods, paginateRest, retry, throttling)

export type Octokit = InstanceType<typeof GitHubOctokit>

/** The user agent @actions/github sends: the runner's orchestration id, when it sets one. */
function userAgent(env: NodeJS.ProcessEnv): string | undefined {
  const id = env.ACTIONS_ORCHESTRATION_ID?.trim()
  return id ? `actions_orchestration_id/${id.replace(/[^a-z0-9_.-]/gi, '_')}` : undefined
}

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
 * `fetch` carries the run's proxy settings. `log` replaces Octokit's console logger for the lines it would
 * warn with (tests collect them).
 */
export function createOctokit(
  token: string,
  apiUrl: string,
  { log, fetch }: { log?: { warn(message: string): void }; fetch?: typeof globalThis.fetch } = {}
): Octokit {
  const onRateLimit: RateLimitHandler = (retryAfter, options, octokit, retryCount) => {
    const retrying = retryCount < RATE_LIMIT_RETRIES && retryAfter <= MAX_RATE_LIMIT_WAIT_SECONDS
    octokit.log.warn(
      `GitHub rate limit on ${options.method} ${options.url}: ${retrying ? `retrying in ${retryAfter} s` : 'giving up'}`
    )
    return retrying
  }
  const options = {
    baseUrl: apiUrl,
    // The action's proxy-aware fetch (without one, Octokit uses Node's global fetch, which ignores proxies).
    ...(fetch ? { request: { fetch } } : {}),
    ...(log ? { log: { debug: () => {}, info: () => {}, warn: log.warn, error: log.warn } } : {}),
    throttle: { onRateLimit, onSecondaryRateLimit: onRateLimit },
    // 429 and 403 belong to the throttling plugin, which honours Retry-After; this plugin retries 5xx and resets.
    retry: { doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451], retries: 3 }
  }
  const agent = userAgent(process.env)
  return new GitHubOctokit({
    ...options,
    ...(token ? { auth: token } : {}),
    ...(agent ? { userAgent: agent } : {})
  })
}
