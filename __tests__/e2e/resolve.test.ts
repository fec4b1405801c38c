import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startSimulator, type Simulator } from '../../simulator/src/index.js'
import type { ReleaseSeed } from '../../simulator/src/scenario.js'
import { RELEASE_REPOSITORY, daysAgo, standardScenario } from '../fixtures/open-webui.js'
import { awsCalls } from '../support/deploy-world.js'
import { runAction, type ActionRun } from './harness.js'

/**
 * `mode: resolve` on the bundled action against the simulator, over releaseHistory(): drafts, prereleases,
 * `v1.0.0-alpha.101`, `0.1.0-101` and `nightly` beside the stable v0.6.3..v0.6.7. No AWS Region is set:
 * resolve must not need one.
 */
let sim: Simulator
const DIGEST = /@sha256:[0-9a-f]{64}$/

beforeAll(async () => {
  sim = await startSimulator(standardScenario({ registryHost: 'ghcr.io' }))
})

afterAll(async () => {
  await sim?.stop()
})

function image(): string {
  return `${sim.registryHost}/open-webui/open-webui`
}

async function resolve(
  inputs: Record<string, string> = {},
  files?: Record<string, string>
): Promise<ActionRun> {
  return runAction({
    simulatorEnv: sim.env,
    inputs: { mode: 'resolve', image: image(), ...inputs },
    files,
    env: { AWS_REGION: '', AWS_DEFAULT_REGION: '' }
  })
}

function errors(run: ActionRun) {
  return run.annotations.filter(annotation => annotation.level === 'error')
}

describe('mode: resolve', () => {
  it('outputs the highest stable release, pinned by digest, and touches no AWS API', async () => {
    const callsBefore = sim.calls.length
    const run = await resolve()
    expect(run.code).toBe(0)
    expect(run.outputs.result).toBe('resolved')
    expect(run.outputs.version).toBe('v0.6.7')
    const digest = sim.registry.digestOf('open-webui/open-webui', 'v0.6.7')
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(run.outputs.image).toBe(`${image()}:v0.6.7@${digest}`)
    expect(run.stdout).toContain(
      `Resolved Open WebUI v0.6.7 (newest stable release): ${image()}:v0.6.7@${digest}`
    )
    expect(run.summary).toContain('v0.6.7')
    expect(run.summary).toContain(digest!)
    expect(run.summary).toContain('/releases/tag/v0.6.7')
    const calls = sim.calls.slice(callsBefore)
    expect(awsCalls(calls)).toEqual([])
    expect(calls.filter(call => call.mutating)).toEqual([])
  })

  it('skips releases younger than min-release-age-days', async () => {
    const run = await resolve({ 'min-release-age-days': '5' })
    expect(run.code).toBe(0)
    expect(run.outputs.version).toBe('v0.6.6')
    expect(run.outputs.image).toMatch(new RegExp(`:v0\\.6\\.6${DIGEST.source}`))
  })

  it('pins an explicit version', async () => {
    const run = await resolve({ version: 'v0.6.5' })
    expect(run.code).toBe(0)
    expect(run.outputs.version).toBe('v0.6.5')
    expect(run.outputs.image).toMatch(new RegExp(`:v0\\.6\\.5${DIGEST.source}`))
  })

  it('takes the version file when version is empty', async () => {
    const run = await resolve(
      { 'version-file': '.open-webui-version' },
      { '.open-webui-version': 'v0.6.4\n' }
    )
    expect(run.code).toBe(0)
    expect(run.outputs.version).toBe('v0.6.4')
  })

  it.each([
    ['v0.6.8', /v0\.6\.8 is not a published stable release of open-webui\/open-webui \(it is a draft\)/],
    ['v0.7.0-rc.1', /'v0\.7\.0-rc\.1' is not a release version/],
    ['v0.6.99', /v0\.6\.99 is not a published stable release .*no such release/]
  ])('refuses version %s, naming the input', async (version, message) => {
    const run = await resolve({ version })
    expect(run.code).toBe(1)
    expect(errors(run)).toHaveLength(1)
    expect(errors(run)[0].title).toBe('Invalid input: version')
    expect(errors(run)[0].message).toMatch(message)
    expect(run.outputs.version).toBeUndefined()
  })

  it('fails clearly when the variant tag of the release is missing', async () => {
    const run = await resolve({ variant: 'slim' })
    expect(run.code).toBe(1)
    expect(errors(run)).toHaveLength(1)
    expect(errors(run)[0].message).toContain(`Image ${image()}:v0.6.7-slim does not exist in the registry`)
    expect(run.outputs.image).toBeUndefined()
  })

  it('resolves a variant that exists', async () => {
    const run = await resolve({ variant: 'cuda' })
    expect(run.code).toBe(0)
    expect(run.outputs.image).toMatch(new RegExp(`:v0\\.6\\.7-cuda${DIGEST.source}`))
  })

  it('leaves the digest out with pin-digest false', async () => {
    const run = await resolve({ 'pin-digest': 'false' })
    expect(run.code).toBe(0)
    expect(run.outputs.image).toBe(`${image()}:v0.6.7`)
  })

  it('rides out registry rate limiting', async () => {
    sim.faults.push({ service: 'registry', kind: 'rate-limit', times: 2 })
    try {
      const run = await resolve()
      expect(run.code).toBe(0)
      expect(run.outputs.version).toBe('v0.6.7')
    } finally {
      sim.faults.length = 0
    }
  })
})

describe('mode: resolve over a long release list', () => {
  let big: Simulator

  beforeAll(async () => {
    // 150 releases: the highest version sits on the second page, published before most of the first page.
    const releases: ReleaseSeed[] = []
    for (let patch = 0; patch < 150; patch++) {
      releases.push({ tag: `v0.5.${patch}`, publishedAt: daysAgo(patch === 149 ? 400 : 300 - patch) })
    }
    const scenario = standardScenario({ registryHost: 'ghcr.io', releases })
    scenario.registry = { repositories: { [RELEASE_REPOSITORY]: { 'v0.5.149': {}, 'v0.5.148': {} } } }
    big = await startSimulator(scenario)
  })

  afterAll(async () => {
    await big?.stop()
  })

  it('reads every page and takes the highest semver, not the newest date', async () => {
    const run = await runAction({
      simulatorEnv: big.env,
      inputs: { mode: 'resolve', image: `${big.registryHost}/open-webui/open-webui` },
      env: { AWS_REGION: '', AWS_DEFAULT_REGION: '' }
    })
    expect(run.code).toBe(0)
    expect(run.outputs.version).toBe('v0.5.149')
    const pages = big.calls.filter(call => call.service === 'github' && /releases/.test(call.operation))
    expect(pages.length).toBeGreaterThanOrEqual(2)
  })
})
