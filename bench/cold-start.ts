import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Simulator } from '../simulator/src/index.js'
import { deployInputs, resolveInputs, simClock, startFleetSimulator } from './scenarios.js'
import { spawnAction } from './spawn-action.js'

/**
 * Cold start: process start (just before spawn) to the first request the simulator receives, and to the exit,
 * for `mode: resolve` and a dry-run plan (`mode: deploy`, `dry-run: true`) of the fixture's production-shaped
 * task definition. Three reference points show where the time goes: Node 24 running an empty file (the floor under
 * any action), Node 24 sending one request with its built-in fetch (the floor under any action whose first request
 * goes through fetch, as Octokit's does: the HTTP client loads on first use) and the bundle stopping at input
 * validation (loading the bundle, and no more).
 */

export interface ColdStartRun {
  firstRequestMs?: number
  totalMs: number
  /** User plus system CPU time of the process. */
  cpuMs?: number
  ok: boolean
}

export interface ColdStartResult {
  /** Node 24 running an empty file. */
  bareNode: ColdStartRun[]
  /** Node 24 sending one GET with its built-in fetch to the simulator, and nothing else. */
  bareFetch: ColdStartRun[]
  /** The bundle with an unknown `mode`: it loads, validates the inputs and exits. */
  loadOnly: ColdStartRun[]
  resolve: ColdStartRun[]
  dryRun: ColdStartRun[]
}

export async function measureColdStart(bundle: string, runs: number): Promise<ColdStartResult> {
  const sim = await startFleetSimulator({ tasks: 2, healthyAfterMs: 200, upgrade: 'migrate' })
  const scripts = mkdtempSync(path.join(tmpdir(), 'owed-bench-'))
  const empty = path.join(scripts, 'empty.js')
  writeFileSync(empty, '')
  const oneFetch = path.join(scripts, 'one-fetch.mjs')
  writeFileSync(
    oneFetch,
    "await (await fetch(new URL('repos/open-webui/open-webui/releases', process.env.GITHUB_API_URL + '/'))).text()\n"
  )
  try {
    const result: ColdStartResult = { bareNode: [], bareFetch: [], loadOnly: [], resolve: [], dryRun: [] }
    // One unmeasured run warms the file cache, as a runner that just downloaded the action has it.
    await timeRun(sim, bundle, resolveInputs(sim), run => run.code === 0)
    for (let index = 0; index < runs; index++) {
      result.bareNode.push(await timeRun(sim, empty, {}, run => run.code === 0))
      result.bareFetch.push(await timeRun(sim, oneFetch, {}, run => run.code === 0))
      result.loadOnly.push(
        await timeRun(sim, bundle, { mode: 'none' }, run => run.code !== 0 && /::error/.test(run.stdout))
      )
      result.resolve.push(
        await timeRun(sim, bundle, resolveInputs(sim), run => run.outputs.result === 'resolved')
      )
      result.dryRun.push(
        await timeRun(
          sim,
          bundle,
          deployInputs(sim, { 'dry-run': 'true' }),
          run => run.outputs.result === 'planned'
        )
      )
    }
    return result
  } finally {
    await sim.stop()
  }
}

async function timeRun(
  sim: Simulator,
  script: string,
  inputs: Record<string, string>,
  succeeded: (run: Awaited<ReturnType<typeof spawnAction>>) => boolean
): Promise<ColdStartRun> {
  const toSim = simClock(sim)
  const before = sim.calls.length
  const run = await spawnAction({ bundle: script, simulatorEnv: sim.env, inputs, measureResources: true })
  const spawnedAt = toSim(run.spawnedAt)
  const first = sim.calls.slice(before)[0]
  return {
    ...(first ? { firstRequestMs: first.at - spawnedAt } : {}),
    totalMs: run.closedAt - run.spawnedAt,
    ...(run.cpuMs !== undefined ? { cpuMs: run.cpuMs } : {}),
    ok: succeeded(run)
  }
}
