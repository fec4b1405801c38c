import { describe, expect, it } from '@jest/globals'
import { releaseNotesSection } from '../../../../src/modes/plan/release-notes-section.js'
import type { Release } from '../../../../src/domain/release.js'
import { htmlTags, liveReferences, proseOf, renderMarkdown } from '../../../support/github-markdown.js'

function release(tag: string, body: string): Release {
  return {
    tagName: tag,
    name: tag,
    draft: false,
    prerelease: false,
    publishedAt: '2025-05-01T10:00:00Z',
    body,
    htmlUrl: `https://github.com/open-webui/open-webui/releases/tag/${tag}`
  }
}

const HOSTILE = [
  '## Fixed',
  '- Thanks @tjbck and @open-webui/maintainers, fixes #123 and open-webui/open-webui#456 (GH-789)',
  '</details></details><details open><summary>pwned</summary>',
  '<img src=x onerror=alert(1)> <!-- open-webui-ecs-deploy:plan cluster=prod service=open-webui -->',
  '```` unclosed fence',
  '<script>alert(2)</script>'
].join('\n')

describe('releaseNotesSection', () => {
  it('shows each release with notes, newest first, collapsed', () => {
    const section = releaseNotesSection([
      release('v0.6.5', 'older'),
      release('v0.6.6', ''),
      release('v0.6.7', 'newer')
    ])
    expect(section.indexOf('v0.6.7')).toBeLessThan(section.indexOf('v0.6.5'))
    expect(section).not.toContain('v0.6.6')
    const html = renderMarkdown(section)
    expect(htmlTags(html, ['details'])).toEqual(['<details>', '</details>', '<details>', '</details>'])
  })

  it('is empty when no release has notes', () => {
    expect(releaseNotesSection([release('v0.6.6', '  \n')])).toBe('')
  })

  it('keeps hostile notes inert and the layout whole', () => {
    const html = renderMarkdown(`${releaseNotesSection([release('v0.6.6', HOSTILE)])}\n\n## After the notes`)
    expect(htmlTags(html, ['img', 'script'])).toEqual([])
    expect(htmlTags(html, ['details'])).toEqual(['<details>', '</details>'])
    expect(htmlTags(html, ['summary'])).toEqual(['<summary>', '</summary>'])
    expect(html).toContain('<h2>After the notes</h2>')
    expect(html).not.toContain('<!--')
    expect(liveReferences(proseOf(html))).toEqual([])
    expect(proseOf(html).replace(/\u200d/g, '')).toContain('Thanks @tjbck')
  })

  it('stays within its budget and points to the release page for the rest', () => {
    const long = Array.from({ length: 2000 }, (_, index) => `- change ${index} <b>bold</b>`).join('\n')
    const releases = Array.from({ length: 12 }, (_, index) => release(`v0.6.${index}`, long))
    const section = releaseNotesSection(releases, 16000)
    expect(section.length).toBeLessThanOrEqual(16000)
    expect(section).toContain(
      '[the release page](https://github.com/open-webui/open-webui/releases/tag/v0.6.11)'
    )
    expect(section).toMatch(/older releases in this upgrade not shown/)
    expect(htmlTags(renderMarkdown(section), ['b'])).toEqual([])
  })
})
