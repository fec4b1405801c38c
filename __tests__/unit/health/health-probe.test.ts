import { afterEach, describe, expect, test } from '@jest/globals'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { endpointUrl, probeHealth, sameVersion } from '../../../src/health/health-probe.js'
import type { Clock } from '../../../src/ports/clock.js'

let server: Server | undefined
afterEach(async () => {
  await new Promise(resolve => (server ? server.close(resolve) : resolve(undefined)))
  server = undefined
})

const instantClock: Clock = { now: () => Date.now(), sleep: async () => undefined }

/** A tiny Open WebUI: answers each request with the next scripted response for its path. */
async function openWebui(script: Record<string, { status: number; body: unknown }[]>): Promise<URL> {
  const served: Record<string, number> = {}
  server = createServer((request, response) => {
    const path = new URL(request.url!, 'http://x').pathname
    const answers = script[path] ?? [{ status: 404, body: { detail: 'Not Found' } }]
    const answer = answers[Math.min(served[path] ?? 0, answers.length - 1)]
    served[path] = (served[path] ?? 0) + 1
    response.writeHead(answer.status, { 'content-type': 'application/json' })
    response.end(JSON.stringify(answer.body))
  })
  await new Promise<void>(resolve => server!.listen(0, '127.0.0.1', resolve))
  return new URL(`http://127.0.0.1:${(server!.address() as AddressInfo).port}/chat/`)
}

describe('probeHealth', () => {
  test('both endpoints answer and the version matches: ok, with status and latency', async () => {
    const base = await openWebui({
      '/chat/health': [{ status: 200, body: { status: true } }],
      '/chat/api/version': [{ status: 200, body: { version: '0.6.6', deployment_id: '' } }]
    })
    const result = await probeHealth(base, '0.6.6', { clock: instantClock })
    expect(result.ok).toBe(true)
    expect(result.attempts).toBe(1)
    expect(result.health).toMatchObject({ status: 200, url: `${base.origin}/chat/health` })
    expect(result.version).toMatchObject({ status: 200, reported: '0.6.6' })
    expect(result.health.latencyMs).toBeGreaterThanOrEqual(0)
  })

  test('a load balancer still routing to an old task: retried until the new version answers', async () => {
    const base = await openWebui({
      '/chat/health': [
        { status: 503, body: {} },
        { status: 200, body: { status: true } }
      ],
      '/chat/api/version': [
        { status: 200, body: { version: '0.6.5' } },
        { status: 200, body: { version: '0.6.5' } },
        { status: 200, body: { version: '0.6.6' } }
      ]
    })
    const result = await probeHealth(base, '0.6.6', { clock: instantClock })
    expect(result.ok).toBe(true)
    expect(result.attempts).toBe(3)
  })

  test('a version mismatch that persists fails with what was reported', async () => {
    const base = await openWebui({
      '/chat/health': [{ status: 200, body: { status: true } }],
      '/chat/api/version': [{ status: 200, body: { version: '0.6.5' } }]
    })
    const result = await probeHealth(base, '0.6.6', { clock: instantClock, attempts: 3 })
    expect(result.ok).toBe(false)
    expect(result.attempts).toBe(3)
    expect(result.message).toContain('reports 0.6.5, expected 0.6.6')
  })

  test('nothing listening: fails with the network error, no exception', async () => {
    const result = await probeHealth(new URL('http://127.0.0.1:9/'), '0.6.6', {
      clock: instantClock,
      attempts: 2
    })
    expect(result.ok).toBe(false)
    expect(result.health.error).toBeTruthy()
    expect(result.message).toContain('after 2 attempts')
  })
})

test('endpoint URLs keep the base path and drop the query', () => {
  expect(endpointUrl(new URL('https://chat.example.com/owui/?x=1'), 'api/version')).toBe(
    'https://chat.example.com/owui/api/version'
  )
  expect(endpointUrl(new URL('https://chat.example.com'), 'health')).toBe('https://chat.example.com/health')
})

test('a v prefix in the reported version is tolerated', () => {
  expect(sameVersion('v0.6.6', '0.6.6')).toBe(true)
  expect(sameVersion('0.6.60', '0.6.6')).toBe(false)
  expect(sameVersion(undefined, '0.6.6')).toBe(false)
})
