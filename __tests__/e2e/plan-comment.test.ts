import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Simulator } from '../../simulator/src/index.js'
import { planCommentMarker, recordedPlanHash } from '../../src/modes/plan/plan-comment-marker.js'
import { CLUSTER, SERVICE } from '../fixtures/open-webui.js'
import { htmlTags, proseOf, renderMarkdown } from '../support/github-markdown.js'
import {
  HEAD_SHA,
  PR_NUMBER,
  WORKFLOW_REPOSITORY,
  commentWrites,
  expectExit,
  expectNoCanary,
  mutatingAwsCalls,
  runPlan,
  startPlanWorld
} from './plan-world.js'

/**
 * The sticky comment's life on one pull request: created, updated in place when the plan changes, left alone
 * when it does not, and a foreign comment quoting our marker is never touched.
 */
const marker = planCommentMarker(CLUSTER, SERVICE)
const foreignBody = `${marker}\nI pasted the marker to see what happens.\n<!-- plan-hash: 0000000000000000 -->`
let sim: Simulator

beforeAll(async () => {
  sim = await startPlanWorld({ comments: [{ issueNumber: PR_NUMBER, login: 'mallory', body: foreignBody }] })
})

afterAll(async () => {
  await sim?.stop()
})

function ourComments() {
  return sim.github
    .comments(WORKFLOW_REPOSITORY, PR_NUMBER)
    .filter(comment => comment.login === 'github-actions[bot]')
}

describe('plan mode on a pull request', () => {
  let firstCommentId: number

  it('creates one comment with the version change, migrations, rollout steps, diff and findings', async () => {
    const { run, calls } = await runPlan(sim, { inputs: { environment: 'UVICORN_WORKERS=4' } })
    expectExit(run, 0)
    expect(run.outputs).toMatchObject({
      result: 'planned',
      version: 'v0.6.6',
      'previous-version': 'v0.6.5',
      migrations: 'true'
    })
    expect(run.outputs.image).toMatch(/open-webui\/open-webui:v0\.6\.6@sha256:[0-9a-f]{64}$/)

    const comments = ourComments()
    expect(comments).toHaveLength(1)
    const body = comments[0].body
    firstCommentId = comments[0].id
    expect(body.startsWith(marker)).toBe(true)
    expect(body).toMatch(/v0\.6\.5\s*(->|→)\s*v0\.6\.6/)
    expect(body).toContain('9f0c9cd09105')
    const prose = proseOf(renderMarkdown(body))
    expect(prose).toContain('ENABLE_DB_MIGRATIONS=true')
    expect(prose).toContain('drain')
    expect(prose).toContain('Several Uvicorn workers per task')
    expect(prose).toContain('Fix: Remove UVICORN_WORKERS')
    expect(body).toMatch(/```+diff/)
    expect(body).toContain(HEAD_SHA.slice(0, 7))
    expect(body).toContain(`https://github.com/${WORKFLOW_REPOSITORY}/actions/runs/4242`)
    expect(recordedPlanHash(body)).toMatch(/^[0-9a-f]{64}$/)
    const html = renderMarkdown(body)
    expect(html).toMatch(/<table>/)
    expect(htmlTags(html, ['details']).length % 2).toBe(0)

    expect(commentWrites(calls).map(call => call.operation)).toEqual([expect.stringMatching(/^POST /)])
    expect(mutatingAwsCalls(calls)).toEqual([])
    expectNoCanary(run, calls)
    expect(run.summary).toContain('9f0c9cd09105')
    expect(run.outputs.plan).toContain('9f0c9cd09105')
  })

  it('updates the same comment when the plan changes', async () => {
    const { run, calls } = await runPlan(sim, {
      inputs: { environment: 'UVICORN_WORKERS=4\nWEBUI_NAME=Acme Chat' }
    })
    expectExit(run, 0)
    const comments = ourComments()
    expect(comments).toHaveLength(1)
    expect(comments[0].id).toBe(firstCommentId)
    expect(comments[0].body).toContain('WEBUI_NAME')
    expect(commentWrites(calls).map(call => call.operation)).toEqual([
      expect.stringMatching(/^PATCH .*\/issues\/comments\//)
    ])
    expect(mutatingAwsCalls(calls)).toEqual([])
    expectNoCanary(run, calls)
  })

  it('makes no write when the plan did not change', async () => {
    const before = ourComments()[0]
    const { run, calls } = await runPlan(sim, {
      inputs: { environment: 'UVICORN_WORKERS=4\nWEBUI_NAME=Acme Chat' }
    })
    expectExit(run, 0)
    expect(commentWrites(calls)).toEqual([])
    expect(ourComments()).toEqual([before])
    expect(mutatingAwsCalls(calls)).toEqual([])
    expect(run.summary).toContain('WEBUI_NAME')
  })

  it('never touched the foreign comment that carries the marker', () => {
    const foreign = sim.github
      .comments(WORKFLOW_REPOSITORY, PR_NUMBER)
      .filter(comment => comment.login === 'mallory')
    expect(foreign).toHaveLength(1)
    expect(foreign[0].body).toBe(foreignBody)
    const writes = commentWrites(sim.calls)
    expect(writes.some(call => call.operation.endsWith(`/comments/${foreign[0].id}`))).toBe(false)
    expect(mutatingAwsCalls(sim.calls)).toEqual([])
  })

  it('writes no comment with comment: false, and still writes the plan to the summary and output', async () => {
    const { run, calls } = await runPlan(sim, {
      inputs: { environment: 'WEBUI_NAME=Other', comment: 'false' }
    })
    expectExit(run, 0)
    expect(commentWrites(calls)).toEqual([])
    expect(run.summary).toContain('v0.6.6')
    expect(run.outputs.plan).toContain('v0.6.6')
  })

  it('writes the plan to the summary on a push, without any comment call', async () => {
    const { run, calls } = await runPlan(sim, {
      event: { name: 'push', payload: { ref: 'refs/heads/main' } }
    })
    expectExit(run, 0)
    expect(calls.filter(call => call.service === 'github' && /comments/.test(call.operation))).toEqual([])
    expect(run.summary).toContain('9f0c9cd09105')
    expect(run.outputs.result).toBe('planned')
  })
})
