import { InputError } from '../errors.js'
import { bypassesProxy, parseNoProxy, type NoProxyRules } from './no-proxy.js'

/**
 * The runner's proxy variables, read and validated once with the other settings, so that a bad proxy URL stops
 * the run before any request and every client (AWS SDK, GitHub, registry, health probe) follows one rule set.
 *
 * Which variable applies, as the runner, @actions/http-client (Octokit), curl and undici read them: the target's
 * scheme picks the pair (`https_proxy`/`HTTPS_PROXY` for https targets, `http_proxy`/`HTTP_PROXY` for http
 * ones; an https target never falls back to HTTP_PROXY), the lower-case name wins over the upper-case one, and
 * an empty value counts as unset. `no_proxy` wins over `NO_PROXY` the same way.
 */
export interface ProxySettings {
  /** Proxy for http:// targets. */
  readonly http?: ProxyUrl
  /** Proxy for https:// targets. */
  readonly https?: ProxyUrl
  readonly noProxy: NoProxyRules
}

export interface ProxyUrl {
  /** The variable it came from, for messages. */
  readonly variable: string
  readonly url: URL
}

const SOCKS = ['socks:', 'socks4:', 'socks4a:', 'socks5:', 'socks5h:']

export function parseProxySettings(env: NodeJS.ProcessEnv): ProxySettings {
  const http = proxyUrl(env, 'http_proxy', 'HTTP_PROXY')
  const https = proxyUrl(env, 'https_proxy', 'HTTPS_PROXY')
  return {
    ...(http ? { http } : {}),
    ...(https ? { https } : {}),
    noProxy: parseNoProxy(env.no_proxy || env.NO_PROXY)
  }
}

/** The value of the variable that applies, checked; the message never repeats it (it may hold a password). */
function proxyUrl(env: NodeJS.ProcessEnv, lower: string, upper: string): ProxyUrl | undefined {
  const variable = env[lower] ? lower : env[upper] ? upper : undefined
  if (!variable) return undefined
  const expected =
    'expected the URL of an HTTP proxy, http://host:port or https://host:port (scheme http or https, then a host)'
  let url: URL
  try {
    url = new URL(env[variable]!.trim())
  } catch {
    throw new InputError(variable, `is not a URL: ${expected}`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    // Only a known scheme is named: `user:pass@host` parses with the scheme `user:`.
    const what = SOCKS.includes(url.protocol)
      ? 'names a SOCKS proxy, which the action cannot use'
      : 'is not an http or https URL'
    throw new InputError(variable, `${what}: ${expected}`)
  }
  if (!url.hostname) throw new InputError(variable, `names no host: ${expected}`)
  return { variable, url }
}

/** The proxy a request to this target goes through, or undefined for a direct connection. */
export function proxyFor(
  settings: ProxySettings,
  target: { protocol: string; hostname: string; port?: string | number }
): URL | undefined {
  const secure = target.protocol === 'https:'
  const proxy = secure ? settings.https : settings.http
  if (!proxy) return undefined
  const port = target.port ? Number(target.port) : secure ? 443 : 80
  return bypassesProxy(settings.noProxy, target.hostname, port) ? undefined : proxy.url
}

/**
 * A proxy URL split for the clients: the URL without credentials (what a client may log or quote in an error)
 * and its user and password as a `Proxy-Authorization: Basic` value, percent-decoded as curl does.
 */
export function proxyEndpoint(proxy: URL): { uri: URL; authorization?: string } {
  const uri = new URL(`${proxy.protocol}//${proxy.host}`)
  if (!proxy.username && !proxy.password) return { uri }
  const credentials = `${decodedUrlPart(proxy.username)}:${decodedUrlPart(proxy.password)}`
  return { uri, authorization: `Basic ${Buffer.from(credentials).toString('base64')}` }
}

/** A URL's user or password percent-decoded, as curl sends it; text that is not valid percent-encoding as is. */
export function decodedUrlPart(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}
