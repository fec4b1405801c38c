import type { RepositoryName } from '../settings/settings.js'

export interface IssueComment {
  id: number
  body: string
  authorLogin: string
  htmlUrl: string
}

/** Pull-request conversation comments (the issue-comments API), for the sticky plan comment. */
export interface PullRequestCommentsPort {
  /** The login that comments made with this token carry (`github-actions[bot]` for GITHUB_TOKEN). */
  currentLogin(): Promise<string>
  /** Every comment on the issue or pull request, following Link pagination. */
  listComments(repository: RepositoryName, issueNumber: number): Promise<IssueComment[]>
  createComment(repository: RepositoryName, issueNumber: number, body: string): Promise<IssueComment>
  updateComment(repository: RepositoryName, commentId: number, body: string): Promise<IssueComment>
}
