import { createHash } from 'node:crypto'
import type {
  GitHubRepositoryPort,
  PullRequest,
  RepositoryFile
} from '../../../src/ports/github-repository.js'
import type { RepositoryName } from '../../../src/settings/settings.js'

/** An HTTP-like error as Octokit raises it: status and GitHub's message. */
export class FakeHttpError extends Error {
  constructor(
    readonly status: number,
    message: string
  ) {
    super(message)
  }
}

interface Commit {
  sha: string
  parent?: string
  files: Map<string, string>
}

function blobSha(text: string): string {
  return createHash('sha1')
    .update(`blob ${Buffer.byteLength(text)}\0${text}`)
    .digest('hex')
}

/**
 * A repository that behaves: commits with whole trees, branches, pull requests, labels and comments, with the
 * same rules the contents and pulls APIs apply (sha required to update a file, one open PR per head).
 * Every mutating call is recorded; `failOn` makes one method answer an HTTP error.
 */
export class FakeRepository implements GitHubRepositoryPort {
  readonly commits = new Map<string, Commit>()
  readonly branches = new Map<string, string>()
  readonly pulls: PullRequest[] = []
  readonly comments: { number: number; body: string }[] = []
  readonly labels = new Set<string>()
  readonly mutations: string[] = []
  failOn: Partial<Record<keyof GitHubRepositoryPort, FakeHttpError>> = {}
  /** How many times findOpenPullRequest misses an existing PR (GitHub's list lag). */
  listLag = 0
  private sequence = 0

  constructor(
    readonly defaultBranch = 'main',
    files: Record<string, string> = {}
  ) {
    this.branches.set(defaultBranch, this.commit(undefined, new Map(Object.entries(files))).sha)
  }

  private commit(parent: string | undefined, files: Map<string, string>): Commit {
    const sha = createHash('sha1').update(`${parent}:${++this.sequence}`).digest('hex')
    const commit = { sha, parent, files }
    this.commits.set(sha, commit)
    return commit
  }

  private check(method: keyof GitHubRepositoryPort): void {
    const error = this.failOn[method]
    if (error) throw error
  }

  /** Commits on the default branch, as a push to it would. */
  pushToDefault(files: Record<string, string>): void {
    const head = this.commits.get(this.branches.get(this.defaultBranch)!)!
    const next = new Map(head.files)
    for (const [path, text] of Object.entries(files)) next.set(path, text)
    this.branches.set(this.defaultBranch, this.commit(head.sha, next).sha)
  }

  fileOn(branch: string, path: string): string | undefined {
    const sha = this.branches.get(branch)
    return sha ? this.commits.get(sha)?.files.get(path) : undefined
  }

  commitCount(branch: string): number {
    let count = 0
    for (let sha = this.branches.get(branch); sha; sha = this.commits.get(sha)?.parent) count++
    return count
  }

  async getDefaultBranch(_repository: RepositoryName): Promise<string> {
    this.check('getDefaultBranch')
    return this.defaultBranch
  }

  async getBranchHead(_repository: RepositoryName, branch: string): Promise<string | undefined> {
    this.check('getBranchHead')
    return this.branches.get(branch)
  }

  async createBranch(_repository: RepositoryName, branch: string, sha: string): Promise<void> {
    this.check('createBranch')
    this.mutations.push(`createBranch ${branch}`)
    if (this.branches.has(branch)) throw new FakeHttpError(422, 'Reference already exists')
    this.branches.set(branch, sha)
  }

  async resetBranch(_repository: RepositoryName, branch: string, sha: string): Promise<void> {
    this.check('resetBranch')
    this.mutations.push(`resetBranch ${branch}`)
    this.branches.set(branch, sha)
  }

  async getFile(_repository: RepositoryName, path: string, ref: string): Promise<RepositoryFile | undefined> {
    this.check('getFile')
    const commit = this.commits.get(this.branches.get(ref) ?? ref)
    if (!commit) throw new FakeHttpError(404, `No commit found for the ref ${ref}`)
    const text = commit.files.get(path)
    return text === undefined ? undefined : { text, sha: blobSha(text) }
  }

  async putFile(
    _repository: RepositoryName,
    file: { path: string; branch: string; text: string; sha?: string; message: string }
  ): Promise<string> {
    this.check('putFile')
    this.mutations.push(`putFile ${file.branch} ${file.path}`)
    const head = this.commits.get(this.branches.get(file.branch) ?? '')
    if (!head) throw new FakeHttpError(404, `Branch ${file.branch} not found`)
    const existing = head.files.get(file.path)
    if (existing !== undefined && file.sha !== blobSha(existing)) {
      throw new FakeHttpError(409, `${file.path} does not match ${file.sha}`)
    }
    const files = new Map(head.files)
    files.set(file.path, file.text)
    const commit = this.commit(head.sha, files)
    this.branches.set(file.branch, commit.sha)
    return commit.sha
  }

  async findOpenPullRequest(
    _repository: RepositoryName,
    headBranch: string
  ): Promise<PullRequest | undefined> {
    this.check('findOpenPullRequest')
    if (this.listLag > 0) {
      this.listLag--
      return undefined
    }
    const pull = this.pulls.find(candidate => candidate.state === 'open' && candidate.headRef === headBranch)
    return pull ? { ...pull, labels: [...pull.labels] } : undefined
  }

  async createPullRequest(
    _repository: RepositoryName,
    pull: { title: string; body: string; head: string; base: string }
  ): Promise<PullRequest> {
    this.check('createPullRequest')
    this.mutations.push(`createPullRequest ${pull.head}`)
    if (this.pulls.some(candidate => candidate.state === 'open' && candidate.headRef === pull.head)) {
      throw new FakeHttpError(422, `A pull request already exists for acme:${pull.head}.`)
    }
    return this.openPull(pull)
  }

  /** Seeds a pull request directly (no mutation recorded). */
  openPull(pull: {
    title: string
    body: string
    head: string
    base: string
    labels?: string[]
  }): PullRequest {
    const number = this.pulls.length + 1
    const record: PullRequest = {
      number,
      htmlUrl: `https://github.com/acme/platform/pull/${number}`,
      title: pull.title,
      body: pull.body,
      headRef: pull.head,
      headSha: this.branches.get(pull.head) ?? '',
      baseRef: pull.base,
      state: 'open',
      labels: pull.labels ?? []
    }
    this.pulls.push(record)
    return { ...record, labels: [...record.labels] }
  }

  async updatePullRequest(
    _repository: RepositoryName,
    number: number,
    pull: { title?: string; body?: string }
  ): Promise<PullRequest> {
    this.check('updatePullRequest')
    this.mutations.push(`updatePullRequest ${number}`)
    const record = this.pulls.find(candidate => candidate.number === number)!
    Object.assign(record, pull)
    return { ...record, labels: [...record.labels] }
  }

  async closePullRequest(_repository: RepositoryName, number: number, comment: string): Promise<void> {
    this.check('closePullRequest')
    this.mutations.push(`closePullRequest ${number}`)
    this.comments.push({ number, body: comment })
    this.pulls.find(candidate => candidate.number === number)!.state = 'closed'
  }

  async addLabel(
    _repository: RepositoryName,
    number: number,
    label: { name: string; color: string; description: string }
  ): Promise<void> {
    this.check('addLabel')
    this.mutations.push(`addLabel ${number} ${label.name}`)
    this.labels.add(label.name)
    this.pulls.find(candidate => candidate.number === number)!.labels.push(label.name)
  }
}
