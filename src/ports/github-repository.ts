import type { RepositoryName } from '../settings/settings.js'

export interface RepositoryFile {
  text: string
  /** Blob sha, needed to update the file through the contents API. */
  sha: string
}

export interface PullRequest {
  number: number
  htmlUrl: string
  title: string
  body: string
  headRef: string
  headSha: string
  baseRef: string
  state: 'open' | 'closed'
  labels: string[]
}

/** Repository contents, branches, pull requests and labels through the REST API (no git binary). */
export interface GitHubRepositoryPort {
  getDefaultBranch(repository: RepositoryName): Promise<string>
  /** Commit sha at the head of `branch`, undefined when the branch does not exist. */
  getBranchHead(repository: RepositoryName, branch: string): Promise<string | undefined>
  createBranch(repository: RepositoryName, branch: string, sha: string): Promise<void>
  /** Moves an existing branch to `sha` (force). */
  resetBranch(repository: RepositoryName, branch: string, sha: string): Promise<void>
  /** undefined when the file does not exist at `ref`. */
  getFile(repository: RepositoryName, path: string, ref: string): Promise<RepositoryFile | undefined>
  /** Creates or updates one file on `branch` with one commit; returns the new commit sha. */
  putFile(
    repository: RepositoryName,
    file: { path: string; branch: string; text: string; sha?: string; message: string }
  ): Promise<string>
  findOpenPullRequest(repository: RepositoryName, headBranch: string): Promise<PullRequest | undefined>
  createPullRequest(
    repository: RepositoryName,
    pull: { title: string; body: string; head: string; base: string }
  ): Promise<PullRequest>
  updatePullRequest(
    repository: RepositoryName,
    number: number,
    pull: { title?: string; body?: string }
  ): Promise<PullRequest>
  closePullRequest(repository: RepositoryName, number: number, comment: string): Promise<void>
  /** Creates the label when missing, then adds it to the pull request. */
  addLabel(
    repository: RepositoryName,
    number: number,
    label: { name: string; color: string; description: string }
  ): Promise<void>
}
