import type { IssueComment, PullRequestCommentsPort } from '../../../../src/ports/github-comments.js'
import type { RepositoryName } from '../../../../src/settings/settings.js'

/** An in-memory conversation: keeps real state, enforces GitHub's rules that matter here, records writes. */
export class FakeComments implements PullRequestCommentsPort {
  readonly comments: (IssueComment & { issueNumber: number; repository: string })[] = []
  readonly writes: { kind: 'create' | 'update'; id: number; body: string }[] = []
  private nextId = 1000

  constructor(readonly login = 'github-actions[bot]') {}

  seed(issueNumber: number, authorLogin: string, body: string, repository = 'acme/platform'): IssueComment {
    const comment = {
      id: this.nextId++,
      body,
      authorLogin,
      htmlUrl: `https://github.com/${repository}#c`,
      issueNumber,
      repository
    }
    this.comments.push(comment)
    return comment
  }

  async currentLogin(): Promise<string> {
    return this.login
  }

  async listComments(repository: RepositoryName, issueNumber: number): Promise<IssueComment[]> {
    const name = `${repository.owner}/${repository.repo}`
    return this.comments
      .filter(comment => comment.issueNumber === issueNumber && comment.repository === name)
      .map(c => ({ ...c }))
  }

  async createComment(repository: RepositoryName, issueNumber: number, body: string): Promise<IssueComment> {
    if (body.length > 65536) throw Object.assign(new Error('body is too long'), { status: 422 })
    const comment = this.seed(issueNumber, this.login, body, `${repository.owner}/${repository.repo}`)
    this.writes.push({ kind: 'create', id: comment.id, body })
    return { ...comment }
  }

  async updateComment(_repository: RepositoryName, commentId: number, body: string): Promise<IssueComment> {
    const comment = this.comments.find(candidate => candidate.id === commentId)
    if (!comment) throw Object.assign(new Error('Not Found'), { status: 404 })
    // A token with write access may edit anyone's comment on GitHub: only the caller's care protects them.
    comment.body = body
    this.writes.push({ kind: 'update', id: commentId, body })
    return { ...comment }
  }
}
