import { expect, test } from '@jest/globals'
import type { Simulator } from '../../../simulator/src/index.js'
import { harness, startStandardSimulator } from './simulated-rollout.js'
import { stopAfterEach } from '../../support/simulator-lifecycle.js'

let sim: Simulator | undefined
stopAfterEach(() => sim)

test('a 250-task fleet: ListTasks paginated, DescribeTasks by 100 and only on change, the report aggregated', async () => {
  sim = await startStandardSimulator({ runningVersion: '0.6.6', desiredCount: 250 })
  const run = harness(sim, { version: '0.6.7' })
  const plan = await run.plan()
  const before = sim.calls.length
  const outcome = await run.rollout(plan)
  expect(outcome.result).toBe('deployed')
  expect(outcome.annotations).toContainEqual(
    expect.objectContaining({ message: 'Open WebUI v0.6.7 running on 250/250 healthy tasks' })
  )

  const calls = sim.calls.slice(before)
  const describeTasks = calls.filter(call => call.operation === 'DescribeTasks')
  const listTasks = calls.filter(call => call.operation === 'ListTasks')
  const polls = calls.filter(call => call.operation === 'DescribeServices')
  expect(describeTasks.length).toBeGreaterThan(0)
  for (const call of describeTasks)
    expect((call.request as { tasks: string[] }).tasks.length).toBeLessThanOrEqual(100)
  // Every look at 250+ tasks takes several pages.
  expect(listTasks.some(call => (call.request as { nextToken?: string }).nextToken)).toBe(true)
  // Tasks are described when the counts change, not on every poll.
  const looks = listTasks.filter(call => !(call.request as { nextToken?: string }).nextToken).length
  expect(looks).toBeLessThan(polls.length)

  expect(outcome.summary).toContain('#### Tasks (250, counted by revision, status, health and zone)')
  expect(outcome.summary).not.toMatch(/\| `[0-9a-f]{32}` \| open-webui:2 \|/)
  expect(outcome.summary.length).toBeLessThan(20_000)
})
