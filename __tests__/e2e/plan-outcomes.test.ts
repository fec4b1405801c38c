import { describe, expect, it } from '@jest/globals'
import type { Simulator } from '../../simulator/src/index.js'
import {
  PR_NUMBER,
  TASK_DEFINITION_PATH,
  WORKFLOW_REPOSITORY,
  commentWrites,
  expectExit,
  expectNoCanary,
  mutatingAwsCalls,
  runPlan,
  startPlanWorld
} from './plan-world.js'
import { stopAfterEach } from '../support/simulator-lifecycle.js'

/** When plan mode fails the step and when it does not: only a plan that cannot be made is a failure. */
let sim: Simulator | undefined
stopAfterEach(() => sim)

describe('plan mode outcomes', () => {
  it('shows lint errors and stays green: deploy is the one that refuses them', async () => {
    sim = await startPlanWorld()
    // No DATABASE_URL and a plain-text secret: two errors deploy would refuse.
    const { run, calls } = await runPlan(sim, {
      inputs: {
        secrets: 'REDIS_URL=open-webui/redis-url\nWEBUI_SECRET_KEY=open-webui/secret-key',
        environment: 'OPENAI_API_KEY=sk-not-a-real-key-0123456789abcdef'
      }
    })
    expectExit(run, 0)
    expect(run.outputs.result).toBe('planned')
    expect(run.annotations.filter(annotation => annotation.level === 'error')).toEqual([])
    expect(run.annotations.map(annotation => annotation.title)).toEqual(
      expect.arrayContaining(['Deploy would refuse: No DATABASE_URL'])
    )
    const [comment] = sim.github.comments(WORKFLOW_REPOSITORY, PR_NUMBER)
    expect(comment.body).toContain('Deploy will refuse this plan')
    expect(comment.body).toContain('Add DATABASE_URL')
    expect(comment.body).not.toContain('sk-not-a-real-key')
    expect(mutatingAwsCalls(calls)).toEqual([])
    expectNoCanary(run, calls)
  })

  it('turns a comment the token may not write into a warning, with the plan in the summary', async () => {
    sim = await startPlanWorld({ readOnlyToken: true })
    const { run, calls } = await runPlan(sim)
    expectExit(run, 0)
    expect(commentWrites(calls).map(call => call.status)).toEqual([403])
    const warning = run.annotations.find(annotation => annotation.title === 'Plan comment not written')
    expect(warning?.level).toBe('warning')
    expect(warning?.message).toContain('pull-requests: write')
    expect(run.summary).toContain('9f0c9cd09105')
    expect(run.summary).toContain('Could not write the plan comment')
    expect(mutatingAwsCalls(calls)).toEqual([])
  })

  it('fails when the task definition cannot be read, naming the input, with no comment', async () => {
    sim = await startPlanWorld()
    const { run, calls } = await runPlan(sim, {
      files: { [TASK_DEFINITION_PATH]: '{ "family": "open-webui", ' }
    })
    expectExit(run, 1)
    expect(
      run.annotations.some(
        annotation => annotation.level === 'error' && /task-definition/.test(annotation.title ?? '')
      )
    ).toBe(true)
    expect(commentWrites(calls)).toEqual([])
    expect(mutatingAwsCalls(calls)).toEqual([])
  })

  it('fails when the version does not exist, with no comment', async () => {
    sim = await startPlanWorld()
    const { run, calls } = await runPlan(sim, { inputs: { version: 'v0.6.99' } })
    expectExit(run, 1)
    expect(run.stdout).toContain('v0.6.99')
    expect(commentWrites(calls)).toEqual([])
    expect(mutatingAwsCalls(calls)).toEqual([])
  })
})
