import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import {
  ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand
} from '@aws-sdk/client-application-auto-scaling'
import {
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client
} from '@aws-sdk/client-elastic-load-balancing-v2'
import {
  DescribeSecretCommand,
  ListSecretsCommand,
  SecretsManagerClient
} from '@aws-sdk/client-secrets-manager'
import { FaultInjector } from '../src/core/faults.js'
import { seededRandom } from '../src/core/random.js'
import { startSimulator } from '../src/index.js'
import type { FaultRule, Scenario } from '../src/scenario.js'
import type { Simulator } from '../src/simulator.js'
import { clientConfig } from './aws-support.js'

const SCENARIO: Scenario = {
  secrets: [{ name: 'open-webui/secret-key', value: 'CANARY-faults-1' }],
  autoScaling: [{ cluster: 'prod', service: 'open-webui', minCapacity: 1, maxCapacity: 2 }],
  targetGroups: [{ name: 'open-webui-tg' }],
  github: { repositories: { 'open-webui/open-webui': { releases: [{ tag: 'v0.6.7' }] } } },
  registry: { repositories: { 'open-webui/open-webui': { 'v0.6.7': {} } } }
}

let sim: Simulator
beforeEach(async () => {
  sim = await startSimulator(SCENARIO)
})
afterEach(() => sim.stop())

const secrets = () => new SecretsManagerClient(clientConfig(sim))
const describeSecret = () => secrets().send(new DescribeSecretCommand({ SecretId: 'open-webui/secret-key' }))
const outcomes = (operation: string) =>
  sim.calls.filter(call => call.operation === operation).map(call => call.errorCode ?? call.status)

describe('injected AWS faults', () => {
  it('throttles until `times` runs out, and the SDK retries to success', async () => {
    sim.faults.push({ service: 'secretsmanager', operation: 'DescribeSecret', kind: 'throttle', times: 2 })
    const answer = await describeSecret()
    expect(answer.Name).toBe('open-webui/secret-key')
    expect(answer.$metadata.attempts).toBe(3)
    expect(outcomes('DescribeSecret')).toEqual(['ThrottlingException', 'ThrottlingException', 200])
  })

  it('fails at once on access denied, naming the IAM action', async () => {
    sim.faults = [{ service: 'secretsmanager', kind: 'access-denied' }]
    await expect(describeSecret()).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining('secretsmanager:DescribeSecret'),
      $metadata: { attempts: 1 }
    })
    expect(outcomes('DescribeSecret')).toEqual(['AccessDeniedException'])
  })

  it('answers 503 ServiceUnavailable and 500 in the service vocabulary, both retried', async () => {
    sim.faults.push(
      { service: 'secretsmanager', kind: 'server-error', status: 503, times: 1 },
      { service: 'secretsmanager', kind: 'server-error', times: 1 }
    )
    expect((await describeSecret()).$metadata.attempts).toBe(3)
    expect(outcomes('DescribeSecret')).toEqual(['ServiceUnavailable', 'InternalServiceError', 200])
    expect(sim.calls.filter(call => call.operation === 'DescribeSecret').map(call => call.status)).toEqual([
      503, 500, 200
    ])
  })

  it('resets the connection, which the SDK retries', async () => {
    sim.faults.push({ service: 'secretsmanager', kind: 'reset', times: 1 })
    expect((await describeSecret()).$metadata.attempts).toBe(2)
    expect(outcomes('DescribeSecret')).toEqual(['ConnectionReset', 200])
  })

  it('delays a call by the latency of the rule', async () => {
    sim.faults.push({ service: 'secretsmanager', kind: 'latency', latencyMs: 1000 })
    const impatient = new SecretsManagerClient({
      ...clientConfig(sim),
      maxAttempts: 1,
      requestHandler: { requestTimeout: 150, throwOnRequestTimeout: true }
    })
    await expect(
      impatient.send(new DescribeSecretCommand({ SecretId: 'open-webui/secret-key' }))
    ).rejects.toMatchObject({
      name: 'TimeoutError'
    })
    sim.faults = []
    expect((await describeSecret()).Name).toBe('open-webui/secret-key')
  })

  it('uses the throttling codes of Application Auto Scaling and ELBv2 (awsQuery XML), which the SDK retries', async () => {
    sim.faults.push(
      { service: 'autoscaling', kind: 'throttle', times: 1 },
      { service: 'elbv2', operation: 'DescribeTargetGroups', kind: 'throttle', times: 1 }
    )
    const targets = await new ApplicationAutoScalingClient(clientConfig(sim)).send(
      new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs' })
    )
    const groups = await new ElasticLoadBalancingV2Client(clientConfig(sim)).send(
      new DescribeTargetGroupsCommand({})
    )
    expect(targets.$metadata.attempts).toBe(2)
    expect(groups.$metadata.attempts).toBe(2)
    expect(outcomes('DescribeScalableTargets')).toEqual(['ThrottlingException', 200])
    expect(outcomes('DescribeTargetGroups')).toEqual(['Throttling', 200])
  })

  it('limits a rule to writes or reads, and to operations by prefix', async () => {
    sim.faults.push(
      { service: 'secretsmanager', kind: 'access-denied', mutating: true },
      { service: 'secretsmanager', operation: 'List*', kind: 'access-denied' }
    )
    expect((await describeSecret()).Name).toBe('open-webui/secret-key')
    await expect(secrets().send(new ListSecretsCommand({}))).rejects.toMatchObject({
      name: 'AccessDeniedException'
    })
  })
})

describe('injected GitHub and registry faults', () => {
  it('answers a GitHub secondary rate limit with retry-after', async () => {
    sim.faults.push({
      service: 'github',
      operation: 'GET /repos/open-webui',
      kind: 'rate-limit',
      times: 1,
      retryAfterSeconds: 7
    })
    const limited = await fetch(`${sim.env.GITHUB_API_URL}/repos/open-webui/open-webui/releases`)
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('7')
    expect(((await limited.json()) as { message: string }).message).toContain('secondary rate limit')
    const next = await fetch(`${sim.env.GITHUB_API_URL}/repos/open-webui/open-webui/releases`)
    expect(next.status).toBe(200)
    expect(outcomes('GET /repos/open-webui/open-webui/releases')).toEqual(['rate-limit', 200])
  })

  it('answers 403 rate limits and 5xx on GitHub, and 429 TOOMANYREQUESTS on the registry', async () => {
    sim.faults.push(
      { service: 'github', kind: 'rate-limit', status: 403, times: 1 },
      { service: 'github', kind: 'server-error', status: 502, times: 1 },
      { service: 'registry', operation: '/token', kind: 'rate-limit', times: 1 }
    )
    const releases = `${sim.env.GITHUB_API_URL}/repos/open-webui/open-webui/releases`
    expect((await fetch(releases)).status).toBe(403)
    expect((await fetch(releases)).status).toBe(502)
    expect((await fetch(releases)).status).toBe(200)
    const token = await fetch(`${sim.url}/token?scope=repository:open-webui/open-webui:pull`)
    expect(token.status).toBe(429)
    expect(await token.json()).toMatchObject({ errors: [{ code: 'TOOMANYREQUESTS' }] })
    expect((await fetch(`${sim.url}/token?scope=repository:open-webui/open-webui:pull`)).status).toBe(200)
  })
})

describe('fault probabilities', () => {
  const rule: FaultRule = { service: 'ecs', kind: 'throttle', probability: 0.3 }
  const pattern = (seed: number) => {
    const injector = new FaultInjector(() => [rule], seededRandom(seed))
    return Array.from({ length: 40 }, () =>
      injector.draw({ service: 'ecs', operation: 'DescribeServices', mutating: false }).failure ? 'x' : '.'
    ).join('')
  }

  it('replay identically from the same seed', () => {
    expect(pattern(7)).toBe(pattern(7))
    expect(pattern(7)).not.toBe(pattern(8))
  })

  it('hit roughly the requested share of calls', () => {
    const hits = [...pattern(11)].filter(mark => mark === 'x').length
    expect(hits).toBeGreaterThan(4)
    expect(hits).toBeLessThan(24)
  })

  it('come from the scenario seed in a running simulator', async () => {
    const run = async (seed: number) => {
      const seeded = await startSimulator({
        ...SCENARIO,
        seed,
        faults: [{ service: 'secretsmanager', kind: 'throttle', probability: 0.5 }]
      })
      try {
        const client = new SecretsManagerClient({ ...clientConfig(seeded), maxAttempts: 1 })
        for (let index = 0; index < 12; index++) {
          await client.send(new ListSecretsCommand({})).catch(() => undefined)
        }
        return seeded.calls.map(call => call.errorCode ?? 'ok').join(',')
      } finally {
        await seeded.stop()
      }
    }
    const first = await run(99)
    expect(first).toContain('ThrottlingException')
    expect(first).toContain('ok')
    expect(await run(99)).toBe(first)
  })
})
