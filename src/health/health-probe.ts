import type { EndpointProbe, HealthProbeResult } from '../domain/health-probe-result.js'
import type { Clock } from '../ports/clock.js'

/**
 * After the rollout, the runner asks Open WebUI itself, through whatever the users reach (load balancer,
 * CDN): `GET /health` must answer `{"status": true}` and `GET /api/version` must report the target version.
 * A load balancer takes a few seconds to route to newly registered targets, so failures are retried briefly.
 */
export interface HealthProbeOptions {
  clock: Clock
  signal?: AbortSignal
  /** Default 6 attempts, 1 s apart growing to 4 s: about 15 s in all. */
  attempts?: number
  requestTimeoutMs?: number
  fetch?: typeof fetch
}

const RETRY_DELAYS_MS = [1000, 2000, 3000, 4000, 4000]

/** `https://chat.example.com/prefix/` + `health` -> `https://chat.example.com/prefix/health` (query dropped). */
export function endpointUrl(base: URL, path: string): string {
  const url = new URL(base.toString())
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/${path}`
  url.search = ''
  url.hash = ''
  return url.toString()
}

/** Open WebUI reports `0.6.6`; tolerate a `v` in case a proxy or fork adds one. */
export function sameVersion(reported: string | undefined, expected: string): boolean {
  return reported !== undefined && reported.replace(/^v/, '') === expected.replace(/^v/, '')
}

export async function probeHealth(
  base: URL,
  expectedVersion: string,
  options: HealthProbeOptions
): Promise<HealthProbeResult> {
  const attempts = Math.max(1, options.attempts ?? RETRY_DELAYS_MS.length + 1)
  let result: HealthProbeResult | undefined
  for (let attempt = 1; attempt <= attempts; attempt++) {
    result = await probeOnce(base, expectedVersion, attempt, options)
    if (result.ok || options.signal?.aborted || attempt === attempts) break
    await options.clock.sleep(
      RETRY_DELAYS_MS[Math.min(attempt - 1, RETRY_DELAYS_MS.length - 1)],
      options.signal
    )
  }
  return result!
}

async function probeOnce(
  base: URL,
  expectedVersion: string,
  attempt: number,
  options: HealthProbeOptions
): Promise<HealthProbeResult> {
  const health = await getJson(endpointUrl(base, 'health'), options)
  const version = await getJson(endpointUrl(base, 'api/version'), options)
  const healthOk = health.status === 200 && (health.body as { status?: unknown } | undefined)?.status === true
  const reportedValue = (version.body as { version?: unknown } | undefined)?.version
  const reported = typeof reportedValue === 'string' ? reportedValue : undefined
  const versionOk = version.status === 200 && sameVersion(reported, expectedVersion)
  const healthProbe: EndpointProbe = { ...health.probe }
  if (!healthOk && !healthProbe.error)
    healthProbe.error = health.status === 200 ? 'answered without {"status": true}' : `HTTP ${health.status}`
  const versionProbe: HealthProbeResult['version'] = { ...version.probe, ...(reported ? { reported } : {}) }
  if (!versionOk && !versionProbe.error) {
    versionProbe.error =
      version.status !== 200
        ? `HTTP ${version.status}`
        : reported
          ? `reports ${reported}, expected ${expectedVersion}`
          : 'answered without a version'
  }
  const ok = healthOk && versionOk
  const message = ok
    ? `${healthProbe.url} answered ${health.status} in ${healthProbe.latencyMs} ms; ${versionProbe.url} reports ${reported} in ${versionProbe.latencyMs} ms`
    : [
        !healthOk ? `${healthProbe.url}: ${healthProbe.error}` : undefined,
        !versionOk ? `${versionProbe.url}: ${versionProbe.error}` : undefined
      ]
        .filter(Boolean)
        .join('; ') + ` (after ${attempt} attempt${attempt === 1 ? '' : 's'})`
  return { ok, health: healthProbe, version: versionProbe, attempts: attempt, message }
}

async function getJson(
  url: string,
  options: HealthProbeOptions
): Promise<{ probe: EndpointProbe; status?: number; body?: unknown }> {
  const started = performance.now()
  const timeout = AbortSignal.timeout(options.requestTimeoutMs ?? 5000)
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout
  try {
    const response = await (options.fetch ?? fetch)(url, {
      headers: { accept: 'application/json' },
      signal,
      redirect: 'follow'
    })
    const text = await response.text()
    const latencyMs = Math.round(performance.now() - started)
    let body: unknown
    try {
      body = JSON.parse(text)
    } catch {
      body = undefined
    }
    return { probe: { url, status: response.status, latencyMs }, status: response.status, body }
  } catch (error) {
    const latencyMs = Math.round(performance.now() - started)
    const reason =
      error instanceof Error
        ? error.cause instanceof Error
          ? error.cause.message
          : error.message
        : String(error)
    return { probe: { url, latencyMs, error: reason } }
  }
}
