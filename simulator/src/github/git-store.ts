import { createHash } from 'node:crypto'

/** path -> text: a commit's whole tree, flattened. Folders exist only through the paths inside them. */
export type Tree = ReadonlyMap<string, string>

export interface Commit {
  sha: string
  treeSha: string
  tree: Tree
  parents: string[]
  message: string
  authorLogin: string
  date: string
}

export interface DirectoryEntry {
  name: string
  path: string
  type: 'file' | 'dir'
  sha: string
  size: number
}

/** The sha git gives a blob, so contents-API shas match what `git hash-object` says about the same text. */
export function blobSha(text: string): string {
  const bytes = Buffer.from(text, 'utf8')
  return createHash('sha1')
    .update(Buffer.concat([Buffer.from(`blob ${bytes.length}\0`), bytes]))
    .digest('hex')
}

function treeSha(tree: Tree, prefix = ''): string {
  const lines = [...tree.entries()]
    .filter(([path]) => path.startsWith(prefix))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([path, text]) => `${path.slice(prefix.length)}\0${blobSha(text)}`)
  return createHash('sha1')
    .update(`tree\0${lines.join('\n')}`)
    .digest('hex')
}

/**
 * A small git object store for one repository: commits with whole trees, branches and tags pointing at commits.
 * Enough of git for the contents, refs and branches APIs to agree with each other the way GitHub's do.
 */
export class GitStore {
  private readonly commits = new Map<string, Commit>()
  readonly branches = new Map<string, string>()
  readonly tags = new Map<string, string>()
  private sequence = 0

  commit(tree: Tree, parents: string[], message: string, authorLogin: string): Commit {
    const date = new Date().toISOString()
    const frozen = new Map(tree)
    const tSha = treeSha(frozen)
    // The sequence keeps two identical commits (same tree, parents, message) distinct, as their times would in git.
    const sha = createHash('sha1')
      .update(
        `commit\0${tSha}\0${parents.join(',')}\0${authorLogin}\0${message}\0${date}\0${++this.sequence}`
      )
      .digest('hex')
    const commit: Commit = { sha, treeSha: tSha, tree: frozen, parents, message, authorLogin, date }
    this.commits.set(sha, commit)
    return commit
  }

  getCommit(sha: string): Commit | undefined {
    return this.commits.get(sha)
  }

  /** A branch, a tag, a full commit sha or a `refs/heads/...`/`refs/tags/...` name, as `?ref=` accepts. */
  resolve(ref: string): Commit | undefined {
    const name = ref.replace(/^refs\//, '')
    const sha =
      (name.startsWith('heads/') ? this.branches.get(name.slice(6)) : undefined) ??
      (name.startsWith('tags/') ? this.tags.get(name.slice(5)) : undefined) ??
      this.branches.get(ref) ??
      this.tags.get(ref) ??
      (this.commits.has(ref) ? ref : undefined)
    return sha === undefined ? undefined : this.commits.get(sha)
  }

  readFile(commit: Commit, path: string): string | undefined {
    return commit.tree.get(path)
  }

  /** Entries directly inside `path` ('' for the root), or undefined when no file lives under it. */
  listDirectory(commit: Commit, path: string): DirectoryEntry[] | undefined {
    const prefix = path === '' ? '' : `${path}/`
    const entries = new Map<string, DirectoryEntry>()
    for (const [filePath, text] of commit.tree) {
      if (!filePath.startsWith(prefix)) continue
      const rest = filePath.slice(prefix.length)
      const slash = rest.indexOf('/')
      const name = slash === -1 ? rest : rest.slice(0, slash)
      if (entries.has(name)) continue
      const entryPath = prefix + name
      entries.set(
        name,
        slash === -1
          ? { name, path: entryPath, type: 'file', sha: blobSha(text), size: Buffer.byteLength(text) }
          : { name, path: entryPath, type: 'dir', sha: treeSha(commit.tree, `${entryPath}/`), size: 0 }
      )
    }
    if (entries.size === 0) return undefined
    return [...entries.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  }

  /** Whether `ancestor` is reachable from `descendant` (fast-forward check). */
  isAncestor(ancestor: string, descendant: string): boolean {
    const pending = [descendant]
    const seen = new Set<string>()
    while (pending.length > 0) {
      const sha = pending.pop() as string
      if (sha === ancestor) return true
      if (seen.has(sha)) continue
      seen.add(sha)
      pending.push(...(this.commits.get(sha)?.parents ?? []))
    }
    return false
  }

  /** Commits reachable from `sha`, newest first along first parents. */
  history(sha: string): Commit[] {
    const commits: Commit[] = []
    for (let commit = this.commits.get(sha); commit; commit = this.commits.get(commit.parents[0] ?? '')) {
      commits.push(commit)
    }
    return commits
  }
}
