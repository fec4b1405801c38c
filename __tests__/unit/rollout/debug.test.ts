import { test } from '@jest/globals'
import { harness, startStandardSimulator } from './simulated-rollout.js'

test('debug', async () => {
  const sim = await startStandardSimulator({ runningVersion: '0.6.6' }, scenario => ({
    ...scenario,
    taskBehaviours: [{ match: { image: 'v0.6.7' }, exitAfterMs: 20, exitCode: 1 }]
  }))
  const run = harness(sim, { version: '0.6.7', 'timeout-minutes': '0.1' })
  const p = run.rollout()
  setTimeout(() => console.log(run.log.lines.join('\n')), 9000)
  const outcome = await p
  console.log(outcome.failure)
  await sim.stop()
}, 60000)
