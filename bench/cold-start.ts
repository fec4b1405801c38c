import { spawn } from 'node:child_process'
import type { Simulator } from '../simulator/src/index.js'
import { deployInputs, resolveInputs, simClock, startFleetSimulator } from './scenarios.js'
import { actionNode, spawnAction } from './spawn-action.js'

/**
 * Cold start: process start (just before spawn) to the first request the simulator receives, and the whole run,
 * for `mode: resolve` and a dry-run plan (`mode: deploy`, `dry-run: true`) of the fixture's production-shaped task
 * definition. Bare Node 24 starting and exiting is measured too: the floor under any action's cold start.
 */

export interface ColdStartRun {
  firstRequestMs?: number
  totalMs: number
  ok: boolean
}

export interface ColdStartResult {
  resolve: ColdStartRun[]
  dryRun: ColdStartRun[]
  /** `node -e 0` on the action's Node. */
  bareNodeMs: number[]
}

export async function measureColdStart(bundle: string, runs: number): Promise<ColdStartResult> {
  const sim = await startFleetSimulator({ tasks: 2, healthyAfterMs: 200, upgrade: 'migrate' })
  try {
    const result: ColdStartResult = { resolve: [], dryRun: [], bareNodeMs: [] }
    // One unmeasured run warms the file cache, as a runner that just downloaded the action has it.
    await timeRun(sim, bundle, resolveInputs(sim), 'resolved')
    for (let index = 0; index < runs; index++) {
      result.bareNodeMs.push(await bareNode())
      result.resolve.push(await timeRun(sim, bundle, resolveInputs(sim), 'resolved'))
      result.dryRun.push(await timeRun(sim, bundle, deployInputs(sim, { 'dry-run': 'true' }), 'planned'))
    }
    return result
  } finally {
    await sim.stop()
  }
}

async function timeRun(
  sim: Simulator,
  bundle: string,
  inputs: Record<string, string>,
  expected: string
): Promise<ColdStartRun> {
  const toSim = simClock(sim)
  const before = sim.calls.length
  const run = await spawnAction({ bundle, simulatorEnv: sim.env, inputs })
  const spawnedAt = toSim(run.spawnedAt)
  const first = sim.calls.slice(before)[0]
  return {
    ...(first ? { firstRequestMs: first.at - spawnedAt } : {}),
    totalMs: run.closedAt - run.spawnedAt,
    ok: run.code === 0 && run.outputs.result === expected
  }
}

async function bareNode(): Promise<number> {
  const started = performance.now()
  await new Promise<void>((resolve, reject) => {
    const child = spawn(actionNode(), ['-e', '0'], { stdio: 'ignore' })
    child.on('error', reject)
    child.on('close', () => resolve())
  })
  return performance.now() - started
}
