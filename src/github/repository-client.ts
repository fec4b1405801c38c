import type { GitHubRepositoryPort, PullRequest, RepositoryFile } from '../ports/github-repository.js'
import type { RepositoryName } from '../settings/settings.js'
import type { Octokit } from './octokit.js'

/** The fields of a REST pull-request object this port reads. */
interface PullRequestData {
  number: number
  html_url: string
  title: string
  body?: string | null
  state: string
  head: { ref: string; sha: string }
  base: { ref: string }
  labels?: ({ name?: string } | string)[]
}

function status(error: unknown): number | undefined {
  const value = (error as { status?: unknown } | undefined)?.status
  return typeof value === 'number' ? value : undefined
}

async function orUndefinedOn404<T>(request: Promise<T>): Promise<T | undefined> {
  try {
    return await request
  } catch (error) {
    if (status(error) === 404) return undefined
    throw error
  }
}

function toPullRequest(data: PullRequestData): PullRequest {
  return {
    number: data.number,
    htmlUrl: data.html_url,
    title: data.title,
    body: data.body ?? '',
    headRef: data.head.ref,
    headSha: data.head.sha,
    baseRef: data.base.ref,
    state: data.state === 'closed' ? 'closed' : 'open',
    labels: (data.labels ?? []).map(label => (typeof label === 'string' ? label : (label.name ?? '')))
  }
}

/** GitHubRepositoryPort over the REST API: contents, git refs, pulls and labels. No git binary, no checkout. */
export class OctokitRepository implements GitHubRepositoryPort {
  constructor(readonly octokit: Octokit) {}

  async getDefaultBranch(repository: RepositoryName): Promise<string> {
    const { data } = await this.octokit.rest.repos.get({ owner: repository.owner, repo: repository.repo })
    return data.default_branch
  }

  async getBranchHead(repository: RepositoryName, branch: string): Promise<string | undefined> {
    const response = await orUndefinedOn404(
      this.octokit.rest.git.getRef({ owner: repository.owner, repo: repository.repo, ref: `heads/${branch}` })
    )
    return response?.data.object.sha
  }

  async createBranch(repository: RepositoryName, branch: string, sha: string): Promise<void> {
    await this.octokit.rest.git.createRef({
      owner: repository.owner,
      repo: repository.repo,
      ref: `refs/heads/${branch}`,
      sha
    })
  }

  async resetBranch(repository: RepositoryName, branch: string, sha: string): Promise<void> {
    await this.octokit.rest.git.updateRef({
      owner: repository.owner,
      repo: repository.repo,
      ref: `heads/${branch}`,
      sha,
      force: true
    })
  }

  async getFile(repository: RepositoryName, path: string, ref: string): Promise<RepositoryFile | undefined> {
    const response = await orUndefinedOn404(
      this.octokit.rest.repos.getContent({ owner: repository.owner, repo: repository.repo, path, ref })
    )
    if (!response) return undefined
    const data = response.data
    // A folder answers with an array, a symlink or submodule with another type: none of them is a pin file.
    if (Array.isArray(data) || data.type !== 'file') return undefined
    if (data.encoding === 'base64' && typeof data.content === 'string') {
      return { text: Buffer.from(data.content, 'base64').toString('utf8'), sha: data.sha }
    }
    // Files over 1 MB come without content ("encoding": "none"); the blob API still serves them.
    const blob = await this.octokit.rest.git.getBlob({
      owner: repository.owner,
      repo: repository.repo,
      file_sha: data.sha
    })
    return { text: Buffer.from(blob.data.content, 'base64').toString('utf8'), sha: data.sha }
  }

  async putFile(
    repository: RepositoryName,
    file: { path: string; branch: string; text: string; sha?: string; message: string }
  ): Promise<string> {
    const { data } = await this.octokit.rest.repos.createOrUpdateFileContents({
      owner: repository.owner,
      repo: repository.repo,
      path: file.path,
      branch: file.branch,
      message: file.message,
      content: Buffer.from(file.text, 'utf8').toString('base64'),
      ...(file.sha ? { sha: file.sha } : {})
    })
    const sha = data.commit.sha
    if (!sha) throw new Error(`GitHub answered the commit of ${file.path} without a commit sha`)
    return sha
  }

  async findOpenPullRequest(
    repository: RepositoryName,
    headBranch: string
  ): Promise<PullRequest | undefined> {
    // `head` filters by owner:branch, so a fork's branch of the same name never matches.
    const { data } = await this.octokit.rest.pulls.list({
      owner: repository.owner,
      repo: repository.repo,
      state: 'open',
      head: `${repository.owner}:${headBranch}`,
      per_page: 100
    })
    const pull = (data as PullRequestData[]).find(candidate => candidate.head.ref === headBranch)
    return pull ? toPullRequest(pull) : undefined
  }

  async createPullRequest(
    repository: RepositoryName,
    pull: { title: string; body: string; head: string; base: string }
  ): Promise<PullRequest> {
    const { data } = await this.octokit.rest.pulls.create({
      owner: repository.owner,
      repo: repository.repo,
      ...pull
    })
    return toPullRequest(data as PullRequestData)
  }

  async updatePullRequest(
    repository: RepositoryName,
    number: number,
    pull: { title?: string; body?: string }
  ): Promise<PullRequest> {
    const { data } = await this.octokit.rest.pulls.update({
      owner: repository.owner,
      repo: repository.repo,
      pull_number: number,
      ...pull
    })
    return toPullRequest(data as PullRequestData)
  }

  async closePullRequest(repository: RepositoryName, number: number, comment: string): Promise<void> {
    await this.octokit.rest.issues.createComment({
      owner: repository.owner,
      repo: repository.repo,
      issue_number: number,
      body: comment
    })
    await this.octokit.rest.pulls.update({
      owner: repository.owner,
      repo: repository.repo,
      pull_number: number,
      state: 'closed'
    })
  }

  async addLabel(
    repository: RepositoryName,
    number: number,
    label: { name: string; color: string; description: string }
  ): Promise<void> {
    const existing = await orUndefinedOn404(
      this.octokit.rest.issues.getLabel({ owner: repository.owner, repo: repository.repo, name: label.name })
    )
    if (!existing) {
      try {
        await this.octokit.rest.issues.createLabel({
          owner: repository.owner,
          repo: repository.repo,
          ...label
        })
      } catch (error) {
        // 422 already_exists: another run created it in between; adding it below is all that matters.
        if (status(error) !== 422) throw error
      }
    }
    await this.octokit.rest.issues.addLabels({
      owner: repository.owner,
      repo: repository.repo,
      issue_number: number,
      labels: [label.name]
    })
  }
}
