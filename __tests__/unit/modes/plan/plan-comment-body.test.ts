import { describe, expect, it } from '@jest/globals'
import {
  COMMENT_LIMIT,
  planCommentBody,
  type PlanCommentOptions
} from '../../../../src/modes/plan/plan-comment-body.js'
import { isPlanCommentFor, recordedPlanHash } from '../../../../src/modes/plan/plan-comment-marker.js'
import type { Plan } from '../../../../src/domain/plan.js'
import { fencedBlock } from '../../../../src/report/untrusted-text.js'
import { htmlTags, renderMarkdown } from '../../../support/github-markdown.js'
import { samplePlan } from './sample-plan.js'

/** A renderer like the plan's: headline, then the diff in a collapsed block. `honours` says if it keeps to maxLength. */
function renderer(honours: boolean) {
  return (plan: Plan, maxLength: number): string => {
    let diff = plan.taskDefinitionDiff
    const frame = 200
    if (honours && diff.length + frame > maxLength)
      diff = diff.slice(0, maxLength - frame - 60) + '\n... see the job summary'
    return `## v${plan.current.version} -> v${plan.target.version}\n\n<details><summary>Task definition diff</summary>\n\n${fencedBlock(diff, 'diff')}\n\n</details>`
  }
}

function options(overrides: Partial<PlanCommentOptions> = {}): PlanCommentOptions {
  return {
    cluster: 'prod',
    service: 'open-webui',
    render: renderer(true),
    notices: [],
    headSha: '0123456789abcdef0123456789abcdef01234567',
    runUrl: 'https://github.com/acme/platform/actions/runs/4242',
    serverUrl: 'https://github.com',
    repository: 'acme/platform',
    ...overrides
  }
}

function hugeDiff(): string {
  return Array.from(
    { length: 8000 },
    (_, index) => `+      { "name": "VARIABLE_${index}", "value": "${'x'.repeat(20)}" },`
  ).join('\n')
}

describe('planCommentBody', () => {
  it('starts with the marker and ends with the plan hash', () => {
    const plan = samplePlan()
    const body = planCommentBody(plan, options())
    expect(isPlanCommentFor(body, 'prod', 'open-webui')).toBe(true)
    expect(recordedPlanHash(body)).toBe(plan.hash)
  })

  it('has a footer with the head commit, the run link and the short hash', () => {
    const plan = samplePlan()
    const html = renderMarkdown(planCommentBody(plan, options()))
    expect(html).toContain(
      'href="https://github.com/acme/platform/commit/0123456789abcdef0123456789abcdef01234567"'
    )
    expect(html).toContain('<code>0123456</code>')
    expect(html).toContain('href="https://github.com/acme/platform/actions/runs/4242"')
    expect(html).toContain(`<code>${plan.hash.slice(0, 12)}</code>`)
  })

  it('shows notices as alert blocks above the plan', () => {
    const body = planCommentBody(samplePlan(), options({ notices: ['No AWS credentials: made offline.'] }))
    expect(body.indexOf('> [!NOTE]\n> No AWS credentials: made offline.')).toBeLessThan(
      body.indexOf('## v0.6.5 -> v0.6.6')
    )
  })

  it('gives the renderer a budget that keeps a huge diff under the limit', () => {
    const body = planCommentBody(samplePlan({ taskDefinitionDiff: hugeDiff() }), options())
    expect(hugeDiff().length).toBeGreaterThan(COMMENT_LIMIT)
    expect(Array.from(body).length).toBeLessThanOrEqual(COMMENT_LIMIT)
    expect(body).toContain('see the job summary')
    expect(recordedPlanHash(body)).toBe(samplePlan().hash)
  })

  it('cuts the diff itself when the renderer overshoots, and the layout still closes', () => {
    const body = planCommentBody(
      samplePlan({ taskDefinitionDiff: hugeDiff() }),
      options({ render: renderer(false) })
    )
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT)
    expect(body).toMatch(/… \d+ more diff lines: the job summary of this run has the whole diff\./)
    const html = renderMarkdown(body)
    expect(htmlTags(html, ['details'])).toEqual(['<details>', '</details>'])
    expect(html).toContain('href="https://github.com/acme/platform/actions/runs/4242"')
  })

  it('points to the job summary when nothing else fits', () => {
    const hugeHeadline = () => 'x'.repeat(COMMENT_LIMIT * 2)
    const body = planCommentBody(samplePlan(), options({ render: hugeHeadline }))
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT)
    expect(body).toContain('The plan is too long for a pull-request comment')
    expect(recordedPlanHash(body)).toBe(samplePlan().hash)
  })

  it('shows a head sha that is not a commit id as text, not as a link', () => {
    const body = planCommentBody(samplePlan(), options({ headSha: '<img src=x>' }))
    expect(htmlTags(renderMarkdown(body), ['img'])).toEqual([])
  })
})
