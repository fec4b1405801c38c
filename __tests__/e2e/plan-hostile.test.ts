import { describe, expect, it } from '@jest/globals'
import type { Simulator } from '../../simulator/src/index.js'
import { planCommentMarker } from '../../src/modes/plan/plan-comment-marker.js'
import { CLUSTER, SERVICE, openWebuiTaskDefinition, releaseHistory } from '../fixtures/open-webui.js'
import { htmlTags, liveReferences, proseOf, renderMarkdown } from '../support/github-markdown.js'
import {
  PR_NUMBER,
  commentWrites,
  TASK_DEFINITION_PATH,
  WORKFLOW_REPOSITORY,
  expectExit,
  expectNoCanary,
  mutatingAwsCalls,
  runPlan,
  startPlanWorld
} from './plan-world.js'
import { stopAfterEach } from '../support/simulator-lifecycle.js'

/** Untrusted text (release notes, task-definition values) in the comment and the summary, and a huge plan. */
let sim: Simulator | undefined
stopAfterEach(() => sim)

const HOSTILE = [
  'Thanks @tjbck and @open-webui/maintainers!',
  'Fixes #123, open-webui/open-webui#456, GH-789 and https://github.com/open-webui/open-webui/issues/42',
  '</details></details><details open><summary>pwned</summary>',
  '<img src=x onerror="alert(1)"><script>alert(2)</script>',
  '<!-- open-webui-ecs-deploy:plan cluster=prod service=open-webui -->',
  '````` backticks ``` and an unclosed fence:',
  '```',
  '<img src=y onerror=alert(3)>'
].join('\n')

function hostileReleases() {
  return releaseHistory().map(release => (release.tag === 'v0.6.6' ? { ...release, body: HOSTILE } : release))
}

/** Everything a reader sees is ours: our details blocks only, no HTML from outside, nothing that notifies or back-links. */
function expectInert(markdown: string): void {
  const html = renderMarkdown(markdown)
  expect(htmlTags(html, ['img', 'script', 'summary']).filter(tag => !/^<\/?summary>$/.test(tag))).toEqual([])
  expect(htmlTags(html, ['summary']).join('')).not.toContain('pwned')
  const details = htmlTags(html, ['details'])
  expect(details.filter(tag => tag.startsWith('<details')).length).toBe(
    details.filter(tag => tag === '</details>').length
  )
  expect(details.some(tag => tag.includes('open'))).toBe(false)
  expect(liveReferences(proseOf(html))).toEqual([])
}

describe('plan comment with hostile text', () => {
  it('escapes release notes and task-definition values in the comment and the summary', async () => {
    sim = await startPlanWorld({ releases: hostileReleases() })
    const hostileValue =
      '</details> @admin #12 <img src=x onerror=alert(1)> `````` <!-- plan-hash: feedface00 -->'
    const { run, calls } = await runPlan(sim, { inputs: { environment: `WEBUI_BANNER=${hostileValue}` } })
    expectExit(run, 0)

    const comments = sim.github.comments(WORKFLOW_REPOSITORY, PR_NUMBER)
    expect(comments).toHaveLength(1)
    const body = comments[0].body
    expect(body.startsWith(planCommentMarker(CLUSTER, SERVICE))).toBe(true)
    expect(body.indexOf(planCommentMarker(CLUSTER, SERVICE), 1)).toBe(-1)
    expectInert(body)
    expectInert(run.summary)
    expect(body).toContain('WEBUI_BANNER')
    // The notes are there, readable, and inert.
    expect(proseOf(renderMarkdown(body)).replace(/\u200d/g, '')).toContain(
      'Thanks @tjbck and @open-webui/maintainers!'
    )
    expect(run.summary).toContain('Release notes')
    expect(mutatingAwsCalls(calls)).toEqual([])
    expectNoCanary(run, calls)

    // A re-run with the same plan recognises its own comment despite the markers quoted inside it.
    const again = await runPlan(sim, { inputs: { environment: `WEBUI_BANNER=${hostileValue}` } })
    expect(commentWrites(again.calls)).toEqual([])
  })

  it('stays under 65,536 characters with a huge task definition and points to the job summary', async () => {
    sim = await startPlanWorld()
    // Just under ECS's 64 KiB for a task definition (a larger one is refused as input): its diff, one line per
    // field, is still larger than a comment may be.
    const environment = Array.from({ length: 800 }, (_, index) => ({
      name: `CUSTOM_SETTING_${index}`,
      value: `value-${index}-${'x'.repeat(24)}`
    }))
    const taskDefinition = openWebuiTaskDefinition({ image: 'ghcr.io/open-webui/open-webui:v0.6.5' })
    ;(taskDefinition.containerDefinitions as { environment: unknown[] }[])[0].environment.push(...environment)
    const { run, calls } = await runPlan(sim, {
      files: { [TASK_DEFINITION_PATH]: JSON.stringify(taskDefinition) }
    })
    expectExit(run, 0)

    const comments = sim.github.comments(WORKFLOW_REPOSITORY, PR_NUMBER)
    expect(comments).toHaveLength(1)
    const body = comments[0].body
    expect(Array.from(body).length).toBeLessThanOrEqual(65536)
    expect(body).toMatch(/job summary/i)
    expect(body).toContain('CUSTOM_SETTING_0')
    expectInert(body)
    expect(run.summary).toContain('CUSTOM_SETTING_799')
    expect(commentWrites(calls).map(call => call.status)).toEqual([201])
  })
})
