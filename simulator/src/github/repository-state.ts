import { createHash } from 'node:crypto'
import type { ReleaseSeed, RepositorySeed } from '../scenario.js'
import { GitStore } from './git-store.js'

export interface ReleaseRecord {
  id: number
  tag: string
  name: string
  draft: boolean
  prerelease: boolean
  createdAt: string
  publishedAt?: string
  body: string
  authorLogin: string
  targetCommitish: string
}

export interface PullRecord {
  id: number
  number: number
  title: string
  body: string
  state: 'open' | 'closed'
  headRef: string
  /** `owner/name`; differs from the base repository for a fork. */
  headRepository: string
  /** Head commit of a fork's branch (the fork's git is not simulated). */
  forkHeadSha?: string
  baseRef: string
  authorLogin: string
  labels: string[]
  createdAt: string
  updatedAt: string
  closedAt?: string
}

export interface CommentRecord {
  id: number
  issueNumber: number
  body: string
  authorLogin: string
  createdAt: string
  updatedAt: string
}

export interface LabelRecord {
  id: number
  name: string
  color: string
  description: string | null
}

export interface RepositoryState {
  id: number
  owner: string
  name: string
  fullName: string
  defaultBranch: string
  allowActionsToCreatePullRequests: boolean
  protectedBranches: Set<string>
  git: GitStore
  releases: ReleaseRecord[]
  pulls: PullRecord[]
  comments: CommentRecord[]
  labels: LabelRecord[]
  /** Issue numbers that exist as plain issues (seeded comments); pull requests are issues too. */
  issues: Set<number>
  nextIssueNumber: number
}

/** Ids shared by every repository, as GitHub's are global. */
export class IdSequence {
  private next = 1000
  take(): number {
    return ++this.next
  }
}

const DAY_MS = 24 * 3600 * 1000
const SEED_AUTHOR = 'octocat'

/**
 * A seeded `files` key names a tag when a release has that tag or it looks like a version; otherwise a branch.
 * Release tags without seeded files point at a commit with an empty tree: nothing is known about their files.
 */
function isTagName(ref: string, releaseTags: Set<string>): boolean {
  return releaseTags.has(ref) || /^v?\d+\.\d+/.test(ref)
}

export function createRepositoryState(
  fullName: string,
  seed: RepositorySeed,
  ids: IdSequence
): RepositoryState {
  const [owner, name] = fullName.split('/')
  const defaultBranch = seed.defaultBranch ?? 'main'
  const git = new GitStore()
  const files = seed.files ?? {}
  const releaseTags = new Set(
    (seed.releases ?? []).filter(release => !release.draft).map(release => release.tag)
  )

  const root = git.commit(
    new Map(Object.entries(files[defaultBranch] ?? {})),
    [],
    'Initial commit',
    SEED_AUTHOR
  )
  git.branches.set(defaultBranch, root.sha)
  for (const [ref, tree] of Object.entries(files)) {
    if (ref === defaultBranch) continue
    if (isTagName(ref, releaseTags)) {
      git.tags.set(ref, git.commit(new Map(Object.entries(tree)), [], `Release ${ref}`, SEED_AUTHOR).sha)
    } else {
      git.branches.set(
        ref,
        git.commit(new Map(Object.entries(tree)), [root.sha], `Seed ${ref}`, SEED_AUTHOR).sha
      )
    }
  }
  for (const tag of releaseTags) {
    if (!git.tags.has(tag)) git.tags.set(tag, git.commit(new Map(), [], `Release ${tag}`, SEED_AUTHOR).sha)
  }

  const state: RepositoryState = {
    id: ids.take(),
    owner,
    name,
    fullName,
    defaultBranch,
    allowActionsToCreatePullRequests: seed.allowActionsToCreatePullRequests ?? true,
    protectedBranches: new Set(seed.protectedBranches ?? []),
    git,
    releases: (seed.releases ?? []).map((release, position) =>
      releaseRecord(release, position, ids, defaultBranch)
    ),
    pulls: [],
    comments: [],
    labels: [],
    issues: new Set(),
    nextIssueNumber: 1
  }
  for (const label of seed.labels ?? []) ensureLabel(state, label, ids)
  seedPulls(state, seed, ids)
  for (const comment of seed.comments ?? []) {
    state.issues.add(comment.issueNumber)
    state.nextIssueNumber = Math.max(state.nextIssueNumber, comment.issueNumber + 1)
    const at = new Date().toISOString()
    state.comments.push({
      id: ids.take(),
      ...comment,
      authorLogin: comment.login,
      createdAt: at,
      updatedAt: at
    })
  }
  return state
}

export function releaseRecord(
  seed: ReleaseSeed,
  position: number,
  ids: IdSequence,
  defaultBranch: string
): ReleaseRecord {
  const draft = seed.draft ?? false
  const createdAt = seed.publishedAt ?? new Date(Date.now() - position * DAY_MS).toISOString()
  return {
    id: ids.take(),
    tag: seed.tag,
    name: seed.name ?? seed.tag,
    draft,
    prerelease: seed.prerelease ?? false,
    createdAt,
    publishedAt: draft ? undefined : createdAt,
    body: seed.body ?? '',
    authorLogin: 'github-actions[bot]',
    targetCommitish: defaultBranch
  }
}

function seedPulls(state: RepositoryState, seed: RepositorySeed, ids: IdSequence): void {
  const pulls = seed.pullRequests ?? []
  const taken = new Set(pulls.map(pull => pull.number).filter((n): n is number => n !== undefined))
  let next = 1
  for (const pull of pulls) {
    let number = pull.number
    if (number === undefined) {
      while (taken.has(next)) next++
      number = next
      taken.add(number)
    }
    const headRepository = pull.headRepository ?? state.fullName
    const fork = headRepository.toLowerCase() !== state.fullName.toLowerCase()
    if (!fork && !state.git.branches.has(pull.head)) {
      // A PR's head branch has at least one commit the base lacks.
      const base = state.git.resolve(state.defaultBranch)!
      state.git.branches.set(
        pull.head,
        state.git.commit(base.tree, [base.sha], `Work on ${pull.head}`, SEED_AUTHOR).sha
      )
    }
    const at = new Date().toISOString()
    state.pulls.push({
      id: ids.take(),
      number,
      title: pull.title,
      body: pull.body ?? '',
      state: pull.state ?? 'open',
      headRef: pull.head,
      headRepository,
      forkHeadSha: fork
        ? createHash('sha1').update(`${headRepository}:${pull.head}`).digest('hex')
        : undefined,
      baseRef: pull.base ?? state.defaultBranch,
      authorLogin: pull.author ?? SEED_AUTHOR,
      labels: [],
      createdAt: at,
      updatedAt: at,
      closedAt: pull.state === 'closed' ? at : undefined
    })
    for (const label of pull.labels ?? [])
      addIssueLabel(state, state.pulls[state.pulls.length - 1], label, ids)
    state.nextIssueNumber = Math.max(state.nextIssueNumber, number + 1)
  }
}

export function findLabel(state: RepositoryState, name: string): LabelRecord | undefined {
  return state.labels.find(label => label.name.toLowerCase() === name.toLowerCase())
}

export function ensureLabel(
  state: RepositoryState,
  name: string,
  ids: IdSequence,
  color = 'ededed',
  description: string | null = null
): LabelRecord {
  const existing = findLabel(state, name)
  if (existing) return existing
  const label: LabelRecord = { id: ids.take(), name, color, description }
  state.labels.push(label)
  return label
}

/** Adding a label to an issue creates the repository label when missing, as GitHub does. */
export function addIssueLabel(state: RepositoryState, pull: PullRecord, name: string, ids: IdSequence): void {
  const label = ensureLabel(state, name, ids)
  if (!pull.labels.some(existing => existing.toLowerCase() === label.name.toLowerCase()))
    pull.labels.push(label.name)
}

export function headSha(state: RepositoryState, pull: PullRecord): string {
  return pull.forkHeadSha ?? state.git.branches.get(pull.headRef) ?? '0'.repeat(40)
}
