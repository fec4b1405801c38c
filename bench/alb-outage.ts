import { startSimulator, type Simulator } from '../simulator/src/index.js'
import { AWS_DEFAULTS_TIMING } from '../simulator/src/core/timing.js'
import { registryTags, standardScenario, TARGET_GROUP_NAME } from '../__tests__/fixtures/open-webui.js'
import { deployInputs } from './scenarios.js'
import { spawnAction } from './spawn-action.js'

/**
 * The outage of a migrating upgrade as a client of the simulated Application Load Balancer sees it, on the
 * `aws-defaults` profile (deregistration delay 300 s, stopTimeout 30 s, a 4 GB image pulled at 50 MB/s, Open
 * WebUI's start 30 s, health check interval 30 s), one request per scaled second: with `drain-seconds: keep`,
 * the default (30) and the default with the maintenance page, beside the physical limit (one task start plus
 * one health check interval; the simulated migration itself is part of Open WebUI's start here).
 */
const ALB = 'open-webui-alb'
const IMAGE_BYTES = 4_000_000_000

export interface AlbOutageCase {
  name: string
  inputs: Record<string, string>
}

export const ALB_OUTAGE_CASES: AlbOutageCase[] = [
  { name: 'drain-seconds: keep', inputs: { 'drain-seconds': 'keep' } },
  { name: 'drain-seconds: 30 (default)', inputs: {} },
  { name: 'drain-seconds: 30, maintenance-page: true', inputs: { 'maintenance-page': 'true' } }
]

export interface AlbOutageResult {
  name: string
  exit: number | null
  /** Scaled seconds from the first answer that was not Open WebUI's to the last one. */
  clientSeconds?: number
  /** The action's own measure (output outage-seconds, wall seconds of its clock), in scaled seconds. */
  measuredSeconds?: number
  /** The plan's prediction, from the summary's Outage table. */
  predicted?: string
}

const secondMs = AWS_DEFAULTS_TIMING.secondMs!

/** One task start (provisioning, pull, Open WebUI's start) plus one health check interval, in scaled seconds. */
export function physicalLimitSeconds(): number {
  const ms =
    AWS_DEFAULTS_TIMING.provisioningMs +
    AWS_DEFAULTS_TIMING.pendingMs +
    (IMAGE_BYTES / AWS_DEFAULTS_TIMING.pullBytesPerSecond!) * secondMs +
    AWS_DEFAULTS_TIMING.healthyAfterMs +
    30 * secondMs
  return ms / secondMs
}

async function start(): Promise<Simulator> {
  return startSimulator(({ registryHost }) => {
    const scenario = standardScenario({ registryHost, desiredCount: 2, deregistrationDelaySeconds: 300 })
    const tags = registryTags()['open-webui/open-webui']
    const sized = Object.fromEntries(
      Object.entries(tags).map(([tag, seed]) => [tag, { ...seed, compressedSizeBytes: IMAGE_BYTES }])
    )
    return {
      ...scenario,
      registry: { repositories: { 'open-webui/open-webui': sized } },
      timingProfile: 'aws-defaults',
      loadBalancers: [
        { name: ALB, listeners: [{ port: 443, protocol: 'HTTPS', defaultTargetGroup: TARGET_GROUP_NAME }] }
      ]
    }
  })
}

export async function measureAlbOutage(bundle: string, outageCase: AlbOutageCase): Promise<AlbOutageResult> {
  const sim = await start()
  const answers: { at: number; ok: boolean }[] = []
  let polling = true
  const client = (async () => {
    while (polling) {
      const at = sim.world.now()
      const response = await fetch(`${sim.loadBalancerUrl(ALB)}/health`).catch(() => undefined)
      await response?.text()
      answers.push({ at, ok: response?.status === 200 })
      await new Promise(resolve => setTimeout(resolve, secondMs))
    }
  })()
  try {
    const run = await spawnAction({
      bundle,
      simulatorEnv: sim.env,
      inputs: { ...deployInputs(sim, { version: 'v0.6.6', 'timeout-minutes': '30' }), ...outageCase.inputs }
    })
    polling = false
    await client
    const down = answers.filter(answer => !answer.ok)
    const predicted = /\| \*\*Total\*\* \| \*\*[^|]*\*\* \| ([^|]+) \|/.exec(run.summary)?.[1]?.trim()
    return {
      name: outageCase.name,
      exit: run.code,
      ...(down.length > 0 ? { clientSeconds: (down.at(-1)!.at - down[0].at) / secondMs } : {}),
      // The action's clock is the wall clock: one of its seconds is 1000 / secondMs scaled seconds.
      ...(run.outputs['outage-seconds']
        ? { measuredSeconds: (Number(run.outputs['outage-seconds']) * 1000) / secondMs }
        : {}),
      ...(predicted ? { predicted } : {})
    }
  } finally {
    polling = false
    await client
    await sim.stop()
  }
}

export function formatAlbOutage(results: AlbOutageResult[]): string[] {
  const limit = physicalLimitSeconds()
  return [
    `physical limit: ${limit} s (one task start and one health check interval, on aws-defaults)`,
    ...results.map(
      result =>
        `${result.name}: exit ${result.exit}, client saw ${result.clientSeconds?.toFixed(0) ?? '?'} s down (${result.clientSeconds ? (result.clientSeconds / limit).toFixed(2) : '?'}x the limit), the action measured ${result.measuredSeconds ?? '?'} s, the plan predicted ${result.predicted ?? '?'}`
    )
  ]
}
