import type { FaultRule } from '../simulator/src/scenario.js'
import type { Simulator } from '../simulator/src/index.js'
import { ratePerMinute, within } from './call-rate.js'
import { runDeployment } from './deployment-run.js'
import { describeFailure } from './detection.js'

/**
 * Behaviour under throttling: during one rolling update, every ECS read is throttled for a while
 * (ThrottlingException "Rate exceeded", as ECS answers past its read bucket). Each window shows ECS requests
 * (SDK retries included) per minute: before, during and after the throttling.
 */

export interface ThrottleOptions {
  bundle: string
  tasks: number
  healthyAfterMs: number
  /** After the phase's UpdateService: when the throttling starts, and how long it lasts. */
  throttleFromMs: number
  throttleForMs: number
}

export interface ThrottleWindow {
  label: string
  fromMs: number
  toMs: number
  requests: number
  throttled: number
  perMinute: number
}

export interface ThrottleResult {
  options: Omit<ThrottleOptions, 'bundle'>
  deployed: boolean
  failure?: string
  windows: ThrottleWindow[]
  /** Phase closed minus deployment COMPLETED, after the throttling lifted. */
  detectionAfterMs?: number
  /** What the action printed about ECS not answering. */
  backoffLines: string[]
}

const THROTTLE_READS: FaultRule[] = [
  { service: 'ecs', operation: 'Describe*', kind: 'throttle' },
  { service: 'ecs', operation: 'List*', kind: 'throttle' }
]

export async function measureThrottling(options: ThrottleOptions): Promise<ThrottleResult> {
  let updateServiceAt: number | undefined
  const run = await runDeployment(
    { tasks: options.tasks, healthyAfterMs: options.healthyAfterMs, upgrade: 'rolling' },
    { bundle: options.bundle, during: sim => injectAroundUpdate(sim, options, at => (updateServiceAt = at)) }
  )
  const deployed = run.action.code === 0 && run.action.outputs.result === 'deployed'
  const { bundle: _bundle, ...settings } = options
  const phase = run.phases[0]
  const ecs = run.calls.filter(call => call.service === 'ecs')
  const windows: ThrottleWindow[] = []
  if (updateServiceAt !== undefined) {
    const start = updateServiceAt
    const from = start + options.throttleFromMs
    const to = from + options.throttleForMs
    const end = phase?.completedAt ?? phase?.closedAt ?? run.closedAt
    // The first 5 s of a wait poll quickly by design; "before" starts after them.
    const spans: [string, number, number][] = [
      ['before (steady polling)', start + 5000, from],
      ['throttled', from, to],
      ['after, until ECS completed', to, end]
    ]
    for (const [label, spanFrom, spanTo] of spans) {
      const inside = within(ecs, spanFrom, spanTo)
      windows.push({
        label,
        fromMs: spanFrom - start,
        toMs: spanTo - start,
        requests: inside.length,
        throttled: inside.filter(call => call.errorCode === 'ThrottlingException').length,
        perMinute: ratePerMinute(ecs, spanFrom, spanTo)
      })
    }
  }
  return {
    options: settings,
    deployed,
    ...(deployed ? {} : { failure: describeFailure(run) }),
    windows,
    ...(phase?.closedAt !== undefined && phase.completedAt !== undefined
      ? { detectionAfterMs: phase.closedAt - phase.completedAt }
      : {}),
    backoffLines: run.action.lines
      .map(line => line.text.trim())
      .filter(text => /did not answer|throttl|rate exceeded/i.test(text))
  }
}

/** Watches for the rollout's UpdateService, then throttles reads for the window; returns a stop function. */
function injectAroundUpdate(
  sim: Simulator,
  options: ThrottleOptions,
  onUpdate: (at: number) => void
): () => void {
  const timers: NodeJS.Timeout[] = []
  const watch = setInterval(() => {
    const update = sim.calls.find(call => call.service === 'ecs' && call.operation === 'UpdateService')
    if (!update) return
    clearInterval(watch)
    onUpdate(update.at)
    const sinceUpdate = sim.world.now() - update.at
    timers.push(
      setTimeout(() => (sim.faults = [...THROTTLE_READS]), Math.max(0, options.throttleFromMs - sinceUpdate)),
      setTimeout(
        () => (sim.faults = []),
        Math.max(0, options.throttleFromMs + options.throttleForMs - sinceUpdate)
      )
    )
  }, 10)
  return () => {
    clearInterval(watch)
    for (const timer of timers) clearTimeout(timer)
    sim.faults = []
  }
}
