import type { IssueComment, PullRequestCommentsPort } from '../ports/github-comments.js'
import type { RepositoryName } from '../settings/settings.js'
import type { Octokit } from './octokit.js'

/** The login of comments made with a workflow's GITHUB_TOKEN. */
export const ACTIONS_BOT_LOGIN = 'github-actions[bot]'

interface CommentData {
  id: number
  body?: string | null
  user: { login: string } | null
  html_url: string
}

function toIssueComment(comment: CommentData): IssueComment {
  return {
    id: comment.id,
    body: comment.body ?? '',
    authorLogin: comment.user?.login ?? '',
    htmlUrl: comment.html_url
  }
}

/** Pull-request conversation comments through the issue-comments REST API. */
export class OctokitComments implements PullRequestCommentsPort {
  private login: Promise<string> | undefined

  constructor(readonly octokit: Octokit) {}

  /**
   * GET /user names the token's user. Installation tokens (GITHUB_TOKEN, GitHub App tokens) may not call it
   * (403 "Resource not accessible by integration"); GraphQL's `viewer` names their bot (`my-app[bot]`). Where
   * that is not available either (an API without GraphQL), GITHUB_TOKEN's bot is the answer.
   */
  currentLogin(): Promise<string> {
    this.login ??= this.octokit.rest.users.getAuthenticated().then(
      ({ data }) => data.login,
      (error: unknown) => {
        if ((error as { status?: number }).status === 403) return this.viewerLogin()
        this.login = undefined
        throw error
      }
    )
    return this.login
  }

  private async viewerLogin(): Promise<string> {
    try {
      const { viewer } = await this.octokit.graphql<{ viewer: { login: string } }>(
        'query { viewer { login } }'
      )
      return viewer.login || ACTIONS_BOT_LOGIN
    } catch {
      return ACTIONS_BOT_LOGIN
    }
  }

  async listComments(repository: RepositoryName, issueNumber: number): Promise<IssueComment[]> {
    const comments = await this.octokit.paginate(this.octokit.rest.issues.listComments, {
      ...repository,
      issue_number: issueNumber,
      per_page: 100
    })
    return comments.map(toIssueComment)
  }

  async createComment(repository: RepositoryName, issueNumber: number, body: string): Promise<IssueComment> {
    const { data } = await this.octokit.rest.issues.createComment({
      ...repository,
      issue_number: issueNumber,
      body
    })
    return toIssueComment(data)
  }

  async updateComment(repository: RepositoryName, commentId: number, body: string): Promise<IssueComment> {
    const { data } = await this.octokit.rest.issues.updateComment({
      ...repository,
      comment_id: commentId,
      body
    })
    return toIssueComment(data)
  }
}
