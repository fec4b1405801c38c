import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { ReleaseSeed, RepositorySeed, Scenario } from '../../simulator/src/scenario.js'
import { startSimulator, type Simulator } from '../../simulator/src/index.js'
import {
  daysAgo,
  registryTags,
  releaseFiles,
  releaseHistory,
  RELEASE_REPOSITORY
} from '../fixtures/open-webui.js'
import { runAction, type ActionRun } from './harness.js'

/**
 * mode: bump with the pin in a version file, against the simulated GitHub API: the workflow's repository is
 * acme/platform with the pin on main. No checkout: the workspace is empty and bump reads main through the API.
 */

const PLATFORM = 'acme/platform'
const PIN = 'deploy/open-webui/version'
const BRANCH = 'open-webui-ecs-deploy/bump'
const MARKER = '<!-- open-webui-ecs-deploy:bump -->'

function releasesWithout(...tags: string[]): ReleaseSeed[] {
  return releaseHistory().filter(release => !tags.includes(release.tag))
}

function scenario(options: {
  pin: string
  releases: ReleaseSeed[]
  platform?: Partial<RepositorySeed>
}): Scenario {
  return {
    github: {
      repositories: {
        [RELEASE_REPOSITORY]: { releases: options.releases, files: releaseFiles() },
        [PLATFORM]: {
          files: { main: { [PIN]: options.pin, 'README.md': '# platform\n' } },
          ...(options.platform ?? {})
        }
      }
    },
    registry: { repositories: registryTags() }
  }
}

function bump(sim: Simulator, inputs: Record<string, string> = {}): Promise<ActionRun> {
  return runAction({
    simulatorEnv: sim.env,
    inputs: {
      mode: 'bump',
      'version-file': PIN,
      image: `${sim.registryHost}/open-webui/open-webui`,
      ...inputs
    }
  })
}

function githubWrites(sim: Simulator): string[] {
  return sim.calls.filter(call => call.service === 'github' && call.mutating).map(call => call.operation)
}

function awsCalls(sim: Simulator): string[] {
  return sim.calls
    .filter(call => call.service !== 'github' && call.service !== 'registry')
    .map(call => call.operation)
}

describe('bump: version file, v0.6.5 pinned, v0.6.6 the newest stable release', () => {
  let sim: Simulator
  beforeAll(async () => {
    sim = await startSimulator(
      scenario({ pin: '# deployed to production\nv0.6.5\n', releases: releasesWithout('v0.6.7') })
    )
  })
  afterAll(() => sim.stop())

  it('opens one pull request with the file changed on its branch, the right title, body and label', async () => {
    const run = await bump(sim)
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.outputs).toMatchObject({
      result: 'bump-opened',
      version: 'v0.6.6',
      'previous-version': 'v0.6.5',
      migrations: 'true',
      'pull-request-number': expect.stringMatching(/^\d+$/)
    })
    expect(run.outputs.image).toMatch(new RegExp(`:v0\\.6\\.6@sha256:[0-9a-f]{64}$`))

    expect(sim.github.file(PLATFORM, BRANCH, PIN)).toBe('# deployed to production\nv0.6.6\n')
    expect(sim.github.file(PLATFORM, BRANCH, 'README.md')).toBe('# platform\n')
    expect(sim.github.file(PLATFORM, 'main', PIN)).toBe('# deployed to production\nv0.6.5\n')

    const pulls = sim.github.pullRequests(PLATFORM)
    expect(pulls).toHaveLength(1)
    const [pull] = pulls
    expect(pull).toMatchObject({
      state: 'open',
      head: BRANCH,
      base: 'main',
      title: 'Update Open WebUI to v0.6.6'
    })
    expect(String(pull.number)).toBe(run.outputs['pull-request-number'])
    expect(run.outputs['pull-request-url']).toContain(`/pull/${pull.number}`)
    expect(pull.labels).toEqual(['dependencies'])
    expect(sim.github.labels(PLATFORM).map(label => label.name)).toContain('dependencies')
    expect(pull.body.startsWith(MARKER)).toBe(true)
    expect(pull.body).toContain('from **v0.6.5** to **v0.6.6**')
    expect(pull.body).toContain('**Adds database migrations**: `9f0c9cd09105_add_note_table.py`')
    expect(pull.body).toContain('Notes (adds a notes table).')
    expect(pull.body).toContain(`| Digest | – | \`${run.outputs.image.split('@')[1]}\` |`)
    expect(run.summary).toContain(`pull request #${pull.number}`)
    // Bump is GitHub and the registry only: no AWS call, so no secret is ever involved.
    expect(awsCalls(sim)).toEqual([])
  })

  it('changes nothing on a second run with nothing new (no mutating GitHub call)', async () => {
    const writesBefore = githubWrites(sim).length
    const branchBefore = sim.github.branches(PLATFORM)[BRANCH]
    const run = await bump(sim)
    expect(run.code).toBe(0)
    expect(run.outputs.result).toBe('unchanged')
    expect(githubWrites(sim).slice(writesBefore)).toEqual([])
    expect(sim.github.branches(PLATFORM)[BRANCH]).toBe(branchBefore)
    expect(sim.github.pullRequests(PLATFORM)).toHaveLength(1)
  })

  it('updates the same pull request to v0.6.7 once v0.6.7 is released', async () => {
    const [before] = sim.github.pullRequests(PLATFORM)
    sim.github.addRelease(RELEASE_REPOSITORY, {
      tag: 'v0.6.7',
      publishedAt: daysAgo(0),
      body: 'Fixes for v0.6.6.'
    })
    const run = await bump(sim)
    expect(run.code).toBe(0)
    expect(run.outputs).toMatchObject({
      result: 'bump-updated',
      version: 'v0.6.7',
      'previous-version': 'v0.6.5',
      'pull-request-number': String(before.number)
    })
    const pulls = sim.github.pullRequests(PLATFORM)
    expect(pulls).toHaveLength(1)
    expect(pulls[0]).toMatchObject({
      number: before.number,
      state: 'open',
      title: 'Update Open WebUI to v0.6.7'
    })
    expect(pulls[0].body).toContain('### Release notes (2 releases)')
    expect(pulls[0].body.indexOf('Fixes for v0.6.6.')).toBeLessThan(
      pulls[0].body.indexOf('Notes (adds a notes table).')
    )
    expect(sim.github.file(PLATFORM, BRANCH, PIN)).toBe('# deployed to production\nv0.6.7\n')
  })

  it('with min-release-age-days, keeps proposing v0.6.6 while v0.6.7 is too young', async () => {
    const other = await startSimulator(scenario({ pin: 'v0.6.5\n', releases: releaseHistory() }))
    try {
      const run = await bump(other, { 'min-release-age-days': '5' })
      expect(run.code).toBe(0)
      expect(run.outputs).toMatchObject({ result: 'bump-opened', version: 'v0.6.6' })
    } finally {
      await other.stop()
    }
  })
})

describe('bump: pin already at the newest release', () => {
  it('opens nothing and closes the stale bump pull request with a comment', async () => {
    const sim = await startSimulator(
      scenario({
        pin: 'v0.6.7\n',
        releases: releaseHistory(),
        platform: {
          pullRequests: [
            {
              number: 4,
              title: 'Update Open WebUI to v0.6.7',
              body: `${MARKER}\nold bump`,
              head: BRANCH,
              author: 'github-actions[bot]'
            },
            { number: 5, title: 'Unrelated', head: 'feature/x' }
          ]
        }
      })
    )
    try {
      const run = await bump(sim)
      expect(run.code).toBe(0)
      expect(run.outputs).toMatchObject({ result: 'up-to-date', version: 'v0.6.7' })
      expect(run.outputs['pull-request-number']).toBeUndefined()
      const pulls = sim.github.pullRequests(PLATFORM)
      expect(pulls.find(pull => pull.number === 4)?.state).toBe('closed')
      expect(pulls.find(pull => pull.number === 5)?.state).toBe('open')
      expect(pulls).toHaveLength(2)
      const comments = sim.github.comments(PLATFORM, 4)
      expect(comments).toHaveLength(1)
      expect(comments[0].body).toContain('already pins v0.6.7')
      expect(
        githubWrites(sim).filter(operation => /contents|git\/refs|POST .*\/pulls$/.test(operation))
      ).toEqual([])
      expect(run.summary).toContain('Closed the stale')
    } finally {
      await sim.stop()
    }
  })

  it('opens no branch and no pull request when there is none', async () => {
    const sim = await startSimulator(scenario({ pin: 'v0.6.7\n', releases: releaseHistory() }))
    try {
      const run = await bump(sim)
      expect(run.outputs.result).toBe('up-to-date')
      expect(githubWrites(sim)).toEqual([])
      expect(Object.keys(sim.github.branches(PLATFORM))).toEqual(['main'])
    } finally {
      await sim.stop()
    }
  })
})

describe('bump: hostile release notes', () => {
  it('neutralises mentions, back-links, HTML and a forged marker in the pull-request body', async () => {
    const hostile = [
      'Thanks @tjbck and @open-webui/maintainers! Fixes #1234 and open-webui/open-webui#99.',
      'See https://github.com/open-webui/open-webui/issues/77',
      '</details><img src=x onerror=alert(1)>',
      MARKER,
      '```',
      'a fence never closed'
    ].join('\n')
    const releases = releasesWithout('v0.6.7').map(release =>
      release.tag === 'v0.6.6' ? { ...release, body: hostile } : release
    )
    const sim = await startSimulator(scenario({ pin: 'v0.6.5\n', releases }))
    try {
      const run = await bump(sim)
      expect(run.code).toBe(0)
      const [pull] = sim.github.pullRequests(PLATFORM)
      expect(pull.body).not.toMatch(/@tjbck|@open-webui\/maintainers|#1234|open-webui#99/)
      expect(pull.body).not.toContain('https://github.com/open-webui/open-webui/issues/77')
      expect(pull.body).not.toMatch(/<img|<\/details><img/)
      expect(pull.body.split(MARKER)).toHaveLength(2)
      expect(pull.body).toContain('tjbck')
    } finally {
      await sim.stop()
    }
  })
})

describe('bump: GitHub refuses', () => {
  it('explains the "not permitted to create pull requests" 403 with the setting that fixes it', async () => {
    const sim = await startSimulator(
      scenario({
        pin: 'v0.6.5\n',
        releases: releasesWithout('v0.6.7'),
        platform: { allowActionsToCreatePullRequests: false }
      })
    )
    try {
      const run = await bump(sim)
      expect(run.code).toBe(1)
      expect(run.outputs.result).toBe('failed')
      const errors = run.annotations.filter(annotation => annotation.level === 'error')
      expect(errors).toHaveLength(1)
      expect(errors[0].message).toContain(
        'GitHub Actions is not permitted to create or approve pull requests'
      )
      expect(errors[0].message).toContain('Allow GitHub Actions to create and approve pull requests')
      expect(run.summary).toContain('Allow GitHub Actions to create and approve pull requests')
      expect(run.stdout).not.toMatch(/^\s+at /m)
    } finally {
      await sim.stop()
    }
  })

  it('refuses a pin under .github/workflows/ before writing anything', async () => {
    const sim = await startSimulator({
      github: {
        repositories: {
          [RELEASE_REPOSITORY]: { releases: releasesWithout('v0.6.7'), files: releaseFiles() },
          [PLATFORM]: { files: { main: { '.github/workflows/open-webui.version': 'v0.6.5\n' } } }
        }
      },
      registry: { repositories: registryTags() }
    })
    try {
      const run = await bump(sim, { 'version-file': '.github/workflows/open-webui.version' })
      expect(run.code).toBe(1)
      expect(run.annotations.find(annotation => annotation.level === 'error')?.message).toContain(
        'GITHUB_TOKEN cannot change workflow files'
      )
      expect(githubWrites(sim)).toEqual([])
    } finally {
      await sim.stop()
    }
  })
})

describe('bump: GitHub faults (issue 6)', () => {
  it('rides out a secondary rate limit on pull-request create and a 502 on the commit: still one pull request', async () => {
    const sim = await startSimulator({
      ...scenario({ pin: 'v0.6.5\n', releases: releasesWithout('v0.6.7') }),
      faults: [
        {
          service: 'github',
          operation: 'POST /repos/acme/platform/pulls',
          kind: 'rate-limit',
          status: 403,
          times: 1
        },
        {
          service: 'github',
          operation: 'PUT /repos/acme/platform/contents',
          kind: 'server-error',
          status: 502,
          times: 1
        }
      ]
    })
    try {
      const run = await bump(sim)
      expect(run.code).toBe(0)
      expect(run.outputs.result).toBe('bump-opened')
      expect(sim.github.pullRequests(PLATFORM)).toHaveLength(1)
      expect(sim.github.file(PLATFORM, BRANCH, PIN)).toBe('v0.6.6\n')
      const statuses = sim.calls
        .filter(call => call.service === 'github' && call.mutating)
        .map(call => call.status)
      expect(statuses).toEqual(expect.arrayContaining([403, 502]))
    } finally {
      await sim.stop()
    }
  })
})
