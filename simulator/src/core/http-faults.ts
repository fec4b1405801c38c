import { gitHubRateLimitResponse, gitHubServerErrorResponse } from '../github/index.js'
import { registryErrorResponse, registryRateLimitResponse } from '../registry/index.js'
import type { FaultRule, SimulatedService } from '../scenario.js'
import type { SimResponse } from '../world.js'

/** The answer an injected fault gives on an HTTP service, in that service's own error format. */
export function httpFaultResponse(service: SimulatedService, rule: FaultRule): SimResponse {
  const retryAfterSeconds = rule.retryAfterSeconds ?? 1
  if (service === 'github') {
    switch (rule.kind) {
      case 'throttle':
      case 'rate-limit':
        return gitHubRateLimitResponse({ status: rule.status ?? 429, retryAfterSeconds })
      case 'server-error':
        return gitHubServerErrorResponse(rule.status ?? 500)
      case 'access-denied':
        return {
          status: 403,
          headers: { 'content-type': 'application/json; charset=utf-8' },
          body: {
            message: 'Resource not accessible by integration',
            documentation_url: 'https://docs.github.com/rest',
            status: '403'
          }
        }
    }
  }
  if (service === 'registry') {
    switch (rule.kind) {
      case 'throttle':
      case 'rate-limit':
        return rule.status && rule.status !== 429
          ? registryErrorResponse(rule.status, 'TOOMANYREQUESTS', 'too many requests', {
              'retry-after': String(retryAfterSeconds)
            })
          : registryRateLimitResponse(retryAfterSeconds)
      case 'server-error': {
        const status = rule.status ?? 500
        return registryErrorResponse(
          status,
          status === 503 ? 'UNAVAILABLE' : 'UNKNOWN',
          status === 503 ? 'service unavailable' : 'internal server error'
        )
      }
      case 'access-denied':
        return registryErrorResponse(403, 'DENIED', 'requested access to the resource is denied')
    }
  }
  const status =
    rule.kind === 'server-error'
      ? (rule.status ?? 500)
      : rule.kind === 'access-denied'
        ? 403
        : (rule.status ?? 429)
  return {
    status,
    headers:
      rule.kind === 'rate-limit' || rule.kind === 'throttle'
        ? { 'retry-after': String(retryAfterSeconds) }
        : {},
    body: { message: `simulated ${rule.kind}` }
  }
}
