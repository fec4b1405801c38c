import type { Plan } from '../../domain/plan.js'
import { escapeInline } from '../../report/untrusted-text.js'
import { truncateDiff } from '../../taskdef/diff-truncation.js'
import { planCommentMarker, planHashLine } from './plan-comment-marker.js'

/** GitHub refuses comment bodies over 65,536 characters. */
export const COMMENT_LIMIT = 65_536
/**
 * Lengths here are UTF-16 units (`String.length`), never fewer than the code points GitHub counts, so a comment
 * within the limit holds under either count; the margin is for what GitHub may add (line-ending normalisation).
 */
const SAFETY_MARGIN = 512

export interface PlanCommentOptions {
  cluster: string
  service: string
  /** The plan as markdown, within `maxLength` characters when it can (the diff is what gives). */
  render: (plan: Plan, maxLength: number) => string
  /** Notices shown above the plan (offline plan, what was not checked). Trusted text. */
  notices: string[]
  /** The pull request's head commit the plan was computed for. */
  headSha: string
  runUrl: string
  serverUrl: string
  repository: string
}

export function shortHash(hash: string): string {
  return hash.slice(0, 12)
}

function commitLink(options: PlanCommentOptions): string {
  if (!/^[0-9a-f]{7,64}$/i.test(options.headSha)) return escapeInline(options.headSha)
  return `[\`${options.headSha.slice(0, 7)}\`](${options.serverUrl}/${options.repository}/commit/${options.headSha})`
}

function footer(plan: Plan, options: PlanCommentOptions): string {
  return [
    '---',
    `<sub>Plan \`${shortHash(plan.hash)}\` for commit ${commitLink(options)} · [workflow run](${options.runUrl}) · ` +
      'open-webui-ecs-deploy updates this comment when the plan changes.</sub>',
    '',
    planHashLine(plan.hash)
  ].join('\n')
}

/** GitHub alert blocks; each notice is one paragraph of trusted text. */
export function noticeBlocks(notices: string[]): string {
  return notices.map(notice => `> [!NOTE]\n> ${notice.replace(/\n/g, '\n> ')}`).join('\n\n')
}

/**
 * The sticky comment: marker, notices, the plan, and a footer with the commit, the run and the plan hash (the
 * hash line last, where a later run and a deploy job read it). Always under GitHub's limit: the plan's own
 * renderer gets the budget first; if it overshoots, the diff is cut here; if even that is not enough, the
 * comment says where the plan is instead.
 */
export function planCommentBody(plan: Plan, options: PlanCommentOptions): string {
  const head = [
    planCommentMarker(options.cluster, options.service),
    ...(options.notices.length ? [noticeBlocks(options.notices)] : [])
  ].join('\n\n')
  const tail = footer(plan, options)
  const budget = COMMENT_LIMIT - SAFETY_MARGIN - head.length - tail.length - 4
  const compose = (markdown: string) => `${head}\n\n${markdown}\n\n${tail}`

  const rendered = options.render(plan, budget)
  if (rendered.length <= budget) return compose(rendered)

  const withoutDiff = options.render({ ...plan, taskDefinitionDiff: '' }, budget).length
  const diffRoom = budget - withoutDiff - 200
  if (diffRoom > 0) {
    const truncated = options.render(
      { ...plan, taskDefinitionDiff: truncateDiff(plan.taskDefinitionDiff, diffRoom) },
      budget
    )
    if (truncated.length <= budget) return compose(truncated)
  }
  return compose(
    `The plan is too long for a pull-request comment. The [job summary of the workflow run](${options.runUrl}) has it in full.`
  )
}
