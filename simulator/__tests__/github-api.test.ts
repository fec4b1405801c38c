import { afterEach, describe, expect, it } from '@jest/globals'
import { Octokit } from '@octokit/core'
import { paginateRest } from '@octokit/plugin-paginate-rest'
import { restEndpointMethods } from '@octokit/plugin-rest-endpoint-methods'
import type { Scenario } from '../src/scenario.js'
import { gitHubRateLimitResponse, type GitHubSimulator } from '../src/github/index.js'
import { startSimulator, type Simulator } from '../src/index.js'

const APP = 'ghs_app'
const USER = 'ghp_user'
const READ_ONLY = 'ghs_readonly'
const RENOVATE = 'ghs_renovate'

let sim: Simulator | undefined
afterEach(async () => {
  await sim?.stop()
  sim = undefined
})

function releases(count: number) {
  return Array.from({ length: count }, (_, index) => ({
    tag: `v0.${Math.floor(index / 50)}.${index % 50}`
  })).reverse()
}

function scenario(): Scenario {
  return {
    github: {
      tokens: {
        [APP]: { login: 'github-actions[bot]', kind: 'app' },
        [USER]: { login: 'octo-dev', kind: 'user' },
        [READ_ONLY]: { login: 'github-actions[bot]', kind: 'app', readOnly: true },
        [RENOVATE]: { login: 'renovate[bot]', kind: 'app' }
      },
      repositories: {
        'open-webui/open-webui': {
          releases: [
            { tag: 'v9.9.9', draft: true },
            { tag: 'v1.0.0-alpha.101', prerelease: true, publishedAt: '2024-01-01T00:00:00Z' },
            ...releases(248)
          ],
          files: {
            'v0.4.49': {
              'backend/open_webui/migrations/versions/7e5b5dc7342b_init.py': 'revision = "7e5b5dc7342b"\n',
              'backend/open_webui/migrations/versions/ca81bd47c050_add_config_table.py': 'x\n',
              'backend/open_webui/main.py': 'app = 1\n'
            }
          }
        },
        'acme/platform': {
          files: {
            main: { 'deploy/open-webui.version': 'v0.6.5\n', 'README.md': 'hello\n' },
            release: { 'deploy/open-webui.version': 'v0.6.4\n' }
          },
          protectedBranches: ['release'],
          labels: ['bug'],
          pullRequests: [
            { number: 7, title: 'Infra change', head: 'feature/infra' },
            {
              number: 5,
              title: 'From a fork',
              head: 'patch-1',
              headRepository: 'contributor/platform',
              author: 'contributor',
              labels: ['bug'],
              state: 'closed'
            }
          ],
          comments: [
            {
              issueNumber: 7,
              login: 'alice',
              body: 'LGTM <!-- open-webui-ecs-deploy:plan prod/open-webui -->'
            }
          ]
        }
      }
    }
  }
}

/** What @actions/github's `getOctokit` builds: REST methods and pagination on Octokit's core. */
const GitHubOctokit = Octokit.plugin(restEndpointMethods, paginateRest)
type GitHubClient = InstanceType<typeof GitHubOctokit>

/** A simulator on a real port, and real Octokit clients for it as `getOctokit` builds them. */
async function setup(seed: Scenario = scenario()): Promise<{
  github: GitHubSimulator
  url: string
  octokit: (token?: string) => GitHubClient
}> {
  sim = await startSimulator(seed)
  const baseUrl = sim.env.GITHUB_API_URL
  return {
    github: sim.github,
    url: sim.url,
    octokit: (token = APP) => new GitHubOctokit({ auth: token, baseUrl })
  }
}

interface ErrorBody {
  message: string
  errors?: Record<string, unknown>[]
}

async function failure(
  promise: Promise<unknown>
): Promise<{ status: number; message: string; data: ErrorBody; headers: Record<string, string> }> {
  try {
    await promise
  } catch (error) {
    const { status, message, response } = error as {
      status: number
      message: string
      response?: { data: unknown; headers: Record<string, string> }
    }
    return { status, message, data: response?.data as ErrorBody, headers: response?.headers ?? {} }
  }
  throw new Error('expected the request to fail')
}

const repo = { owner: 'acme', repo: 'platform' }
const upstream = { owner: 'open-webui', repo: 'open-webui' }

describe('repositories and users', () => {
  it('answers the repository with its default branch and 404 for unknown ones', async () => {
    const { octokit, url } = await setup()
    const { data } = await octokit().rest.repos.get(repo)
    expect(data).toMatchObject({
      full_name: 'acme/platform',
      default_branch: 'main',
      html_url: `${url}/acme/platform`
    })
    const missing = await failure(octokit().rest.repos.get({ owner: 'acme', repo: 'nope' }))
    expect(missing.status).toBe(404)
    expect(missing.data.message).toBe('Not Found')
  })

  it('applies the token rules: unknown 401, app tokens 403 on /user, read-only tokens 403 on writes', async () => {
    const { octokit } = await setup()
    expect((await failure(octokit('ghp_unknown').rest.repos.get(repo))).status).toBe(401)
    expect((await failure(octokit('ghp_unknown').rest.repos.get(repo))).message).toContain('Bad credentials')
    expect((await octokit(USER).rest.users.getAuthenticated()).data.login).toBe('octo-dev')
    const app = await failure(octokit(APP).rest.users.getAuthenticated())
    expect(app.status).toBe(403)
    expect(
      (await octokit(READ_ONLY).rest.issues.listComments({ ...repo, issue_number: 7 })).data
    ).toHaveLength(1)
    const write = await failure(
      octokit(READ_ONLY).rest.issues.createComment({ ...repo, issue_number: 7, body: 'x' })
    )
    expect(write.status).toBe(403)
    expect(write.data.message).toBe('Resource not accessible by integration')
  })

  it('tells a token its own login through the GraphQL viewer, app tokens included', async () => {
    const { octokit } = await setup()
    const viewer = await octokit(APP).graphql<{ viewer: { login: string } }>('query { viewer { login } }')
    expect(viewer.viewer.login).toBe('github-actions[bot]')
    const renovate = await octokit(RENOVATE).graphql<{ viewer: { login: string } }>('{ viewer { login } }')
    expect(renovate.viewer.login).toBe('renovate[bot]')
    await expect(octokit('ghp_unknown').graphql('{ viewer { login } }')).rejects.toThrow('Bad credentials')
  })

  it('takes any token as GITHUB_TOKEN when the scenario seeds none', async () => {
    const seed = scenario()
    delete seed.github!.tokens
    const { octokit, github } = await setup(seed)
    await octokit('whatever').rest.issues.createComment({ ...repo, issue_number: 7, body: 'hi' })
    expect(github.comments('acme/platform', 7).at(-1)).toMatchObject({
      login: 'github-actions[bot]',
      body: 'hi'
    })
  })
})

describe('releases', () => {
  it('pages through 250 releases with Link headers, newest created first, drafts included', async () => {
    const { octokit } = await setup()
    const first = await octokit().rest.repos.listReleases(upstream)
    expect(first.data).toHaveLength(30)
    expect(first.headers.link).toContain('rel="next"')
    expect(first.headers.link).toMatch(/[?&]page=9[^>]*>; rel="last"/)
    const all = await octokit().paginate(octokit().rest.repos.listReleases, { ...upstream, per_page: 100 })
    expect(all).toHaveLength(250)
    expect(new Set(all.map(release => release.id)).size).toBe(250)
    // Seed order gives the creation order: the first seeded release is the newest.
    expect(all[0]).toMatchObject({ tag_name: 'v9.9.9', draft: true, published_at: null })
    expect(all[1].tag_name).toBe('v0.4.47')
    expect(all.find(release => release.tag_name === 'v1.0.0-alpha.101')).toMatchObject({ prerelease: true })
    const dates = all.map(release => Date.parse(release.created_at))
    expect([...dates].sort((a, b) => b - a)).toEqual(dates)
  })

  it('puts a release added at run time first, and finds published releases by tag but not drafts', async () => {
    const { octokit, github, url } = await setup()
    github.addRelease('open-webui/open-webui', { tag: 'v0.5.0', body: 'new' })
    const { data } = await octokit().rest.repos.listReleases({ ...upstream, per_page: 1 })
    expect(data[0]).toMatchObject({ tag_name: 'v0.5.0', body: 'new', draft: false })
    expect((await octokit().rest.repos.getReleaseByTag({ ...upstream, tag: 'v0.4.1' })).data.tag_name).toBe(
      'v0.4.1'
    )
    expect((await failure(octokit().rest.repos.getReleaseByTag({ ...upstream, tag: 'v9.9.9' }))).status).toBe(
      404
    )
    // Anonymous callers do not see drafts.
    const anonymous = await fetch(`${url}/github/repos/open-webui/open-webui/releases?per_page=2`)
    const tags = ((await anonymous.json()) as { tag_name: string }[]).map(release => release.tag_name)
    expect(tags).toEqual(['v0.5.0', 'v0.4.47'])
  })
})

describe('contents', () => {
  it('answers a file with base64 content and its git blob sha, a folder as entries, 404 when missing', async () => {
    const { octokit } = await setup()
    const file = await octokit().rest.repos.getContent({ ...repo, path: 'README.md' })
    const data = file.data as { content: string; sha: string; encoding: string; type: string }
    expect(data.type).toBe('file')
    expect(Buffer.from(data.content, data.encoding as BufferEncoding).toString()).toBe('hello\n')
    // `printf 'hello\n' | git hash-object --stdin`
    expect(data.sha).toBe('ce013625030ba8dba906f756967f9e9ca394464a')

    const folder = await octokit().rest.repos.getContent({
      ...upstream,
      path: 'backend/open_webui/migrations/versions',
      ref: 'v0.4.49'
    })
    expect((folder.data as { name: string; type: string }[]).map(entry => [entry.name, entry.type])).toEqual([
      ['7e5b5dc7342b_init.py', 'file'],
      ['ca81bd47c050_add_config_table.py', 'file']
    ])
    const parent = await octokit().rest.repos.getContent({
      ...upstream,
      path: 'backend/open_webui',
      ref: 'v0.4.49'
    })
    expect(
      (parent.data as { name: string; type: string }[]).map(entry => `${entry.name}:${entry.type}`)
    ).toEqual(['main.py:file', 'migrations:dir'])

    // A release tag with no seeded files exists but holds nothing.
    const empty = await failure(
      octokit().rest.repos.getContent({
        ...upstream,
        path: 'backend/open_webui/migrations/versions',
        ref: 'v0.4.40'
      })
    )
    expect(empty.status).toBe(404)
    expect(empty.data.message).toBe('Not Found')
    const noRef = await failure(octokit().rest.repos.getContent({ ...repo, path: 'README.md', ref: 'nope' }))
    expect(noRef.data.message).toBe('No commit found for the ref nope')
  })
})

describe('branches and commits', () => {
  it('branches from main, commits a file on the branch and reads it back, leaving main as it was', async () => {
    const { octokit, github } = await setup()
    const main = await octokit().rest.git.getRef({ ...repo, ref: 'heads/main' })
    const branch = 'open-webui-ecs-deploy/bump'
    await octokit().rest.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha: main.data.object.sha })
    const onBranch = await octokit().rest.repos.getContent({
      ...repo,
      path: 'deploy/open-webui.version',
      ref: branch
    })
    const { sha } = onBranch.data as { sha: string }

    const put = await octokit().rest.repos.createOrUpdateFileContents({
      ...repo,
      path: 'deploy/open-webui.version',
      branch,
      sha,
      message: 'Update Open WebUI to v0.6.6',
      content: Buffer.from('v0.6.6\n').toString('base64')
    })
    expect(put.status).toBe(200)
    expect(put.data.commit.parents?.[0].sha).toBe(main.data.object.sha)
    const head = await octokit().rest.repos.getBranch({ ...repo, branch })
    expect(head.data.commit.sha).toBe(put.data.commit.sha)
    expect(github.file('acme/platform', branch, 'deploy/open-webui.version')).toBe('v0.6.6\n')
    expect(github.file('acme/platform', 'main', 'deploy/open-webui.version')).toBe('v0.6.5\n')
    expect(github.files('acme/platform', branch)?.['README.md']).toBe('hello\n')
    expect(github.commits('acme/platform', branch).map(commit => commit.message)[0]).toBe(
      'Update Open WebUI to v0.6.6'
    )
    expect(github.commits('acme/platform', branch)[0].author).toBe('github-actions[bot]')

    const again = await failure(
      octokit().rest.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha: main.data.object.sha })
    )
    expect(again.status).toBe(422)
    expect(again.data.message).toBe('Reference already exists')

    // Resetting to main is not a fast-forward: it needs force.
    const noForce = await failure(
      octokit().rest.git.updateRef({ ...repo, ref: `heads/${branch}`, sha: main.data.object.sha })
    )
    expect(noForce.status).toBe(422)
    await octokit().rest.git.updateRef({
      ...repo,
      ref: `heads/${branch}`,
      sha: main.data.object.sha,
      force: true
    })
    expect(github.branches('acme/platform')[branch]).toBe(main.data.object.sha)
    expect((await failure(octokit().rest.git.getRef({ ...repo, ref: 'heads/nope' }))).status).toBe(404)
  })

  it('creates a new file with 201, and rejects a missing or stale sha and pushes to protected branches', async () => {
    const { octokit, github } = await setup()
    const content = Buffer.from('new\n').toString('base64')
    const created = await octokit().rest.repos.createOrUpdateFileContents({
      ...repo,
      path: 'docs/new.md',
      message: 'add',
      content
    })
    expect(created.status).toBe(201)
    expect(github.file('acme/platform', 'main', 'docs/new.md')).toBe('new\n')

    const noSha = await failure(
      octokit().rest.repos.createOrUpdateFileContents({
        ...repo,
        path: 'README.md',
        message: 'edit',
        content
      })
    )
    expect(noSha.status).toBe(422)
    const stale = await failure(
      octokit().rest.repos.createOrUpdateFileContents({
        ...repo,
        path: 'README.md',
        message: 'edit',
        content,
        sha: 'a'.repeat(40)
      })
    )
    expect(stale.status).toBe(409)

    const protectedPut = await failure(
      octokit().rest.repos.createOrUpdateFileContents({
        ...repo,
        path: 'x.md',
        message: 'm',
        content,
        branch: 'release'
      })
    )
    expect(protectedPut.status).toBe(409)
    const release = github.branches('acme/platform').release
    const protectedRef = await failure(
      octokit().rest.git.updateRef({
        ...repo,
        ref: 'heads/release',
        sha: github.branches('acme/platform').main,
        force: true
      })
    )
    expect(protectedRef.status).toBe(422)
    expect(github.branches('acme/platform').release).toBe(release)
    expect((await octokit().rest.repos.getBranch({ ...repo, branch: 'release' })).data.protected).toBe(true)
  })
})

async function bumpBranch(octokit: GitHubClient, branch = 'bump'): Promise<void> {
  const main = await octokit.rest.git.getRef({ ...repo, ref: 'heads/main' })
  await octokit.rest.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha: main.data.object.sha })
  await octokit.rest.repos.createOrUpdateFileContents({
    ...repo,
    path: 'deploy/next.version',
    branch,
    message: 'bump',
    content: Buffer.from('v0.6.6\n').toString('base64')
  })
}

describe('pull requests', () => {
  it('creates, refuses a duplicate, finds by head, updates and closes', async () => {
    const { octokit, github, url } = await setup()
    await bumpBranch(octokit())
    const created = await octokit().rest.pulls.create({
      ...repo,
      title: 'Update Open WebUI to v0.6.6',
      head: 'bump',
      base: 'main',
      body: 'b'
    })
    expect(created.status).toBe(201)
    expect(created.data).toMatchObject({
      number: 8,
      state: 'open',
      title: 'Update Open WebUI to v0.6.6',
      user: { login: 'github-actions[bot]' },
      head: { ref: 'bump', sha: github.branches('acme/platform').bump, repo: { full_name: 'acme/platform' } },
      base: { ref: 'main', repo: { full_name: 'acme/platform' } },
      html_url: `${url}/acme/platform/pull/8`
    })

    const duplicate = await failure(
      octokit().rest.pulls.create({ ...repo, title: 't', head: 'acme:bump', base: 'main' })
    )
    expect(duplicate.status).toBe(422)
    expect(JSON.stringify(duplicate.data.errors)).toContain('A pull request already exists for acme:bump.')

    const found = await octokit().rest.pulls.list({ ...repo, head: 'acme:bump', state: 'open' })
    expect(found.data.map(pull => pull.number)).toEqual([8])
    expect((await octokit().rest.pulls.list({ ...repo, head: 'someone:bump' })).data).toHaveLength(0)

    await octokit().rest.pulls.update({
      ...repo,
      pull_number: 8,
      title: 'Update Open WebUI to v0.6.7',
      body: 'new body'
    })
    expect(github.pullRequests('acme/platform').find(pull => pull.number === 8)).toMatchObject({
      title: 'Update Open WebUI to v0.6.7',
      body: 'new body',
      author: 'github-actions[bot]'
    })
    await octokit().rest.pulls.update({ ...repo, pull_number: 8, state: 'closed' })
    expect((await octokit().rest.pulls.list({ ...repo, head: 'acme:bump' })).data).toHaveLength(0)
    expect(
      (await octokit().rest.pulls.list({ ...repo, head: 'acme:bump', state: 'closed' })).data
    ).toHaveLength(1)
    // Once closed, a new PR for the same head may be opened.
    expect(
      (await octokit().rest.pulls.create({ ...repo, title: 't', head: 'bump', base: 'main' })).data.number
    ).toBe(9)
  })

  it('validates like GitHub: missing fields, long bodies, unknown heads, no commits, Actions not allowed', async () => {
    const { octokit, github } = await setup()
    await bumpBranch(octokit())
    const missing = await failure(
      octokit().request('POST /repos/{owner}/{repo}/pulls', { ...repo, head: 'bump', base: 'main' } as never)
    )
    expect(missing.status).toBe(422)
    expect(missing.data.errors).toEqual([{ resource: 'PullRequest', code: 'missing_field', field: 'title' }])

    const long = await failure(
      octokit().rest.pulls.create({
        ...repo,
        title: 't',
        head: 'bump',
        base: 'main',
        body: 'x'.repeat(65537)
      })
    )
    expect(long.status).toBe(422)
    expect(JSON.stringify(long.data.errors)).toContain('body is too long (maximum is 65536 characters)')
    const fits = await octokit().rest.pulls.create({
      ...repo,
      title: 't',
      head: 'bump',
      base: 'main',
      body: 'é'.repeat(65536)
    })
    expect(fits.status).toBe(201)

    expect(
      (await failure(octokit().rest.pulls.create({ ...repo, title: 't', head: 'nope', base: 'main' }))).status
    ).toBe(422)
    const main = await octokit().rest.git.getRef({ ...repo, ref: 'heads/main' })
    await octokit().rest.git.createRef({ ...repo, ref: 'refs/heads/same', sha: main.data.object.sha })
    const noCommits = await failure(
      octokit().rest.pulls.create({ ...repo, title: 't', head: 'same', base: 'main' })
    )
    expect(JSON.stringify(noCommits.data.errors)).toContain('No commits between main and same')

    github.setAllowActionsToCreatePullRequests('acme/platform', false)
    await bumpBranch(octokit(), 'bump-2')
    const forbidden = await failure(
      octokit(APP).rest.pulls.create({ ...repo, title: 't', head: 'bump-2', base: 'main' })
    )
    expect(forbidden.status).toBe(403)
    expect(forbidden.data.message).toBe('GitHub Actions is not permitted to create or approve pull requests.')
    const byUser = await octokit(USER).rest.pulls.create({
      ...repo,
      title: 't',
      head: 'bump-2',
      base: 'main'
    })
    expect(byUser.data.user?.login).toBe('octo-dev')
  })
})

describe('seeded pull requests', () => {
  it('shows a fork pull request with its head repository, author and labels', async () => {
    const { octokit } = await setup()
    const { data } = await octokit().rest.pulls.get({ ...repo, pull_number: 5 })
    expect(data).toMatchObject({
      state: 'closed',
      user: { login: 'contributor' },
      head: { ref: 'patch-1', repo: { full_name: 'contributor/platform', fork: true } },
      base: { ref: 'main', repo: { full_name: 'acme/platform' } }
    })
    expect(data.labels.map(label => label.name)).toEqual(['bug'])
    expect(data.head.sha).toMatch(/^[0-9a-f]{40}$/)
  })
})

describe('issue comments', () => {
  it('lists with pagination, records the token login as author, edits in place', async () => {
    const { octokit, github, url } = await setup()
    for (let index = 0; index < 44; index++)
      github.addComment('acme/platform', 7, 'alice', `comment ${index}`)
    const all = await octokit().paginate(octokit().rest.issues.listComments, {
      ...repo,
      issue_number: 7,
      per_page: 10
    })
    expect(all).toHaveLength(45)
    expect(all[0].user?.login).toBe('alice')

    const created = await octokit(RENOVATE).rest.issues.createComment({
      ...repo,
      issue_number: 7,
      body: 'plan v1'
    })
    expect(created.data).toMatchObject({ body: 'plan v1', user: { login: 'renovate[bot]' } })
    expect(created.data.html_url).toBe(`${url}/acme/platform/pull/7#issuecomment-${created.data.id}`)
    await octokit().rest.issues.updateComment({ ...repo, comment_id: created.data.id, body: 'plan v2' })
    const last = github.comments('acme/platform', 7).at(-1)
    expect(last).toMatchObject({ id: created.data.id, body: 'plan v2', login: 'renovate[bot]' })
    expect(github.comments('acme/platform', 7)).toHaveLength(46)
  })

  it('rejects an empty or too long body and unknown issues', async () => {
    const { octokit } = await setup()
    const empty = await failure(
      octokit().request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
        ...repo,
        issue_number: 7
      } as never)
    )
    expect(empty.status).toBe(422)
    expect(empty.data.errors).toEqual([{ resource: 'IssueComment', code: 'missing_field', field: 'body' }])
    const long = await failure(
      octokit().rest.issues.createComment({ ...repo, issue_number: 7, body: 'x'.repeat(70000) })
    )
    expect(long.status).toBe(422)
    expect(
      (await failure(octokit().rest.issues.createComment({ ...repo, issue_number: 99, body: 'x' }))).status
    ).toBe(404)
    expect(
      (await failure(octokit().rest.issues.updateComment({ ...repo, comment_id: 1, body: 'x' }))).status
    ).toBe(404)
  })
})

describe('labels', () => {
  it('creates a label once (422 already_exists after) and adds it to a pull request', async () => {
    const { octokit, github } = await setup()
    const created = await octokit().rest.issues.createLabel({
      ...repo,
      name: 'dependencies',
      color: '0366d6',
      description: 'Deps'
    })
    expect(created.status).toBe(201)
    const again = await failure(
      octokit().rest.issues.createLabel({ ...repo, name: 'Dependencies', color: '0366d6' })
    )
    expect(again.status).toBe(422)
    expect(again.data.errors).toEqual([{ resource: 'Label', code: 'already_exists', field: 'name' }])
    expect((await octokit().rest.issues.listLabelsForRepo(repo)).data.map(label => label.name)).toEqual([
      'bug',
      'dependencies'
    ])

    const added = await octokit().rest.issues.addLabels({
      ...repo,
      issue_number: 7,
      labels: ['dependencies']
    })
    expect(added.data.map(label => label.name)).toEqual(['dependencies'])
    expect(github.pullRequests('acme/platform')[0].labels).toEqual(['dependencies'])
    const pull = await octokit().rest.pulls.get({ ...repo, pull_number: 7 })
    expect(pull.data.labels.map(label => label.name)).toEqual(['dependencies'])
    expect(github.labels('acme/platform').find(label => label.name === 'dependencies')).toEqual({
      name: 'dependencies',
      color: '0366d6',
      description: 'Deps'
    })
  })
})

describe('rate limits', () => {
  it('answers an injected secondary rate limit the way GitHub does, then serves again', async () => {
    const seed = scenario()
    seed.faults = [
      {
        service: 'github',
        operation: 'GET /repos/acme/platform/pulls',
        kind: 'rate-limit',
        status: 403,
        times: 1,
        retryAfterSeconds: 3
      }
    ]
    const { octokit } = await setup(seed)
    const limited = await failure(octokit().rest.pulls.list(repo))
    expect(limited.status).toBe(403)
    expect(limited.data.message).toContain('You have exceeded a secondary rate limit')
    expect(limited.headers['retry-after']).toBe('3')
    expect((await octokit().rest.pulls.list(repo)).data.map(pull => pull.number)).toEqual([7])
  })

  it('offers the fault injector GitHub-shaped secondary rate-limit answers', async () => {
    const limited = gitHubRateLimitResponse({ status: 403, retryAfterSeconds: 2 })
    expect(limited.status).toBe(403)
    expect(limited.headers?.['retry-after']).toBe('2')
    expect((limited.body as { message: string }).message).toContain(
      'You have exceeded a secondary rate limit'
    )
    expect(gitHubRateLimitResponse({ status: 429 }).status).toBe(429)
    const primary = gitHubRateLimitResponse({ primary: true })
    expect(primary.headers?.['x-ratelimit-remaining']).toBe('0')
  })
})
