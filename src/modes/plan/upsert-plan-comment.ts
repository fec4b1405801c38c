import type { IssueComment, PullRequestCommentsPort } from '../../ports/github-comments.js'
import type { RepositoryName } from '../../settings/settings.js'
import { isPlanCommentFor, recordedPlanHash } from './plan-comment-marker.js'

export interface PlanCommentTarget {
  repository: RepositoryName
  pullRequestNumber: number
  cluster: string
  service: string
}

/** created / updated: one write; unchanged: the comment already shows this plan, nothing was written. */
export type PlanCommentWrite = 'created' | 'updated' | 'unchanged'

export interface PlanCommentResult {
  write: PlanCommentWrite
  comment: IssueComment
}

function sameLogin(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase()
}

/**
 * Creates or updates the one plan comment of this pull request, cluster and service. A comment counts as ours
 * only with our marker on its first line AND our login as its author: anyone can paste the marker into a
 * comment of their own, and that comment is never edited. When the recorded plan hash equals `planHash`, the
 * comment already shows this plan and is left alone (no edit, no notification, no "edited" churn).
 */
export async function upsertPlanComment(
  comments: PullRequestCommentsPort,
  target: PlanCommentTarget,
  body: string,
  planHash: string
): Promise<PlanCommentResult> {
  const login = await comments.currentLogin()
  const all = await comments.listComments(target.repository, target.pullRequestNumber)
  // The oldest one is the sticky one; duplicates from an earlier race stay as they are (never deleted).
  const ours = all
    .filter(
      comment =>
        sameLogin(comment.authorLogin, login) &&
        isPlanCommentFor(comment.body, target.cluster, target.service)
    )
    .sort((a, b) => a.id - b.id)[0]
  if (!ours) {
    return {
      write: 'created',
      comment: await comments.createComment(target.repository, target.pullRequestNumber, body)
    }
  }
  if (recordedPlanHash(ours.body) === planHash) return { write: 'unchanged', comment: ours }
  return { write: 'updated', comment: await comments.updateComment(target.repository, ours.id, body) }
}
