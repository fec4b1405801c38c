import { describe, expect, it } from '@jest/globals'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  findChromium,
  frameLabel,
  layoutProblems,
  pngSize,
  renderDocs,
  renderMarkdownPage,
  WINDOW_WIDTH
} from '../../../scripts/render-docs.js'

/** HTML rendering only: CI has no browser, and the PNGs are taken by hand with `npm run docs:render`. */

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/docs')
const planComment = readFileSync(path.join(FIXTURES, 'plan-comment.md'), 'utf8')
const jobSummary = readFileSync(path.join(FIXTURES, 'job-summary.md'), 'utf8')

describe('renderMarkdownPage', () => {
  const html = renderMarkdownPage(planComment, {
    title: 'plan-comment',
    label: 'github-actions[bot] commented'
  })

  it('is a standalone page: CSS inline, no script, nothing fetched', () => {
    expect(html).toMatch(/^<!doctype html>/)
    expect(html).toContain('<style>')
    expect(html).toContain('.markdown-body')
    expect(html).toContain('.markdown-alert')
    expect(html).not.toMatch(/<script|<link|<img|@import|src=/i)
    expect(html).not.toMatch(/url\(\s*['"]?(https?:)?\/\//i)
    expect(html).toContain('<div class="frame-header">github-actions[bot] commented</div>')
  })

  it('renders GitHub markdown: tables, alerts, details, sub', () => {
    expect(html).toContain('<th>Check</th>')
    expect(html).toContain('<td>✅ OK</td>')
    expect(html).toContain('markdown-alert-note')
    expect(html).toContain('<details><summary>Task definition diff (running → rendered)</summary>')
    expect(html).toContain('<sub>Plan hash <code>sha256:5d1e0c')
    // Hidden markers stay hidden, as on GitHub.
    expect(html).toContain('<!-- plan-hash: sha256:5d1e0c')
  })

  it('keeps escaped untrusted text as text', () => {
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).not.toContain('<script>alert')
    expect(html).toContain('open-webui on prod')
    expect(html).not.toContain('open\\-webui')
  })

  it('colours the lines of a diff block and escapes them', () => {
    expect(html).toMatch(
      /<span class="diff-removed">-\s+&quot;image&quot;: &quot;ghcr.io\/open-webui\/open-webui:v0.6.41/
    )
    expect(html).toMatch(
      /<span class="diff-added">\+\s+\{ &quot;name&quot;: &quot;ENABLE_DB_MIGRATIONS&quot;/
    )
    expect(html).toMatch(/\n\s+&quot;name&quot;: &quot;open-webui&quot;,\n/)
  })

  it('opens collapsed sections on request', () => {
    const open = renderMarkdownPage(planComment, { title: 'p', openDetails: true })
    expect(open).toContain('<details open><summary>Task definition diff')
    expect(html).not.toContain('<details open')
  })

  it('renders the job summary with its warning alert and links', () => {
    const summary = renderMarkdownPage(jobSummary, { title: 'job-summary' })
    expect(summary).toContain('markdown-alert-warning')
    expect(summary).toContain('<a href="https://chat.example.com/health">')
    expect(summary).toContain('<title>job-summary</title>')
  })
})

describe('renderDocs', () => {
  it('writes NAME.html for each input and no PNG without a browser', () => {
    const outDir = mkdtempSync(path.join(tmpdir(), 'render-docs-test-'))
    const inputs = [path.join(FIXTURES, 'job-summary.md'), path.join(FIXTURES, 'plan-comment.md')]
    const rendered = renderDocs(inputs, { outDir })
    expect(rendered.map(doc => path.basename(doc.html))).toEqual(['job-summary.html', 'plan-comment.html'])
    expect(rendered.every(doc => doc.png === undefined)).toBe(true)
    expect(readFileSync(path.join(outDir, 'job-summary.html'), 'utf8')).toContain('deploy summary')
    expect(existsSync(path.join(outDir, 'job-summary.png'))).toBe(false)
  })

  it('labels frames the way github.com does', () => {
    expect(frameLabel('plan-comment')).toBe('github-actions[bot] commented')
    expect(frameLabel('job-summary')).toBe('deploy summary')
    expect(frameLabel('other')).toBe('other')
  })

  it('reads a PNG’s size from its header: the README screenshots are as wide as the window', () => {
    const root = path.resolve(FIXTURES, '../../..')
    for (const name of ['job-summary.png', 'plan-comment.png']) {
      const size = pngSize(readFileSync(path.join(root, 'docs/rendered', name)))
      expect(size?.width).toBe(WINDOW_WIDTH)
      expect(size!.height).toBeGreaterThan(1000)
    }
    expect(pngSize(Buffer.from('not a png at all, but long enough'))).toBeUndefined()
  })

  // The headless-browser check itself runs in `npm run docs:render` (and so in .ci/run) wherever Chromium is.
  const chromium = findChromium()
  ;(chromium ? it : it.skip)(
    'the layout check sees what a PNG would cut off, and passes the wrapped digests',
    () => {
      const digest = `sha256:${'0123456789abcdef'.repeat(4)}`
      const wrapped = renderMarkdownPage(
        `| Image | \`ghcr.io/open-webui/open-webui:v0.6.6\`<br>\`@${digest}\` |\n|---|---|\n| Digest | ${digest}${digest} |\n`,
        { title: 'wrapped' }
      )
      expect(layoutProblems(chromium!, wrapped)).toEqual([])
      const wide = renderMarkdownPage(`<div style="width: 3000px">too wide</div>\n`, { title: 'wide' })
      expect(layoutProblems(chromium!, wide)).toEqual([expect.stringMatching(/^div 3000 px wide: too wide/)])
    }
  )

  it('finds no browser where CHROMIUM points at nothing', () => {
    expect(findChromium({ CHROMIUM: '/nonexistent/chromium' })).toBeUndefined()
  })
})
