import { userPayload } from './auth.js'
import type { Commit } from './git-store.js'
import type {
  CommentRecord,
  LabelRecord,
  PullRecord,
  ReleaseRecord,
  RepositoryState
} from './repository-state.js'
import { findLabel, headSha } from './repository-state.js'

/** Where payload URLs point: the simulated API (`…/github`) and the simulated web UI (`http://127.0.0.1:PORT`). */
export interface Urls {
  api: string
  server: string
}

/** JSON shapes as GitHub returns them, with the fields Octokit users read. */
export function repositoryPayload(
  state: RepositoryState,
  urls: Urls,
  permissions?: { push: boolean }
): Record<string, unknown> {
  const api = `${urls.api}/repos/${state.fullName}`
  return {
    id: state.id,
    node_id: Buffer.from(`Repository:${state.id}`).toString('base64'),
    name: state.name,
    full_name: state.fullName,
    owner: userPayload(state.owner, urls.api, urls.server),
    private: false,
    visibility: 'public',
    fork: false,
    html_url: `${urls.server}/${state.fullName}`,
    url: api,
    default_branch: state.defaultBranch,
    archived: false,
    disabled: false,
    ...(permissions
      ? { permissions: { admin: false, maintain: false, push: permissions.push, triage: true, pull: true } }
      : {})
  }
}

export function releasePayload(
  state: RepositoryState,
  release: ReleaseRecord,
  urls: Urls
): Record<string, unknown> {
  const api = `${urls.api}/repos/${state.fullName}/releases/${release.id}`
  const web = `${urls.server}/${state.fullName}`
  return {
    url: api,
    assets_url: `${api}/assets`,
    upload_url: `${urls.api}/repos/${state.fullName}/releases/${release.id}/assets{?name,label}`,
    html_url: release.draft
      ? `${web}/releases/tag/untagged-${release.id}`
      : `${web}/releases/tag/${encodeURIComponent(release.tag)}`,
    id: release.id,
    node_id: Buffer.from(`Release:${release.id}`).toString('base64'),
    author: userPayload(release.authorLogin, urls.api, urls.server),
    tag_name: release.tag,
    target_commitish: release.targetCommitish,
    name: release.name,
    draft: release.draft,
    prerelease: release.prerelease,
    immutable: false,
    created_at: release.createdAt,
    published_at: release.publishedAt ?? null,
    assets: [],
    tarball_url: `${urls.api}/repos/${state.fullName}/tarball/${encodeURIComponent(release.tag)}`,
    zipball_url: `${urls.api}/repos/${state.fullName}/zipball/${encodeURIComponent(release.tag)}`,
    body: release.body
  }
}

export function labelPayload(
  state: RepositoryState,
  label: LabelRecord,
  urls: Urls
): Record<string, unknown> {
  return {
    id: label.id,
    node_id: Buffer.from(`Label:${label.id}`).toString('base64'),
    url: `${urls.api}/repos/${state.fullName}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    color: label.color,
    default: false,
    description: label.description
  }
}

/** `head` or `base` of a pull request: `owner:ref`, the commit, the repository it lives in. */
function branchEnd(fullName: string, ref: string, sha: string, urls: Urls, repo: unknown) {
  return {
    label: `${fullName.split('/')[0]}:${ref}`,
    ref,
    sha,
    user: userPayload(fullName.split('/')[0], urls.api, urls.server),
    repo
  }
}

export function pullPayload(state: RepositoryState, pull: PullRecord, urls: Urls): Record<string, unknown> {
  const api = `${urls.api}/repos/${state.fullName}`
  const baseRepo = repositoryPayload(state, urls)
  const headRepo =
    pull.headRepository === state.fullName
      ? baseRepo
      : {
          ...baseRepo,
          id: state.id + 1_000_000,
          name: pull.headRepository.split('/')[1],
          full_name: pull.headRepository,
          owner: userPayload(pull.headRepository.split('/')[0], urls.api, urls.server),
          fork: true,
          html_url: `${urls.server}/${pull.headRepository}`,
          url: `${urls.api}/repos/${pull.headRepository}`
        }
  return {
    url: `${api}/pulls/${pull.number}`,
    id: pull.id,
    node_id: Buffer.from(`PullRequest:${pull.id}`).toString('base64'),
    html_url: `${urls.server}/${state.fullName}/pull/${pull.number}`,
    diff_url: `${urls.server}/${state.fullName}/pull/${pull.number}.diff`,
    issue_url: `${api}/issues/${pull.number}`,
    comments_url: `${api}/issues/${pull.number}/comments`,
    number: pull.number,
    state: pull.state,
    locked: false,
    title: pull.title,
    user: userPayload(pull.authorLogin, urls.api, urls.server),
    body: pull.body === '' ? null : pull.body,
    labels: pull.labels.map(name => labelPayload(state, findLabel(state, name)!, urls)),
    created_at: pull.createdAt,
    updated_at: pull.updatedAt,
    closed_at: pull.closedAt ?? null,
    merged_at: null,
    merged: false,
    draft: false,
    head: branchEnd(pull.headRepository, pull.headRef, headSha(state, pull), urls, headRepo),
    base: branchEnd(
      state.fullName,
      pull.baseRef,
      state.git.branches.get(pull.baseRef) ?? '0'.repeat(40),
      urls,
      baseRepo
    ),
    author_association: 'CONTRIBUTOR'
  }
}

export function commentPayload(
  state: RepositoryState,
  comment: CommentRecord,
  urls: Urls
): Record<string, unknown> {
  const api = `${urls.api}/repos/${state.fullName}`
  const isPull = state.pulls.some(pull => pull.number === comment.issueNumber)
  return {
    id: comment.id,
    node_id: Buffer.from(`IssueComment:${comment.id}`).toString('base64'),
    url: `${api}/issues/comments/${comment.id}`,
    html_url: `${urls.server}/${state.fullName}/${isPull ? 'pull' : 'issues'}/${comment.issueNumber}#issuecomment-${comment.id}`,
    issue_url: `${api}/issues/${comment.issueNumber}`,
    body: comment.body,
    user: userPayload(comment.authorLogin, urls.api, urls.server),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    author_association: 'CONTRIBUTOR'
  }
}

export function commitPayload(state: RepositoryState, commit: Commit, urls: Urls): Record<string, unknown> {
  const api = `${urls.api}/repos/${state.fullName}`
  const person = {
    name: commit.authorLogin,
    email: `${commit.authorLogin}@users.noreply.github.com`,
    date: commit.date
  }
  return {
    sha: commit.sha,
    node_id: Buffer.from(`Commit:${commit.sha}`).toString('base64'),
    url: `${api}/git/commits/${commit.sha}`,
    html_url: `${urls.server}/${state.fullName}/commit/${commit.sha}`,
    author: person,
    committer: person,
    message: commit.message,
    tree: { sha: commit.treeSha, url: `${api}/git/trees/${commit.treeSha}` },
    parents: commit.parents.map(sha => ({
      sha,
      url: `${api}/git/commits/${sha}`,
      html_url: `${urls.server}/${state.fullName}/commit/${sha}`
    }))
  }
}

export function refPayload(
  state: RepositoryState,
  ref: string,
  sha: string,
  urls: Urls
): Record<string, unknown> {
  const api = `${urls.api}/repos/${state.fullName}`
  return {
    ref,
    node_id: Buffer.from(`Ref:${ref}`).toString('base64'),
    url: `${api}/git/${ref}`,
    object: { sha, type: 'commit', url: `${api}/git/commits/${sha}` }
  }
}
