import { describe, expect, it } from '@jest/globals'
import { BUMP_MARKER } from '../../../src/bump/bump-conventions.js'
import {
  PULL_REQUEST_BODY_LIMIT,
  renderBumpBody,
  type BumpDescription
} from '../../../src/bump/pull-request-body.js'
import { bodyLength, cutToLength } from '../../../src/bump/release-notes.js'
import type { Release } from '../../../src/domain/release.js'
import { changelogReleases } from '../../fixtures/open-webui-changelog.js'
import { htmlTags, renderMarkdown } from '../../support/github-markdown.js'
import { publishedRelease } from '../../fixtures/releases.js'

const NOW = Date.parse('2025-06-20T12:00:00Z')
const DIGEST = `sha256:${'c'.repeat(64)}`

function release(tag: string, daysAgo: number, body = `Notes of ${tag}.`): Release {
  return publishedRelease(tag, { now: NOW, ageDays: daysAgo }, { body })
}

function description(overrides: Partial<BumpDescription> = {}): BumpDescription {
  const range = [release('v0.6.6', 10), release('v0.6.7', 3)]
  return {
    pinPath: 'deploy/open-webui.version',
    current: {
      version: '0.6.5',
      image: 'ghcr.io/open-webui/open-webui:v0.6.5',
      release: release('v0.6.5', 20)
    },
    target: {
      version: '0.6.7',
      image: `ghcr.io/open-webui/open-webui:v0.6.7@${DIGEST}`,
      digest: DIGEST,
      release: range[1]
    },
    range,
    migrations: {
      status: 'true',
      newRevisions: ['9f0c9cd09105_add_note_table.py'],
      reason: 'compared v0.6.5 and v0.6.7'
    },
    releaseRepositoryUrl: 'https://github.com/open-webui/open-webui',
    now: NOW,
    ...overrides
  }
}

describe('renderBumpBody', () => {
  it('starts with the hidden marker and has the current -> new table', () => {
    const body = renderBumpBody(description())
    expect(body.startsWith(BUMP_MARKER)).toBe(true)
    expect(body).toContain('from **v0.6.5** to **v0.6.7** in `deploy/open-webui.version`')
    expect(body).toContain(
      '| Version | [v0.6.5](https://github.com/open-webui/open-webui/releases/tag/v0.6.5) | [v0.6.7](https://github.com/open-webui/open-webui/releases/tag/v0.6.7) |'
    )
    expect(body).toContain('| Released | 2025-05-31 (20 days ago) | 2025-06-17 (3 days ago) |')
    expect(body).toContain(`| Digest | – | \`${DIGEST}\` |`)
  })

  it('says the range adds migrations and so an outage, naming the revisions', () => {
    const body = renderBumpBody(description())
    expect(body).toContain('**Adds database migrations**: `9f0c9cd09105_add_note_table.py`')
    expect(body).toMatch(/short outage/)
    const none = renderBumpBody(
      description({ migrations: { status: 'false', newRevisions: [], reason: 'no new revisions' } })
    )
    expect(none).toContain('**No database migrations**')
    expect(none).not.toMatch(/outage while/)
  })

  it('lists every release of the range, newest first', () => {
    const body = renderBumpBody(description())
    expect(body).toContain('### Release notes (2 releases)')
    expect(body.indexOf('Notes of v0.6.7.')).toBeGreaterThan(0)
    expect(body.indexOf('Notes of v0.6.7.')).toBeLessThan(body.indexOf('Notes of v0.6.6.'))
  })

  it('neutralises hostile release notes: mentions, back-links, HTML, a forged marker, an open fence', () => {
    const hostile = [
      'Thanks @tjbck and @open-webui/maintainers! Fixes #1234 and open-webui/open-webui#99, GH-12.',
      'See https://github.com/open-webui/open-webui/issues/77',
      '</details></summary><img src=x onerror=alert(1)>',
      BUMP_MARKER,
      '````',
      'never closed'
    ].join('\n')
    const range = [release('v0.6.6', 10, hostile), release('v0.6.7', 3, 'After the fence.')]
    const body = renderBumpBody(description({ range }))
    expect(body).not.toMatch(/@tjbck|@open-webui\/maintainers/)
    expect(body).not.toMatch(/#1234|open-webui#99|GH-12\b/)
    expect(body).not.toContain('https://github.com/open-webui/open-webui/issues/77')
    expect(body).not.toMatch(/<img|<\/details><\/summary>/)
    expect(body.split(BUMP_MARKER)).toHaveLength(2)
    // The footer after the notes is still outside any code block: the unclosed fence stayed inside its quote.
    expect(body.trimEnd().endsWith('</sub>')).toBe(true)
  })

  it("cuts release notes to GitHub's 65,536 characters with a link to the releases page", () => {
    const huge = Array.from({ length: 40 }, (_, index) =>
      release(`v0.6.${index + 6}`, 40 - index, '😀 long line\n'.repeat(400))
    )
    const body = renderBumpBody(
      description({ range: huge, target: { ...description().target, version: '0.6.45', release: huge[39] } })
    )
    expect(body.length).toBeLessThanOrEqual(PULL_REQUEST_BODY_LIMIT)
    expect(Array.from(body).length).toBeLessThanOrEqual(PULL_REQUEST_BODY_LIMIT)
    expect(body).toContain('[releases page](https://github.com/open-webui/open-webui/releases)')
    expect(body).toContain('v0.6.45')
    expect(body).not.toMatch(/\uD83D(?![\uDE00-\uDEFF])/)
  })

  it('does not cut when everything fits', () => {
    const body = renderBumpBody(description())
    expect(body).not.toContain('were cut')
  })

  it('keeps to a smaller limit too, cutting inside one release', () => {
    const range = [release('v0.6.6', 10, 'x'.repeat(5000))]
    const body = renderBumpBody(description({ range, maxLength: 3000 }))
    expect(bodyLength(body)).toBeLessThanOrEqual(3000)
    expect(body).toContain('…')
    expect(body).toContain('were cut')
  })

  it('fits the real CHANGELOG (v0.9.1 to v0.10.1, emoji throughout) under both ways of counting', () => {
    const range = changelogReleases()
    expect(range.map(entry => entry.tagName)).toEqual([
      'v0.9.1',
      'v0.9.2',
      'v0.9.3',
      'v0.9.4',
      'v0.9.5',
      'v0.9.6',
      'v0.10.0',
      'v0.10.1'
    ])
    const notes = range.map(entry => entry.body).join('')
    // The recorded notes are over the limit, and carry astral-plane characters (two UTF-16 units each).
    expect(notes.length).toBeGreaterThan(PULL_REQUEST_BODY_LIMIT)
    expect(notes.length - Array.from(notes).length).toBeGreaterThan(300)
    const body = renderBumpBody(
      description({
        range,
        current: { version: '0.9.0', image: 'ghcr.io/open-webui/open-webui:v0.9.0' },
        target: { ...description().target, version: '0.10.1', release: range[range.length - 1]! }
      })
    )
    const utf16 = body.length
    const codePoints = Array.from(body).length
    expect(utf16).toBeLessThanOrEqual(PULL_REQUEST_BODY_LIMIT)
    expect(codePoints).toBeLessThanOrEqual(PULL_REQUEST_BODY_LIMIT)
    expect(utf16).toBeGreaterThan(codePoints) // the emoji survived, and were counted twice
    expect(utf16).toBeGreaterThan(PULL_REQUEST_BODY_LIMIT - 2000) // cut close to the limit, not far below
    expect(body).toContain('were cut')
    expect(body).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/)
  })

  it('never cuts the notes where a code span shown verbatim would be left open', () => {
    // Wherever the cut falls, a backtick without its closing one must not turn the code after it into HTML.
    const notes = Array.from({ length: 100 }, (_, index) => `- ${index}: \`<img src=x onerror=alert(1)>\` ok`)
    const range = [release('v0.6.6', 10, notes.join(' '))]
    for (let maxLength = 2500; maxLength < 5000; maxLength += 37) {
      const body = renderBumpBody(description({ range, maxLength }))
      expect(bodyLength(body)).toBeLessThanOrEqual(maxLength)
      expect(body).toContain('…')
      const html = renderMarkdown(body)
      expect(htmlTags(html, ['img'])).toEqual([])
      expect(html).toContain('<code>&lt;img src=x onerror=alert(1)&gt;</code>')
    }
  })

  it('cuts by UTF-16 units without splitting an emoji', () => {
    expect(cutToLength('ab😀cd', 3)).toBe('ab')
    expect(cutToLength('ab😀cd', 4)).toBe('ab😀')
    expect(cutToLength('ab', 5)).toBe('ab')
    expect(bodyLength('😀')).toBe(2)
  })
})
