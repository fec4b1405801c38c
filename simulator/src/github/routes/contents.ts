import { blobSha, type Commit, type DirectoryEntry } from '../git-store.js'
import { GitHubHttpError, json, notFound } from '../http.js'
import { commitPayload, type Urls } from '../payloads.js'
import type { RepositoryState } from '../repository-state.js'
import { route, type Route } from '../router.js'

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/')
}

function entryPayload(
  state: RepositoryState,
  entry: DirectoryEntry,
  ref: string,
  urls: Urls
): Record<string, unknown> {
  const self = `${urls.api}/repos/${state.fullName}/contents/${encodePath(entry.path)}?ref=${encodeURIComponent(ref)}`
  const git = `${urls.api}/repos/${state.fullName}/git/${entry.type === 'file' ? 'blobs' : 'trees'}/${entry.sha}`
  const html = `${urls.server}/${state.fullName}/${entry.type === 'file' ? 'blob' : 'tree'}/${ref}/${encodePath(entry.path)}`
  return {
    type: entry.type,
    name: entry.name,
    path: entry.path,
    sha: entry.sha,
    size: entry.size,
    url: self,
    html_url: html,
    git_url: git,
    download_url:
      entry.type === 'file' ? `${urls.server}/raw/${state.fullName}/${ref}/${encodePath(entry.path)}` : null,
    _links: { self, git, html }
  }
}

/** GitHub wraps base64 content at 60 characters per line. */
function wrappedBase64(text: string): string {
  return (
    (
      Buffer.from(text, 'utf8')
        .toString('base64')
        .match(/.{1,60}/g) ?? []
    ).join('\n') + '\n'
  )
}

function fileEntry(path: string, text: string): DirectoryEntry {
  return {
    name: path.split('/').pop() as string,
    path,
    type: 'file',
    sha: blobSha(text),
    size: Buffer.byteLength(text)
  }
}

function resolveRef(state: RepositoryState, ref: string): Commit {
  const commit = state.git.resolve(ref)
  if (!commit) throw notFound(`No commit found for the ref ${ref}`)
  return commit
}

function decodeContent(content: string): string {
  if (!/^[A-Za-z0-9+/=\s]*$/.test(content)) {
    throw new GitHubHttpError(422, 'content is not valid Base64')
  }
  return Buffer.from(content, 'base64').toString('utf8')
}

export const contentRoutes: Route[] = [
  route('GET', '/repos/:owner/:repo/contents/*path', ({ repository, request, params, urls }) => {
    const ref = request.query.get('ref') || repository.defaultBranch
    const commit = resolveRef(repository, ref)
    const path = params.path.replace(/\/+$/, '')
    const text = path === '' ? undefined : repository.git.readFile(commit, path)
    if (text !== undefined) {
      return json(200, {
        ...entryPayload(repository, fileEntry(path, text), ref, urls),
        encoding: 'base64',
        content: wrappedBase64(text)
      })
    }
    const entries = repository.git.listDirectory(commit, path)
    if (!entries) throw notFound()
    return json(
      200,
      entries.map(entry => entryPayload(repository, entry, ref, urls))
    )
  }),

  route('PUT', '/repos/:owner/:repo/contents/*path', ({ repository, input, params, identity, urls }) => {
    const path = params.path.replace(/\/+$/, '')
    const missing = ['message', 'content'].filter(field => typeof input[field] !== 'string')
    if (missing.length > 0) {
      const names = missing.map(name => `"${name}"`).join(', ')
      throw new GitHubHttpError(
        422,
        `Invalid request.\n\n${names} ${missing.length === 1 ? "wasn't" : "weren't"} supplied.`
      )
    }
    if (path === '') throw notFound()
    const branch =
      typeof input.branch === 'string' && input.branch !== '' ? input.branch : repository.defaultBranch
    const head = repository.git.branches.get(branch)
    if (!head) throw notFound(`Branch ${branch} not found`)
    if (repository.protectedBranches.has(branch)) {
      throw new GitHubHttpError(409, 'Changes must be made through a pull request.')
    }
    if (identity.kind === 'app' && path.startsWith('.github/workflows/')) {
      // GITHUB_TOKEN never has the `workflows` permission.
      throw new GitHubHttpError(
        403,
        `refusing to allow a GitHub App to create or update workflow \`${path}\` without \`workflows\` permission`
      )
    }
    const parent = repository.git.getCommit(head) as Commit
    const existing = parent.tree.get(path)
    const givenSha = typeof input.sha === 'string' ? input.sha : undefined
    if (existing !== undefined && givenSha === undefined) {
      throw new GitHubHttpError(422, 'Invalid request.\n\n"sha" wasn\'t supplied.')
    }
    if (existing !== undefined && givenSha !== blobSha(existing)) {
      throw new GitHubHttpError(409, `${path} does not match ${givenSha}`)
    }
    const text = decodeContent(input.content as string)
    const tree = new Map(parent.tree)
    tree.set(path, text)
    const commit = repository.git.commit(tree, [parent.sha], input.message as string, identity.login)
    repository.git.branches.set(branch, commit.sha)
    return json(existing === undefined ? 201 : 200, {
      content: entryPayload(repository, fileEntry(path, text), branch, urls),
      commit: commitPayload(repository, commit, urls)
    })
  })
]
