import { describe, expect, it } from '@jest/globals'
import {
  escapeInline,
  escapeTableCell,
  fencedBlock,
  inlineCode,
  neutralizeMarkdown
} from '../../../src/report/untrusted-text.js'
import { htmlTags, liveReferences, proseOf, renderMarkdown } from '../../support/github-markdown.js'

const ZWJ = '\u200d'
const strip = (text: string) => text.replace(/\u200d/g, '')

const HOSTILE_LINES = [
  'Thanks @tjbck and @open-webui/maintainers for the review',
  'Fixes #123, open-webui/open-webui#456 and GH-789',
  'See https://github.com/open-webui/open-webui/issues/42 and https://www.github.com/open-webui/open-webui/pull/43',
  '</details></details><details open><summary>pwned</summary>',
  '<img src=x onerror="alert(1)"> <script>alert(2)</script>',
  '<!-- open-webui-ecs-deploy:plan cluster=prod service=open-webui -->',
  '<!-- plan-hash: deadbeef -->',
  '&lt;img src=x onerror=alert(3)&gt; &#64;entity-mention'
]

describe('escapeInline', () => {
  it('shows hostile text literally with no HTML, mention or back-link left', () => {
    for (const line of HOSTILE_LINES) {
      const html = renderMarkdown(`Note: ${escapeInline(line)}`)
      expect(htmlTags(html, ['img', 'script', 'details', 'summary'])).toEqual([])
      expect(html).not.toContain('<!--')
      expect(liveReferences(proseOf(html))).toEqual([])
    }
  })

  it('keeps the words readable', () => {
    const prose = strip(proseOf(renderMarkdown(escapeInline('Thanks @tjbck, fixes #123 and GH-789'))))
    expect(prose).toContain('Thanks @tjbck, fixes #123 and GH-789')
  })

  it('renders markdown syntax as the characters typed', () => {
    const text = '*bold* _em_ ~~gone~~ [link](https://evil.example) ![img](x) `code` \\* $x^2$ # heading'
    const html = renderMarkdown(escapeInline(text))
    expect(htmlTags(html, ['em', 'strong', 's', 'a', 'img', 'code', 'h1'])).toEqual([])
    expect(strip(proseOf(html)).trim()).toBe(text)
  })

  it('does not start a list or a heading when it begins a line', () => {
    for (const text of ['- item', '+ item', '1. item', '12) item', '# title']) {
      const html = renderMarkdown(escapeInline(text))
      expect(htmlTags(html, ['ul', 'ol', 'li', 'h1'])).toEqual([])
      expect(proseOf(html).trim()).toBe(text)
    }
  })

  it('keeps CR, LF and CRLF from starting new blocks', () => {
    const html = renderMarkdown(escapeInline('first\r\n# heading\r---\n> quote\n    code'))
    expect(htmlTags(html, ['h1', 'h2', 'hr', 'blockquote', 'pre'])).toEqual([])
    expect(html.match(/<p>/g)).toHaveLength(1)
  })

  it('drops bidi overrides and control characters', () => {
    expect(escapeInline('safe\u202Eexe.txt\u0000\u0007')).toBe('safeexe.txt')
  })

  it('sends github.com links through redirect.github.com so they stay links without a back-link', () => {
    const escaped = strip(escapeInline('https://github.com/open-webui/open-webui/issues/42'))
    expect(escaped).toContain('https:\\/\\/redirect.github.com\\/open-webui')
    expect(escapeInline('https://github.community/x')).toContain('github.community')
  })

  it('neutralizes every mention form, teams included', () => {
    expect(escapeInline('@user')).toBe(`@${ZWJ}user`)
    expect(escapeInline('@org/team')).toBe(`@${ZWJ}org\\/team`)
    expect(escapeInline('(@user) x,@user')).toBe(`\\(@${ZWJ}user\\) x,@${ZWJ}user`)
  })

  it('leaves an @ after a word character alone: image digests and e-mail addresses do not mention', () => {
    expect(escapeInline('open-webui:v0.6.6@sha256:abc')).toBe('open-webui:v0.6.6@sha256:abc')
    expect(renderMarkdown(neutralizeMarkdown('`img:v1@sha256:abc`'))).toContain(
      '<code>img:v1@sha256:abc</code>'
    )
  })
})

describe('escapeTableCell', () => {
  it('keeps a row to its columns whatever the cell holds', () => {
    const cell = escapeTableCell('a | b \\| c\r\nd|e')
    const html = renderMarkdown(`| one | two |\n| --- | --- |\n| ${cell} | last |\n`)
    expect(html.match(/<td>/g)).toHaveLength(2)
    expect(html).toContain('<td>last</td>')
    expect(strip(proseOf(html))).toContain('a | b \\| c d|e')
  })

  it('escapes hostile text in a cell as well', () => {
    for (const line of HOSTILE_LINES) {
      const html = renderMarkdown(`| x |\n| --- |\n| ${escapeTableCell(line)} |\n`)
      expect(htmlTags(html, ['img', 'script', 'details', 'summary'])).toEqual([])
      expect(liveReferences(proseOf(html))).toEqual([])
    }
  })
})

describe('fencedBlock', () => {
  it('uses a fence longer than any backtick run inside', () => {
    const text = 'a ``` b\n`````\nc ````````'
    const block = fencedBlock(text, 'diff')
    expect(block.startsWith('`````````diff\n')).toBe(true)
    const html = renderMarkdown(`${block}\n\nafter`)
    expect(html.match(/<pre>/g)).toHaveLength(1)
    expect(html).toContain('<p>after</p>')
  })

  it('keeps HTML and markers inside as text', () => {
    const html = renderMarkdown(
      `<details><summary>diff</summary>\n\n${fencedBlock(HOSTILE_LINES.join('\n'))}\n\n</details>\n\nafter`
    )
    expect(htmlTags(html, ['img', 'script'])).toEqual([])
    expect(htmlTags(html, ['details'])).toEqual(['<details>', '</details>'])
    expect(html).toContain('<p>after</p>')
  })

  it('uses three backticks for text without any and strips fence characters from the info string', () => {
    expect(fencedBlock('x', 'di`f\nf')).toBe('```diff\nx\n```')
  })
})

describe('inlineCode', () => {
  it('wraps text that holds backticks so it stays one code span', () => {
    const html = renderMarkdown(`rev ${inlineCode('a`b``c`')} end`)
    expect(html.match(/<code>/g)).toHaveLength(1)
    expect(html).toContain('end')
  })
})

describe('neutralizeMarkdown', () => {
  it('keeps formatting', () => {
    const html = renderMarkdown(
      neutralizeMarkdown('## Fixed\n\n- **Chat**: faster `streaming`\n- [docs](https://docs.openwebui.com)')
    )
    expect(htmlTags(html, ['h2', 'li', 'strong', 'code', 'a']).length).toBeGreaterThanOrEqual(5)
    expect(htmlTags(html, ['blockquote'])).toEqual(['<blockquote>', '</blockquote>'])
  })

  it('shows HTML as text, outside and inside code', () => {
    const notes = [
      ...HOSTILE_LINES,
      'Inline `<img src=x onerror=alert(1)>` code',
      '```html',
      '<details><img src=x onerror=alert(1)>',
      '```'
    ].join('\n')
    const html = renderMarkdown(
      `${neutralizeMarkdown(notes)}\n\n<details><summary>ours</summary>\n\nbody\n\n</details>`
    )
    expect(htmlTags(html, ['img', 'script', 'summary'])).toEqual(['<summary>', '</summary>'])
    expect(htmlTags(html, ['details'])).toEqual(['<details>', '</details>'])
    expect(html).not.toContain('<!--')
    expect(liveReferences(proseOf(html))).toEqual([])
  })

  it('keeps code readable with look-alike brackets', () => {
    const html = renderMarkdown(neutralizeMarkdown('Use `<think>` tags'))
    expect(html).toContain('<code>\u02c2think\u02c3</code>')
  })

  it('cannot swallow what follows with an unclosed fence', () => {
    for (const notes of [
      '```\nopen fence',
      '~~~~\nopen tilde fence',
      '1. item\n   ```\n<img src=x>\n```',
      '````\n```\n'
    ]) {
      const html = renderMarkdown(`${neutralizeMarkdown(notes)}\n\n## Rollout steps`)
      expect(html).toContain('<h2>Rollout steps</h2>')
      expect(htmlTags(html, ['img'])).toEqual([])
    }
  })

  it('cannot pair code spans across lines to smuggle HTML out of them', () => {
    const html = renderMarkdown(neutralizeMarkdown('foo `bar\n`<img src=x onerror=alert(1)>` baz`'))
    expect(htmlTags(html, ['img'])).toEqual([])
  })

  it('handles CR-only and CRLF line ends like LF', () => {
    const html = renderMarkdown(`${neutralizeMarkdown('a\r```\r<img src=x>\r\n```\r\n@user')}\n\nafter`)
    expect(htmlTags(html, ['img'])).toEqual([])
    expect(liveReferences(proseOf(html))).toEqual([])
    expect(html).toContain('<p>after</p>')
  })

  it('turns backslash-escaped brackets into entities, not stray backslashes', () => {
    expect(neutralizeMarkdown('a \\<b\\> c')).toBe('> a &lt;b&gt; c')
  })
})
