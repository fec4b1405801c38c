import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startSimulator, type Simulator } from '../../simulator/src/index.js'
import type { CallRecord } from '../../simulator/src/simulator.js'
import { CLUSTER, SECRETS_INPUT, SERVICE, registryTags, standardScenario } from '../fixtures/open-webui.js'
import { runAction, type ActionRun } from './harness.js'

/**
 * An Open WebUI image mirrored through an Amazon ECR pull-through cache: the action reads the tag's digest with
 * ECR BatchGetImage (AWS credentials, Region from the host) instead of the anonymous registry flow, and reaches
 * no host but the simulator on 127.0.0.1.
 */
const ECR_HOST = '123456789012.dkr.ecr.us-east-1.amazonaws.com'
const REPOSITORY = 'ghcr/open-webui/open-webui'
const IMAGE = `${ECR_HOST}/${REPOSITORY}`

/**
 * Preloaded into the action: refuses (and logs) every DNS lookup and connection to a host other than loopback,
 * so a call that escapes the simulator fails the test instead of leaving the machine.
 */
const NETWORK_GUARD = `
const fs = require('node:fs')
const net = require('node:net')
const dns = require('node:dns')
const log = process.env.NETWORK_GUARD_LOG
fs.writeFileSync(log + '.loaded', String(process.pid))
const loopback = host => host === undefined || host === null || host === 'localhost' || host === '::1' || /^127\\./.test(host)
const refuse = what => { fs.appendFileSync(log, what + '\\n'); return new Error('network guard refused ' + what) }
const connect = net.Socket.prototype.connect
net.Socket.prototype.connect = function (...args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0]
  const options = typeof first === 'object' && first !== null ? first : { port: first, host: args[1] }
  if (options.path === undefined && !loopback(options.host)) throw refuse('connect ' + options.host + ':' + options.port)
  return connect.apply(this, args)
}
const lookup = dns.lookup
dns.lookup = function (host, ...rest) {
  if (loopback(host)) return lookup.call(this, host, ...rest)
  const callback = rest[rest.length - 1]
  process.nextTick(() => callback(refuse('lookup ' + host)))
}
`

let sim: Simulator
let guardDir: string

beforeAll(async () => {
  const scenario = standardScenario({ registryHost: `${ECR_HOST}/ghcr` })
  // The pull-through cache's repository is the upstream path under the rule's prefix (`ghcr/`).
  scenario.registry = { repositories: { [REPOSITORY]: registryTags()['open-webui/open-webui'] } }
  sim = await startSimulator(scenario)
  guardDir = mkdtempSync(path.join(tmpdir(), 'ecr-guard-'))
  writeFileSync(path.join(guardDir, 'guard.cjs'), NETWORK_GUARD)
})

afterAll(async () => {
  await sim?.stop()
})

function guarded(name: string): { env: Record<string, string>; escapes: () => string[] } {
  const log = path.join(guardDir, `${name}.log`)
  writeFileSync(log, '')
  return {
    env: { NODE_OPTIONS: `--require ${path.join(guardDir, 'guard.cjs')}`, NETWORK_GUARD_LOG: log },
    escapes: () => {
      // An empty log proves nothing unless the guard ran in the action.
      if (!existsSync(`${log}.loaded`)) throw new Error('the network guard was not loaded')
      return readFileSync(log, 'utf8').split('\n').filter(Boolean)
    }
  }
}

function describeRun(run: ActionRun): string {
  return `exit ${run.code}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`
}

function expectExit(run: ActionRun, code: number): void {
  if (run.code !== code) throw new Error(`expected exit ${code}, got ${describeRun(run)}`)
}

function ecrReads(calls: CallRecord[]): string[] {
  return calls
    .filter(call => call.service === 'ecr')
    .map(call => `${call.operation} mutating=${call.mutating}`)
}

describe('an image on an Amazon ECR pull-through cache', () => {
  it('the network guard refuses and logs a host other than loopback', () => {
    const guard = guarded('self-test')
    const child = spawnSync(
      process.execPath,
      ['-e', "require('node:https').get('https://api.ecr.us-east-1.amazonaws.com/').on('error', () => {})"],
      { env: { ...guard.env, PATH: process.env.PATH ?? '' }, encoding: 'utf8' }
    )
    expect(child.status).toBe(0)
    expect(guard.escapes()).toEqual(['lookup api.ecr.us-east-1.amazonaws.com'])
  })

  it('mode: resolve pins the newest stable release by its ECR digest, with the Region from the host', async () => {
    const guard = guarded('resolve')
    const before = sim.calls.length
    const run = await runAction({
      simulatorEnv: sim.env,
      inputs: { mode: 'resolve', image: IMAGE },
      env: { AWS_REGION: '', AWS_DEFAULT_REGION: '', ...guard.env }
    })
    expectExit(run, 0)
    const digest = sim.registry.digestOf(REPOSITORY, 'v0.6.7')
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(run.outputs).toMatchObject({
      result: 'resolved',
      version: 'v0.6.7',
      image: `${IMAGE}:v0.6.7@${digest}`
    })
    const calls = sim.calls.slice(before)
    expect(ecrReads(calls)).toEqual(['BatchGetImage mutating=false'])
    expect(calls.find(call => call.service === 'ecr')?.request).toMatchObject({
      registryId: '123456789012',
      repositoryName: REPOSITORY,
      imageIds: [{ imageTag: 'v0.6.7' }]
    })
    expect(calls.filter(call => call.service === 'registry')).toEqual([])
    expect(calls.filter(call => call.mutating)).toEqual([])
    expect(guard.escapes()).toEqual([])
  })

  it('mode: resolve fails clearly when the tag is missing from the repository', async () => {
    const run = await runAction({
      simulatorEnv: sim.env,
      inputs: { mode: 'resolve', image: IMAGE, variant: 'slim' },
      env: guarded('missing').env
    })
    expectExit(run, 1)
    const errors = run.annotations.filter(annotation => annotation.level === 'error')
    expect(errors.map(error => error.message).join('\n')).toContain(
      `Image ${IMAGE}:v0.6.7-slim does not exist in the registry`
    )
  })

  it('mode: resolve fails clearly when the repository does not exist', async () => {
    const run = await runAction({
      simulatorEnv: sim.env,
      inputs: { mode: 'resolve', image: `${ECR_HOST}/dockerhub/open-webui` },
      env: guarded('no-repository').env
    })
    expectExit(run, 1)
    expect(run.stdout).toContain(
      'the ECR repository dockerhub/open-webui does not exist in registry 123456789012 (us-east-1)'
    )
  })

  it('deploy dry-run plans v0.6.5 -> v0.6.7 with the ECR digest and writes nothing', async () => {
    const guard = guarded('dry-run')
    const before = sim.calls.length
    const run = await runAction({
      simulatorEnv: sim.env,
      inputs: {
        mode: 'deploy',
        'dry-run': 'true',
        cluster: CLUSTER,
        service: SERVICE,
        image: IMAGE,
        version: 'latest',
        secrets: SECRETS_INPUT
      },
      env: guard.env
    })
    expectExit(run, 0)
    const digest = sim.registry.digestOf(REPOSITORY, 'v0.6.7')!
    expect(run.outputs).toMatchObject({
      result: 'planned',
      version: 'v0.6.7',
      'previous-version': 'v0.6.5',
      image: `${IMAGE}:v0.6.7@${digest}`
    })
    expect(run.summary).toContain(`+      "image": "${IMAGE}:v0.6.7@${digest}",`)
    const calls = sim.calls.slice(before)
    expect(ecrReads(calls).length).toBeGreaterThan(0)
    expect(new Set(ecrReads(calls))).toEqual(new Set(['BatchGetImage mutating=false']))
    expect(calls.filter(call => call.service === 'registry')).toEqual([])
    expect(calls.filter(call => call.mutating).map(call => `${call.service} ${call.operation}`)).toEqual([])
    expect(guard.escapes()).toEqual([])
  })
})
