import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import http from 'node:http'
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import { awsAgents } from '../../../src/aws/proxy-agent.js'
import { proxiedFetch } from '../../../src/network/proxied-fetch.js'
import { parseProxySettings, type ProxySettings } from '../../../src/network/proxy-settings.js'
import { startForwardProxy, type ForwardProxy } from '../../support/forward-proxy.js'

/**
 * The two ways out of the action (the AWS SDK's agents, and the fetch of Octokit, the registry and the health
 * probe) against a real forward proxy and a real origin, both on 127.0.0.1.
 */
let proxy: ForwardProxy
let origin: http.Server
let originPort: number
/** A port nothing listens on: an https target the proxy cannot reach, so only its CONNECT is seen. */
let closedPort: number
const seen: string[] = []

beforeAll(async () => {
  proxy = await startForwardProxy()
  origin = http.createServer((request, response) => {
    let body = ''
    request.on('data', chunk => (body += chunk))
    request.on('end', () => {
      seen.push(`${request.method} ${request.url} ${body}`)
      response.writeHead(200, { 'content-type': 'text/plain' })
      response.end('ok')
    })
  })
  await new Promise<void>(resolve => origin.listen(0, '127.0.0.1', resolve))
  originPort = (origin.address() as AddressInfo).port
  const probe = http.createServer()
  await new Promise<void>(resolve => probe.listen(0, '127.0.0.1', resolve))
  closedPort = (probe.address() as AddressInfo).port
  await new Promise<void>(resolve => probe.close(() => resolve()))
})

afterAll(async () => {
  await proxy?.stop()
  await new Promise<void>(resolve => origin?.close(() => resolve()))
})

beforeEach(() => {
  proxy.requests.length = 0
  seen.length = 0
})

function settings(env: NodeJS.ProcessEnv): ProxySettings {
  return parseProxySettings(env)
}

/** A POST as the SDK's NodeHttpHandler sends it: the body is written before a socket is assigned. */
function sdkPost(agent: http.Agent, path: string, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port: originPort,
        method: 'POST',
        path,
        agent,
        headers: { 'content-length': body.length }
      },
      response => {
        let text = ''
        response.on('data', chunk => (text += chunk))
        response.on('end', () => resolve(text))
      }
    )
    request.on('error', reject)
    request.end(body)
  })
}

describe("the AWS SDK's agents", () => {
  it('send every request as an absolute URI, reusing one keep-alive proxy connection', async () => {
    const { httpAgent } = awsAgents(settings({ HTTP_PROXY: proxy.url, NO_PROXY: 'example.invalid' }))
    const connectionsBefore = proxy.connections()
    for (const n of [1, 2, 3]) expect(await sdkPost(httpAgent, `/call-${n}?x=${n}`, `{"n":${n}}`)).toBe('ok')
    expect(
      proxy.requests.map(request => `${request.via} ${request.method} ${request.target}${request.path}`)
    ).toEqual([1, 2, 3].map(n => `absolute-uri POST 127.0.0.1:${originPort}/call-${n}?x=${n}`))
    expect(seen).toEqual([1, 2, 3].map(n => `POST /call-${n}?x=${n} {"n":${n}}`))
    expect(proxy.connections() - connectionsBefore).toBe(1)
  })

  it('send the proxy credentials of the URL, decoded, as Proxy-Authorization', async () => {
    const { httpAgent } = awsAgents(settings({ HTTP_PROXY: proxy.url.replace('//', '//deploy:p%40ss@') }))
    await sdkPost(httpAgent, '/with-credentials', '{}')
    expect(proxy.requests[0].proxyAuthorization).toBe(
      `Basic ${Buffer.from('deploy:p@ss').toString('base64')}`
    )
  })

  it('go direct to a host NO_PROXY names', async () => {
    const { httpAgent } = awsAgents(
      settings({ HTTP_PROXY: proxy.url, NO_PROXY: `other.test, 127.0.0.1:${originPort}` })
    )
    expect(await sdkPost(httpAgent, '/direct', '{}')).toBe('ok')
    expect(proxy.requests).toEqual([])
    expect(seen).toEqual(['POST /direct {}'])
  })

  it('tunnel an https endpoint through HTTPS_PROXY with CONNECT', async () => {
    const { httpsAgent } = awsAgents(settings({ HTTPS_PROXY: proxy.url }))
    await expect(
      new Promise((resolve, reject) => {
        const request = https.request(
          { host: '127.0.0.1', port: closedPort, method: 'POST', path: '/', agent: httpsAgent },
          resolve
        )
        request.on('error', reject)
        request.end('{}')
      })
    ).rejects.toThrow()
    expect(proxy.requests).toEqual([
      { via: 'connect', method: 'CONNECT', target: `127.0.0.1:${closedPort}`, path: '' }
    ])
  })
})

describe('the proxied fetch', () => {
  it('sends every request to an http target as an absolute URI to HTTP_PROXY, with the credentials', async () => {
    const fetch = proxiedFetch(settings({ HTTP_PROXY: proxy.url.replace('//', '//deploy:p%40ss@') }))
    // Three in a row, so that later ones ride kept-alive connections: each still names its target.
    for (const n of [1, 2, 3])
      expect(await (await fetch(`http://127.0.0.1:${originPort}/v2/${n}`)).text()).toBe('ok')
    expect(proxy.requests.map(request => `${request.via} ${request.target}${request.path}`)).toEqual(
      [1, 2, 3].map(n => `absolute-uri 127.0.0.1:${originPort}/v2/${n}`)
    )
    for (const request of proxy.requests)
      expect(request.proxyAuthorization).toBe(`Basic ${Buffer.from('deploy:p@ss').toString('base64')}`)
  })

  it('goes direct to a host NO_PROXY names, decided per request', async () => {
    const fetch = proxiedFetch(settings({ HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.0/8' }))
    expect(await (await fetch(`http://127.0.0.1:${originPort}/direct`)).text()).toBe('ok')
    expect(await (await fetch(`http://localhost:${originPort}/proxied`)).text()).toBe('ok')
    expect(proxy.requests.map(request => request.path)).toEqual(['/proxied'])
    expect(seen).toEqual(['GET /direct ', 'GET /proxied '])
  })

  it('uses HTTPS_PROXY for an https target, never HTTP_PROXY', async () => {
    const fetch = proxiedFetch(settings({ HTTP_PROXY: 'http://127.0.0.1:1', HTTPS_PROXY: proxy.url }))
    await expect(fetch(`https://127.0.0.1:${closedPort}/`)).rejects.toThrow()
    expect(proxy.requests).toEqual([
      { via: 'connect', method: 'CONNECT', target: `127.0.0.1:${closedPort}`, path: '' }
    ])
  })
})
