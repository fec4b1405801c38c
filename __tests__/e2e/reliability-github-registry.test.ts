import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import type { Simulator } from '../../simulator/src/index.js'
import type { FaultRule } from '../../simulator/src/scenario.js'
import { DEFAULT_TOKEN } from './harness.js'
import {
  describeRun,
  errorAnnotations,
  expectExit,
  runAgainst,
  type RunRecord
} from '../support/deploy-world.js'
import { VERSION_FILE, WORKFLOW_REPOSITORY, startFlowWorld } from '../support/mode-flows.js'
import { until } from '../support/timing.js'

/**
 * Faults of GitHub and the image registry, on the bundled action (resolve and bump). Transient ones (rate
 * limits with Retry-After, 5xx bursts) are ridden out and the run ends as without them; lasting ones end the
 * step cleanly: exit 1, one ::error naming the service and its answer, no stack trace.
 */
let sim: Simulator

beforeAll(async () => {
  sim = await startFlowWorld()
})

afterEach(() => {
  sim.faults = []
})

afterAll(async () => {
  await sim?.stop()
})

const RELEASES = 'GET /repos/open-webui/open-webui/releases'

function resolve(inputs: Record<string, string> = {}): Promise<RunRecord> {
  return runAgainst(sim, { mode: 'resolve', image: `${sim.registryHost}/open-webui/open-webui`, ...inputs })
}

function answers(record: RunRecord, service: string, operation: string): number[] {
  return record.calls
    .filter(call => call.service === service && call.operation.startsWith(operation))
    .map(call => call.status)
}

function expectCleanFailure(record: RunRecord, message: RegExp): void {
  expectExit(record.run, 1)
  const errors = errorAnnotations(record.run)
  expect(errors.length).toBeGreaterThanOrEqual(1)
  expect(errors.map(error => error.message).join('\n')).toMatch(message)
  expect(`${record.run.stdout}\n${record.run.stderr}`).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/)
  expect(record.calls.filter(call => call.mutating && call.service !== 'github')).toEqual([])
}

describe('GitHub API faults', () => {
  it.each([
    ['a secondary rate limit (403 with Retry-After)', { kind: 'rate-limit', status: 403, times: 2 }],
    ['a rate limit (429 with Retry-After)', { kind: 'rate-limit', status: 429, times: 1 }],
    ['a burst of 502s', { kind: 'server-error', status: 502, times: 2 }],
    ['a reset connection', { kind: 'reset', times: 1 }]
  ] as const)('%s on the releases list: retried, and resolve succeeds', async (_name, fault) => {
    sim.faults = [{ service: 'github', operation: RELEASES, retryAfterSeconds: 1, ...fault } as FaultRule]
    const record = await resolve()
    expectExit(record.run, 0)
    expect(record.run.outputs.version).toBe('v0.6.7')
    const statuses = answers(record, 'github', RELEASES)
    expect(statuses.at(-1)).toBe(200)
    expect(statuses.length).toBe(fault.times + 1)
  })

  it('a lasting 500: exit 1 with GitHub’s answer in the error, after bounded retries', async () => {
    sim.faults = [{ service: 'github', operation: RELEASES, kind: 'server-error', status: 500 }]
    const record = await resolve()
    expectCleanFailure(record, /500|Server Error/)
    const statuses = answers(record, 'github', RELEASES)
    expect(statuses.every(status => status === 500)).toBe(true)
    expect(statuses.length).toBeGreaterThan(1)
    expect(statuses.length).toBeLessThanOrEqual(5)
  })

  it('422 on creating the bump pull request because it exists by then: bump updates that one', async () => {
    const pulls = `/repos/${WORKFLOW_REPOSITORY}/pulls`
    sim.faults = [
      { service: 'github', operation: `POST ${pulls}`, kind: 'latency', latencyMs: 1500, times: 1 }
    ]
    const running = runAgainst(
      sim,
      { mode: 'bump', 'version-file': VERSION_FILE, image: `${sim.registryHost}/open-webui/open-webui` },
      { repository: WORKFLOW_REPOSITORY }
    )
    // While the action's create waits, someone else opens the pull request for the same branch.
    await until(() => sim.calls.some(call => call.operation === `POST ${pulls}` && call.status === 0))
    const head = sim.calls.find(call => call.operation === `POST ${pulls}`)!.request as {
      head: string
      base: string
    }
    const created = await fetch(`${sim.env.GITHUB_API_URL}${pulls}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${DEFAULT_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        title: 'Bump Open WebUI (opened by another run)',
        head: head.head,
        base: head.base
      })
    })
    expect(created.status).toBe(201)
    const record = await running
    if (record.run.code !== 0) throw new Error(describeRun(record.run))
    // Ours (201, from the test) and the action's (422, answered once the latency passed).
    expect(answers(record, 'github', `POST ${pulls}`).sort()).toEqual([201, 422])
    const open = sim.github
      .pullRequests(WORKFLOW_REPOSITORY)
      .filter(pull => pull.state === 'open' && pull.head === head.head)
    expect(open).toHaveLength(1)
    expect(record.run.outputs['pull-request-number']).toBe(String(open[0].number))
    expect(open[0].title).toContain('v0.6.7')
    expect(record.run.outputs.result).toBe('bump-updated')
  })
})

describe('registry faults', () => {
  it('the token endpoint answers 503 twice: retried, resolved by digest', async () => {
    sim.faults = [{ service: 'registry', operation: '/token', kind: 'server-error', status: 503, times: 2 }]
    const record = await resolve()
    expectExit(record.run, 0)
    expect(record.run.outputs.image).toMatch(/:v0\.6\.7@sha256:[0-9a-f]{64}$/)
  })

  it('the token endpoint is down: exit 1 naming the registry, nothing pinned', async () => {
    sim.faults = [{ service: 'registry', operation: '/token', kind: 'server-error', status: 503 }]
    const record = await resolve()
    expectCleanFailure(record, /regist|token/i)
    expect(record.run.outputs.image).toBeUndefined()
  })

  it('429 with Retry-After on the manifest: retried, resolved', async () => {
    sim.faults = [
      { service: 'registry', operation: 'HEAD /v2/', kind: 'rate-limit', times: 2, retryAfterSeconds: 1 }
    ]
    const record = await resolve()
    expectExit(record.run, 0)
    expect(answers(record, 'registry', 'HEAD /v2/')).toContain(429)
    expect(record.run.outputs.image).toMatch(/@sha256:[0-9a-f]{64}$/)
  })

  it('the manifest of one variant is missing (v0.6.7-slim): a clear error, never another tag', async () => {
    const record = await resolve({ variant: 'slim', version: 'v0.6.7' })
    expectCleanFailure(record, /v0\.6\.7-slim/)
    expect(record.run.outputs.image).toBeUndefined()
    // The main image of the same release is there: only the variant is missing.
    expect((await resolve({ version: 'v0.6.7' })).run.code).toBe(0)
  })
})
