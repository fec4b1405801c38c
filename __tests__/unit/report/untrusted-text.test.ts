import { describe, expect, it } from '@jest/globals'
import {
  escapeInline,
  escapeTableCell,
  fencedBlock,
  inlineCode,
  neutralizeMarkdown,
  tableCellCode
} from '../../../src/report/untrusted-text.js'
import { CHANGELOG_EXCERPT } from '../../fixtures/open-webui-changelog.js'
import {
  foreignLinks,
  htmlTags,
  liveReferences,
  proseOf,
  renderMarkdown,
  renderWithAutolinks,
  tableShapes
} from '../../support/github-markdown.js'

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

  it('does not start a list, a heading, a quote or a rule when it begins a line', () => {
    for (const text of [
      '- item',
      '+ item',
      '1. item',
      '12) item',
      '# title',
      '> quote',
      '---',
      '***',
      '___'
    ]) {
      const html = renderMarkdown(escapeInline(text))
      expect(htmlTags(html, ['ul', 'ol', 'li', 'h1', 'blockquote', 'hr'])).toEqual([])
      expect(proseOf(html).trim()).toBe(text)
    }
  })

  it('keeps CR, LF and CRLF from starting new blocks', () => {
    const html = renderMarkdown(escapeInline('first\r\n# heading\r---\n> quote\n    code'))
    expect(htmlTags(html, ['h1', 'h2', 'hr', 'blockquote', 'pre'])).toEqual([])
    expect(html.match(/<p>/g)).toHaveLength(1)
  })

  it('stays a paragraph over a line of its own, and keeps a heading its closing hashes', () => {
    const underlined = renderMarkdown(`Status\n${escapeInline('===')}`)
    expect(htmlTags(underlined, ['h1', 'h2'])).toEqual([])
    expect(renderMarkdown(`## ${escapeInline('step #')}`)).toContain('<h2>step #</h2>')
  })

  it('leaves what GitHub gives no meaning to as typed, so pasted text reads well', () => {
    expect(escapeInline('prod/open-webui/database-url (migrator) DATABASE_URL a < b & c! -> d')).toBe(
      'prod/open-webui/database-url (migrator) DATABASE_URL a < b & c! -> d'
    )
    expect(escapeInline('_em_ __init__ a_b')).toBe('\\_em\\_ \\_\\_init\\_\\_ a_b')
  })

  it('drops bidi overrides and control characters', () => {
    expect(escapeInline('safe\u202Eexe.txt\u0000\u0007')).toBe('safeexe.txt')
  })

  it('sends github.com links through redirect.github.com so they stay links without a back-link', () => {
    const escaped = strip(escapeInline('https://github.com/open-webui/open-webui/issues/42'))
    expect(escaped).toContain('https://redirect.github.com/open-webui')
    expect(escapeInline('https://github.community/x')).toContain('github.community')
  })

  it('sends a www.github.com link without a scheme through redirect.github.com too', () => {
    const escaped = strip(escapeInline('see www.github.com/open-webui/open-webui/issues/42'))
    expect(escaped).toBe('see https://redirect.github.com/open-webui/open-webui/issues/42')
    expect(strip(neutralizeMarkdown('(www.github.com/o/r/pull/7)'))).toBe(
      '> (https://redirect.github.com/o/r/pull/7)'
    )
    expect(escapeInline('docs.www.github.company/x')).toContain('www.github.company')
  })

  it('strips U+2028, U+2029 and NEL, which some readers take for line breaks', () => {
    expect(escapeInline('a\u2028b\u2029c\u0085d')).toBe('abcd')
    expect(neutralizeMarkdown('a\u2028b\u2029c\u0085d')).toBe('> abcd')
  })

  it('neutralizes every mention form, teams included', () => {
    expect(escapeInline('@user')).toBe(`@${ZWJ}user`)
    expect(escapeInline('@org/team')).toBe(`@${ZWJ}org/team`)
    expect(escapeInline('(@user) x,@user')).toBe(`(@${ZWJ}user) x,@${ZWJ}user`)
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

  it('shows identifiers exactly, pipes and spaces at both ends included, with nothing escaped', () => {
    for (const text of [
      'DATABASE_URL',
      'prod/open-webui/database-url',
      'a|b',
      ' padded ',
      '`tick`',
      '<think>'
    ]) {
      const span = inlineCode(text)
      expect(span).not.toContain('\\')
      const code = /<code>(.*)<\/code>/.exec(renderMarkdown(`x ${span} y`))![1]
      expect(code.replace(/&lt;/g, '<').replace(/&gt;/g, '>')).toBe(text)
    }
  })

  it('is inert whatever the identifier holds', () => {
    const html = renderWithAutolinks(
      `Secret ${inlineCode('X</details><img src=x> @admin #12 [a](https://evil.example)')}`
    )
    expect(htmlTags(html, ['details', 'img', 'a'])).toEqual([])
    expect(liveReferences(proseOf(html))).toEqual([])
  })
})

describe('tableCellCode', () => {
  it('keeps the row to its columns and shows the pipe without a backslash', () => {
    const html = renderMarkdown(`| a | b |\n| --- | --- |\n| ${tableCellCode('x|y\\|z')} | last |\n`)
    expect(tableShapes(html)).toEqual([[2, 2]])
    expect(html).toContain('<code>x|y\\|z</code>')
    expect(html).toContain('<td>last</td>')
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

  it('shows code spans and top-level code blocks exactly as written', () => {
    const notes = 'Use `<think>` tags & `a && b`\n\n```html\n<details><img src=x> @user #12\n```'
    const quoted = neutralizeMarkdown(notes)
    expect(quoted).toContain('`<think>`')
    expect(quoted).toContain('> <details><img src=x> @user #12')
    const html = renderMarkdown(quoted)
    expect(html).toContain('<code>&lt;think&gt;</code>')
    expect(html).toContain('<code>a &amp;&amp; b</code>')
    expect(html).toContain('&lt;details&gt;&lt;img src=x&gt; @user #12')
    expect(htmlTags(html, ['img', 'details'])).toEqual([])
  })

  it('keeps look-alikes where GitHub could read the code differently', () => {
    // A code span with a pipe: in a table row GFM splits the cell first, and the span's text would be HTML.
    const table = renderMarkdown(neutralizeMarkdown('| a | b |\n| --- | --- |\n| `x|<img src=y>` | z |'))
    expect(htmlTags(table, ['img'])).toEqual([])
    // A backtick left open on one line may pair with the first one of the next line.
    const paired = renderMarkdown(neutralizeMarkdown('open `here\n`<img src=y>` tail'))
    expect(htmlTags(paired, ['img'])).toEqual([])
    // An indented fence may belong to a list item, which ends it at the first line that is not indented.
    const listed = renderMarkdown(neutralizeMarkdown('- a\n\n  ```\n  code\n<img src=y>\n  ```'))
    expect(htmlTags(listed, ['img'])).toEqual([])
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

  it('makes links and images to other hosts inert, keeping GitHub and Open WebUI ones', () => {
    const notes = [
      '- [docs](https://docs.openwebui.com/features) and [PR](https://github.com/open-webui/open-webui/pull/1)',
      '- [click](https://evil.example/x) ![pixel](https://evil.example/p.png) [`code` text](http://github.com/x)',
      '- [spoof](https://github.com.evil.example/) [at](https://github.com@evil.example/) [js](javascript:alert(1))',
      '- [ref][1] and [relative](/settings) and ![shot](https://user-images.githubusercontent.com/1/a.png)',
      '',
      '[1]: https://evil.example/ref',
      '[multi',
      'line]:',
      '  https://evil.example/next-line'
    ].join('\n')
    const html = renderWithAutolinks(neutralizeMarkdown(notes))
    expect(foreignLinks(html)).toEqual([])
    // Only the two links to GitHub and the Open WebUI site keep text of their own; GitHub may still link a
    // bare URL, which shows where it leads.
    const named = [...html.matchAll(/<a href="([^"]*)">([^<]*)</g)]
      .filter(([, href, text]) => href !== text)
      .map(([, href, text]) => `${text} ${href}`)
    expect(named).toEqual([
      'docs https://docs.openwebui.com/features',
      'PR https://redirect.github.com/open-webui/open-webui/pull/1'
    ])
    expect(html).toContain('<img src="https://user-images.githubusercontent.com/1/a.png" alt="shot">')
    expect(html).toContain('[click](')
  })

  it('keeps a link inert where a code span may be read differently', () => {
    const html = renderWithAutolinks(neutralizeMarkdown('open `here\n`[x](https://evil.example)` tail'))
    expect(foreignLinks(html)).toEqual([])
  })

  it('escapes only the `&` and `<` that could start an entity or a tag, and a `>` that starts a line', () => {
    expect(neutralizeMarkdown('a < b && c -> d &amp; <b> &#64;x')).toBe(
      `> a < b && c -> d &amp;amp; &lt;b> &amp;#${ZWJ}64;x`
    )
    const html = renderMarkdown(neutralizeMarkdown('> nested\n  > indented'))
    expect(htmlTags(html, ['blockquote'])).toEqual(['<blockquote>', '</blockquote>'])
  })

  it('turns backslash-escaped brackets into entities, not stray backslashes', () => {
    expect(neutralizeMarkdown('a \\<b\\> c')).toBe('> a &lt;b&gt; c')
  })
})

describe('neutralizeMarkdown on the real Open WebUI CHANGELOG (v0.9.1 to v0.10.1)', () => {
  const codeOf = (html: string) => [...html.matchAll(/<code>([^<]*)<\/code>/g)].map(match => match[1])

  it('shows every code span exactly as GitHub would show it unsanitised, `<think>` included', () => {
    const original = renderMarkdown(CHANGELOG_EXCERPT)
    const html = renderMarkdown(neutralizeMarkdown(CHANGELOG_EXCERPT))
    expect(codeOf(original).length).toBeGreaterThan(50)
    expect(codeOf(html)).toEqual(codeOf(original))
    expect(html).toContain('<code>&lt;think&gt;</code>')
    expect(html).not.toContain('\u02c2')
  })

  it('leaves no mention, back-link or HTML of its own', () => {
    const html = renderMarkdown(neutralizeMarkdown(CHANGELOG_EXCERPT))
    expect(liveReferences(proseOf(html))).toEqual([])
    expect(htmlTags(html, ['img', 'script', 'details', 'summary', 'iframe'])).toEqual([])
    expect(html).not.toContain('href="https://github.com')
  })
})
