import type { SimResponse } from '../world.js'

export const DISTRIBUTION_HEADERS = { 'docker-distribution-api-version': 'registry/2.0' }

/** A Distribution-spec error: `{"errors":[{"code","message","detail"}]}` (429 TOOMANYREQUESTS, 503 UNAVAILABLE, ...). */
export function registryErrorResponse(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
  detail?: unknown
): SimResponse {
  return {
    status,
    headers: { ...DISTRIBUTION_HEADERS, 'content-type': 'application/json', ...headers },
    body: { errors: [{ code, message, ...(detail === undefined ? {} : { detail }) }] }
  }
}

/** The registry's rate-limit answer, for the fault injector. */
export function registryRateLimitResponse(retryAfterSeconds = 1): SimResponse {
  return registryErrorResponse(
    429,
    'TOOMANYREQUESTS',
    'retry-after: ' + retryAfterSeconds + 's, allowed: 44000/minute',
    {
      'retry-after': String(retryAfterSeconds)
    }
  )
}
