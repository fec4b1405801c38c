import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startSimulator, type Simulator } from '../../simulator/src/index.js'
import { changelogReleases } from '../fixtures/open-webui-changelog.js'
import {
  daysAgo,
  registryTags,
  releaseFiles,
  releaseHistory,
  RELEASE_REPOSITORY
} from '../fixtures/open-webui.js'
import {
  foreignLinks,
  htmlTags,
  liveReferences,
  proseOf,
  renderMarkdown,
  renderWithAutolinks
} from '../support/github-markdown.js'
import { runAction, type ActionRun } from './harness.js'

/**
 * mode: bump, with the real release notes of Open WebUI (v0.9.3 and v0.9.2 from the recorded CHANGELOG) as the
 * bodies of the simulated v0.6.6 and v0.6.7 releases, and a hostile paragraph added to the newest. The pull
 * request body shows the code spans exactly (`<think>` stays `<think>`), and nothing outside code can mention,
 * back-link, add HTML, link elsewhere behind its own text, break out of the release's `<details>` or forge the
 * bump marker; no line can start a workflow command.
 */

const PLATFORM = 'acme/platform'
const PIN = 'deploy/open-webui/version'
const MARKER = '<!-- open-webui-ecs-deploy:bump -->'

const HOSTILE = [
  '',
  '## Thanks',
  '',
  'Thanks @tjbck and @open-webui/maintainers, fixes #123, open-webui/open-webui#9 and GH-77.',
  '</details></summary><img src=x onerror=alert(1)> <script>alert(2)</script> <iframe src=https://evil.example>',
  '[Sign in again](https://evil.example/login) ![status](https://evil.example/pixel.png) [again][login]',
  '',
  '[login]: https://evil.example/ref',
  '',
  '::error title=forged::from the release notes',
  '::add-mask::nothing',
  MARKER,
  'In code it stays as written: `</details>`, `@tjbck`, `#123` and ``a `tick` b``.'
].join('\n')

const notes = Object.fromEntries(changelogReleases().map(release => [release.tagName, release.body]))

const codeOf = (html: string) => [...html.matchAll(/<code>([^<]*)<\/code>/g)].map(match => match[1])

describe('bump: the pull request body built from real release notes', () => {
  let sim: Simulator
  let run: ActionRun
  let body: string
  beforeAll(async () => {
    const releases = releaseHistory()
      .filter(release => release.tag !== 'v0.6.7')
      .map(release => (release.tag === 'v0.6.6' ? { ...release, body: notes['v0.9.3'] } : release))
    releases.push({ tag: 'v0.6.7', publishedAt: daysAgo(3), body: `${notes['v0.9.2']}\n${HOSTILE}` })
    sim = await startSimulator({
      github: {
        repositories: {
          [RELEASE_REPOSITORY]: { releases, files: releaseFiles() },
          [PLATFORM]: { files: { main: { [PIN]: 'v0.6.5\n' } } }
        }
      },
      registry: { repositories: registryTags() }
    })
    run = await runAction({
      simulatorEnv: sim.env,
      inputs: { mode: 'bump', 'version-file': PIN, image: `${sim.registryHost}/open-webui/open-webui` }
    })
    body = sim.github.pullRequests(PLATFORM)[0]?.body ?? ''
  })
  afterAll(() => sim.stop())

  it('opens the pull request with both releases in full', () => {
    expect(run.code).toBe(0)
    expect(run.outputs.result).toBe('bump-opened')
    expect(body).toContain('### Release notes (2 releases)')
    expect(body).not.toContain('were cut')
  })

  it('shows every code span of the real notes exactly, `<think>` included', () => {
    const html = renderMarkdown(body)
    const shown = codeOf(html)
    const original = [...codeOf(renderMarkdown(notes['v0.9.3'])), ...codeOf(renderMarkdown(notes['v0.9.2']))]
    expect(original.length).toBeGreaterThan(20)
    for (const code of original) expect(shown).toContain(code)
    expect(body).toContain('`<think>`')
    expect(html).toContain('<code>&lt;think&gt;</code>')
    expect(html).toContain('<code>&lt;/details&gt;</code>')
    expect(html).toContain('<code>@tjbck</code>')
    expect(html).toContain('<code>a `tick` b</code>')
    expect(body).not.toMatch(/[\u02c2\u02c3]/)
  })

  it('leaves no mention, back-link, HTML, foreign link, break-out or forged marker outside code', () => {
    const html = renderWithAutolinks(body)
    // The hostile paragraph is there, as text a reader can still read.
    expect(proseOf(html).replace(/\u200d/g, '')).toContain(
      'Thanks @tjbck and @open-webui/maintainers, fixes #123'
    )
    expect(proseOf(html)).toContain('[Sign in again](')
    expect(liveReferences(proseOf(html))).toEqual([])
    expect(htmlTags(html, ['img', 'script', 'iframe'])).toEqual([])
    // Only the action's own two collapsible sections, each with its summary.
    expect(htmlTags(html, ['details'])).toEqual(['<details open>', '</details>', '<details>', '</details>'])
    expect(htmlTags(html, ['summary'])).toHaveLength(4)
    expect(foreignLinks(html)).toEqual([])
    expect(html).not.toContain('>Sign in again</a>')
    expect(body.split(MARKER)).toHaveLength(2)
    expect(html.match(/<!--/g)).toEqual(['<!--']) // the action's own marker, first in the body
    expect(body.trimEnd().endsWith('</sub>')).toBe(true)
  })

  it('starts no workflow command, in the body or in the job log', () => {
    expect(body.split('\n').filter(line => line.trimStart().startsWith('::'))).toEqual([])
    expect(run.stdout).not.toContain('forged')
    expect(run.stdout).not.toMatch(/^::add-mask::nothing/m)
  })
})
