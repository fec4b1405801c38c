import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Simulator } from '../../simulator/src/index.js'
import { CLUSTER, SERVICE } from '../fixtures/open-webui.js'
import { describeRun, runAgainst, startDeployWorld, deployInputs } from '../support/deploy-world.js'
import { startForwardProxy, type ForwardProxy, type ProxiedRequest } from '../support/forward-proxy.js'

/**
 * A self-hosted runner that reaches AWS, GitHub and registries only through a proxy: the simulator speaks
 * plain http on 127.0.0.1, so HTTP_PROXY applies, and loopback is proxied like any other host (NO_PROXY has
 * no implicit entries). The forward proxy records every request it relays; each run compares that with the
 * requests the simulator answered. http targets are sent as absolute-URI requests, by the AWS SDK's agents and
 * by undici (GitHub, registry, health probe) alike.
 */
let sim: Simulator
let proxy: ForwardProxy
let simulatorHost: string

beforeAll(async () => {
  sim = await startDeployWorld()
  proxy = await startForwardProxy()
  simulatorHost = new URL(sim.env.AWS_ENDPOINT_URL_ECS).host
})

afterAll(async () => {
  await proxy?.stop()
  await sim?.stop()
})

async function run(inputs: Record<string, string>, env: Record<string, string>) {
  const before = proxy.requests.length
  const record = await runAgainst(sim, deployInputs(sim, inputs), { env })
  return { ...record, proxied: proxy.requests.slice(before) }
}

/** `service operation` of each call the simulator answered, in order, and of each request the proxy relayed. */
function expectEveryCallProxied(
  calls: { service: string; operation: string }[],
  proxied: ProxiedRequest[]
): void {
  expect(calls.length).toBeGreaterThan(0)
  // One relayed request per answered one, all to the simulator: none went around the proxy.
  expect(proxied).toHaveLength(calls.length)
  for (const request of proxied) expect(request.target).toBe(simulatorHost)
}

const PROXY_PASSWORD = 'pr0xy-s3cret-Zq7'

describe('behind a forward proxy (HTTP_PROXY)', () => {
  it('a dry run sends every request through it: AWS, GitHub, the registry', async () => {
    const {
      run: result,
      calls,
      proxied
    } = await run({ 'dry-run': 'true' }, { HTTP_PROXY: proxy.url, NO_PROXY: 'example.invalid' })
    if (result.code !== 0) throw new Error(describeRun(result))
    expectEveryCallProxied(calls, proxied)
    const services = new Set(calls.map(call => call.service))
    for (const service of ['ecs', 'secretsmanager', 'github', 'registry']) expect(services).toContain(service)
    // The simulator is http: every request, the AWS SDK's and undici's, is an absolute-URI request (no CONNECT,
    // which many proxies allow to port 443 only).
    for (const request of proxied) expect(request.via).toBe('absolute-uri')
    expect(proxied.some(request => request.path.startsWith('/v2/'))).toBe(true)
  })

  it('a deploy sends every request through it, with the credentials of the proxy URL, which it never prints', async () => {
    const withCredentials = proxy.url.replace('//', `//deploy:${PROXY_PASSWORD}@`)
    const {
      run: result,
      calls,
      proxied
    } = await run(
      { 'health-url': sim.openWebUiUrl(CLUSTER, SERVICE) },
      // DEBUG makes the proxy agents log their proxy URL: it must not carry the password.
      { http_proxy: withCredentials, DEBUG: 'http-proxy-agent' }
    )
    if (result.code !== 0) throw new Error(describeRun(result))
    expectEveryCallProxied(calls, proxied)
    const operations = new Set(calls.map(call => `${call.service} ${call.operation}`))
    for (const operation of ['ecs RegisterTaskDefinition', 'ecs UpdateService', 'logs GetLogEvents'])
      expect(operations).toContain(operation)
    expect(calls.some(call => call.service === 'openwebui')).toBe(true)
    const credentials = `Basic ${Buffer.from(`deploy:${PROXY_PASSWORD}`).toString('base64')}`
    for (const request of proxied) expect(request.proxyAuthorization).toBe(credentials)
    expect(result.stderr).toContain('Creating new HttpProxyAgent instance')
    // Masked before anything could print it, and printed nowhere else.
    expect(result.stdout.split('\n')).toContain(`::add-mask::${PROXY_PASSWORD}`)
    const printed = [result.stdout, result.stderr, result.summary, JSON.stringify(result.outputs)]
      .join('\n')
      .split('\n')
      .filter(line => !line.startsWith('::add-mask::'))
    expect(printed.join('\n')).not.toContain(PROXY_PASSWORD)
  })

  it('NO_PROXY naming a host sends its requests direct, the others still through the proxy', async () => {
    // GitHub by the name `localhost`, everything else by 127.0.0.1: NO_PROXY=localhost exempts GitHub alone.
    const {
      run: result,
      calls,
      proxied
    } = await run(
      { 'dry-run': 'true' },
      {
        GITHUB_API_URL: sim.env.GITHUB_API_URL.replace('127.0.0.1', 'localhost'),
        HTTP_PROXY: proxy.url,
        NO_PROXY: 'example.invalid, LOCALHOST'
      }
    )
    if (result.code !== 0) throw new Error(describeRun(result))
    const github = calls.filter(call => call.service === 'github')
    expect(github.length).toBeGreaterThan(0)
    expect(proxied).toHaveLength(calls.length - github.length)
    for (const request of proxied) expect(request.target).toBe(simulatorHost)
  })

  it('NO_PROXY with a CIDR range around the endpoints sends nothing through the proxy', async () => {
    const {
      run: result,
      calls,
      proxied
    } = await run({ 'dry-run': 'true' }, { HTTP_PROXY: proxy.url, NO_PROXY: '10.0.0.0/8,127.0.0.0/8' })
    if (result.code !== 0) throw new Error(describeRun(result))
    expect(calls.length).toBeGreaterThan(0)
    expect(proxied).toEqual([])
  })
})

describe('a proxy URL the action cannot use', () => {
  // [variable, value, more environment]
  it.each([
    ['HTTP_PROXY', `proxy.corp:3128`, {}],
    ['HTTP_PROXY', `socks5://deploy:${PROXY_PASSWORD}@proxy.corp:1080`, {}],
    ['https_proxy', `deploy:${PROXY_PASSWORD}@proxy.corp:3128`, {}],
    ['HTTPS_PROXY', 'http://:3128', {}],
    // With GitHub on https, as on github.com: nothing may act on the value before it is checked.
    [
      'HTTPS_PROXY',
      `socks5://deploy:${PROXY_PASSWORD}@proxy.corp:1080`,
      { GITHUB_API_URL: 'https://api.github.invalid' }
    ]
  ] as [string, string, Record<string, string>][])(
    '%s=%s stops the run before any request, naming the variable',
    async (variable, value, env) => {
      const { run: result, calls, proxied } = await run({}, { ...env, [variable]: value })
      expect(result.code).toBe(1)
      expect(result.annotations).toContainEqual(
        expect.objectContaining({
          level: 'error',
          title: `Invalid input: ${variable}`,
          message: expect.stringContaining(
            'expected the URL of an HTTP proxy, http://host:port or https://host:port'
          )
        })
      )
      // Not one request, to AWS, GitHub or the proxy; the value is never repeated.
      expect(calls).toEqual([])
      expect(proxied).toEqual([])
      const printed = [result.stdout, result.stderr, result.summary].join('\n')
      expect(printed).not.toContain(PROXY_PASSWORD)
      expect(printed).not.toContain('proxy.corp')
      expect(printed).not.toMatch(/\n\s+at /)
    }
  )
})
