import { describe, expect, it } from '@jest/globals'
import { InputError } from '../../../src/errors.js'
import { parseProxySettings, proxyEndpoint, proxyFor } from '../../../src/network/proxy-settings.js'

function target(url: string) {
  const { protocol, hostname, port } = new URL(url)
  return { protocol, hostname, port }
}

function routeOf(env: NodeJS.ProcessEnv, url: string): string | undefined {
  return proxyFor(parseProxySettings(env), target(url))?.href
}

describe('which proxy a request uses', () => {
  it.each([
    // [environment, target, proxy it goes through]
    [
      { HTTPS_PROXY: 'http://tls-proxy:3128' },
      'https://ecs.us-east-1.amazonaws.com',
      'http://tls-proxy:3128/'
    ],
    [{ HTTPS_PROXY: 'http://tls-proxy:3128' }, 'http://127.0.0.1:4566', undefined],
    [{ HTTP_PROXY: 'http://plain-proxy:3128' }, 'http://127.0.0.1:4566', 'http://plain-proxy:3128/'],
    // An https target never falls back to HTTP_PROXY.
    [{ HTTP_PROXY: 'http://plain-proxy:3128' }, 'https://api.github.com', undefined],
    // The lower-case name wins; an empty value counts as unset.
    [{ https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:2' }, 'https://a.test', 'http://lower:1/'],
    [{ https_proxy: '', HTTPS_PROXY: 'http://upper:2' }, 'https://a.test', 'http://upper:2/'],
    [{ http_proxy: 'http://lower:1', HTTP_PROXY: 'http://upper:2' }, 'http://a.test', 'http://lower:1/'],
    // An https:// proxy URL is a proxy spoken to over TLS.
    [{ HTTPS_PROXY: 'https://secure-proxy:8443' }, 'https://a.test', 'https://secure-proxy:8443/'],
    // NO_PROXY and no_proxy, lower case first, the default port of the target's scheme.
    [{ HTTPS_PROXY: 'http://p:1', NO_PROXY: 'a.test' }, 'https://api.a.test', undefined],
    [{ HTTPS_PROXY: 'http://p:1', no_proxy: 'b.test', NO_PROXY: 'a.test' }, 'https://a.test', 'http://p:1/'],
    [{ HTTPS_PROXY: 'http://p:1', NO_PROXY: 'a.test:443' }, 'https://a.test', undefined],
    [{ HTTP_PROXY: 'http://p:1', NO_PROXY: 'a.test:443' }, 'http://a.test', 'http://p:1/'],
    [{ HTTP_PROXY: 'http://p:1', NO_PROXY: '127.0.0.0/8' }, 'http://127.0.0.1:4566', undefined],
    [{ HTTP_PROXY: 'http://p:1', NO_PROXY: '*' }, 'http://a.test', undefined]
  ] as [NodeJS.ProcessEnv, string, string | undefined][])('%j: %s -> %s', (env, url, proxy) => {
    expect(routeOf(env, url)).toBe(proxy)
  })

  it('reads no variable other than its own', () => {
    expect(parseProxySettings({ ALL_PROXY: 'http://p:1', GITHUB_API_URL: 'x' })).toEqual({
      noProxy: { all: false, entries: [] }
    })
  })
})

describe('a proxy URL the action cannot use', () => {
  const PASSWORD = 'hunter2-proxy-secret'
  it.each([
    ['HTTPS_PROXY', `proxy.corp:3128`, /is not an http or https URL/],
    ['HTTPS_PROXY', `user:${PASSWORD}@proxy.corp:3128`, /is not an http or https URL/],
    ['HTTPS_PROXY', 'not a url', /is not a URL/],
    ['HTTP_PROXY', `socks5://user:${PASSWORD}@proxy.corp:1080`, /names a SOCKS proxy/],
    ['HTTP_PROXY', 'ftp://proxy.corp', /is not an http or https URL/],
    ['http_proxy', 'http://', /is not a URL/],
    ['https_proxy', `http://user:${PASSWORD}@:3128`, /is not a URL|names no host/],
    ['HTTPS_PROXY', 'file:///etc/passwd', /is not an http or https URL/]
  ])('%s=%s', (variable, value, message) => {
    let error: unknown
    try {
      parseProxySettings({ [variable]: value })
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(InputError)
    const { input, message: text } = error as InputError
    expect(input).toBe(variable)
    expect(text).toMatch(message)
    expect(text).toMatch(/expected the URL of an HTTP proxy, http:\/\/host:port or https:\/\/host:port/)
    // Never the value: it may carry the proxy's password (or, unparsed, its user name as a "scheme").
    expect(text).not.toContain(PASSWORD)
    expect(text).not.toContain('proxy.corp')
    expect(text).not.toContain('user')
  })

  it('names the variable that applies, not its unused twin', () => {
    expect(() => parseProxySettings({ https_proxy: 'http://good:1', HTTPS_PROXY: 'bad' })).not.toThrow()
    expect(() => parseProxySettings({ https_proxy: 'bad', HTTPS_PROXY: 'http://good:1' })).toThrow(
      "Input 'https_proxy'"
    )
  })
})

describe('a proxy URL with credentials', () => {
  const credentials = (authorization: string | undefined) =>
    Buffer.from(authorization!.replace(/^Basic /, ''), 'base64').toString()

  it('is split into a URI without them and a decoded Proxy-Authorization value', () => {
    const { uri, authorization } = proxyEndpoint(new URL('http://dep%3Aloy:p%40ss@proxy.corp:3128/ignored'))
    expect(uri.href).toBe('http://proxy.corp:3128/')
    expect(credentials(authorization)).toBe('dep:loy:p@ss')
    expect(proxyEndpoint(new URL('https://proxy.corp')).authorization).toBeUndefined()
  })

  it('keeps a part that is no valid percent-encoding as written', () => {
    expect(credentials(proxyEndpoint(new URL('http://u:100%zz@proxy.corp')).authorization)).toBe('u:100%zz')
  })
})
