/**
 * Untrusted text (release notes, service events, stopped reasons, task-definition strings) goes into job
 * summaries, PR comments and PR bodies. GitHub renders those as markdown with HTML, turns `@user` and
 * `@org/team` into notifications and `#123`, `owner/repo#123`, `GH-123` and pasted issue URLs into back-links
 * on the upstream issue. A zero-width joiner after `@` and `#` keeps the text readable and inert, as Renovate
 * and Dependabot do; github.com links go through redirect.github.com, which GitHub made for exactly this.
 */
const ZWJ = '\u200d'

/**
 * C0/C1 controls (tab and newlines aside; NEL is C1), the Unicode line and paragraph separators (U+2028, U+2029:
 * a line break to some readers and none to others) and bidi overrides, which can make text read differently
 * than it is.
 */
const INVISIBLE_CONTROLS =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

function neutralizeReferences(text: string): string {
  return (
    text
      // GitHub mentions only after a non-word character: `image:v1@sha256:…` stays intact for copy and paste.
      .replace(/(^|[^A-Za-z0-9_])@(?=[A-Za-z0-9_-])/g, `$1@${ZWJ}`)
      .replace(/#(?=\d)/g, `#${ZWJ}`)
      .replace(/\b(GH-)(?=\d)/gi, `$1${ZWJ}`)
      .replace(/\b(https?:\/\/)(?:www\.)?github\.com(?=[/:]|$)/gi, '$1redirect.github.com')
      // GitHub links `www.` without a scheme too: the same redirect, with the scheme that keeps it a link.
      .replace(/(^|[^\w./:@-])www\.github\.com(?=[/:]|$)/gi, '$1https://redirect.github.com')
  )
}

/**
 * HTML made inert with as few entities as that takes: a `<` only where a tag, comment or autolink could start
 * (a letter, `/`, `!` or `?` follows) and an `&` only where it would start an entity (`&lt;`, `&#64;`); at the
 * end of the text both are escaped too, as whatever the caller writes next could complete them. `a < b && c`
 * stays as it is. A `>` means something only where it starts a line (a quote): the callers handle that.
 */
function escapeHtml(text: string): string {
  return text.replace(/&(?=#?[A-Za-z0-9]+;|$)/g, '&amp;').replace(/<(?=[A-Za-z/!?]|$)/g, '&lt;')
}

/**
 * The hosts whose links and images may stay links: GitHub's own and the Open WebUI project's site. Anything
 * else (another host, a relative or `javascript:` target) could hide where it leads behind its text, or show
 * someone's image as if it were ours, so its brackets are escaped: the text reads as typed, and a bare URL is
 * still shown (and linked by GitHub) as itself.
 */
const LINKED_HOST =
  /^<?https:\/\/(?:[A-Za-z0-9-]+\.)*(?:github\.com|githubusercontent\.com|openwebui\.com)(?=[/?#)>\s])/i

/**
 * Each `](` (an inline link or image) and `]:` (a link reference definition) whose target is not on a linked
 * host, with `replacement` instead of the `]`, so that no link or image can form there.
 */
function breakForeignLinks(text: string, replacement: string): string {
  return text.replace(/\](?=[(:])/g, (bracket, offset: number) =>
    LINKED_HOST.test(text.slice(offset + 2).trimStart()) ? bracket : replacement
  )
}

/**
 * Plain text shown literally inside markdown, on one line: no formatting, no HTML, no link, mention or
 * back-link. Safe in table cells too (pipes are escaped).
 */
export function escapeInline(text: string): string {
  const oneLine = neutralizeReferences(text.replace(INVISIBLE_CONTROLS, '').replace(/(\r\n|\r|\n)+/g, ' '))
  // Only what GitHub gives a meaning to here, so the raw markdown still reads well where people paste it:
  // HTML (see escapeHtml), code, emphasis and strikethrough, link brackets, math, table pipes and the escape
  // itself; `_` only where it can open or close emphasis (not inside `DATABASE_URL`); a quote `>`, a heading
  // `#`, a list marker or a rule only where a line starts, and a heading's closing `#` at the end.
  // `/`, `(`, `)` and `!` mean nothing without the characters escaped here.
  return escapeHtml(oneLine)
    .replace(/[\\`*[\]|~$]/g, character => `\\${character}`)
    .replace(/(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, '\\_')
    .replace(/^(\s*)>/, '$1&gt;')
    .replace(/^(\s*)#(?=#{0,5}(\s|$))/, '$1\\#')
    .replace(/(\s)#(?=#*\s*$)/, '$1\\#')
    .replace(/^(\s*)([-+])(?=\s|$)/, '$1\\$2')
    .replace(/^(\s*)([-=])(?=[-=\s]*$)/, '$1\\$2')
    .replace(/^(\s*\d{1,9})([.)])(?=\s|$)/, '$1\\$2')
}

/** One table cell: inline-escaped, on one line. */
export function escapeTableCell(text: string): string {
  return escapeInline(text)
}

function longestBacktickRun(text: string): number {
  return Math.max(0, ...(text.match(/`+/g) ?? []).map(run => run.length))
}

/** A fenced code block whose fence is longer than any backtick run inside, so the text cannot close it. */
export function fencedBlock(text: string, info = ''): string {
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(text) + 1))
  return `${fence}${info.replace(/[`\r\n]/g, '')}\n${text}\n${fence}`
}

function codeSpan(oneLine: string): string {
  const delimiter = '`'.repeat(longestBacktickRun(oneLine) + 1)
  // CommonMark drops one space on each side when both are there: a padding space keeps the text exact.
  const padded = /^`|`$/.test(oneLine) || /^ (?=.*[^ ]).* $/.test(oneLine)
  const padding = padded ? ' ' : ''
  return `${delimiter}${padding}${oneLine}${padding}${delimiter}`
}

function oneLineOf(text: string): string {
  return text.replace(INVISIBLE_CONTROLS, '').replace(/(\r\n|\r|\n)+/g, ' ')
}

/**
 * An identifier (a secret or variable name, an ARN, an image, a file) as a code span, shown exactly as it is:
 * no backtick inside can close it, and GitHub shows a code span's text literally (no HTML, link, mention or
 * back-link inside). On one line. Not for table cells: use tableCellCode there.
 */
export function inlineCode(text: string): string {
  return codeSpan(oneLineOf(text))
}

/**
 * inlineCode for a GFM table cell: a table row is split into cells at every `|` not escaped, before code
 * spans are read, so pipes are escaped; GitHub removes the backslash again inside the span
 * (https://github.github.com/gfm/#example-200), so the code still shows exactly the text.
 */
export function tableCellCode(text: string): string {
  return codeSpan(oneLineOf(text).replace(/\|/g, '\\|'))
}

/**
 * Text that is code if our reading of the markdown is right, and may be plain text if GitHub reads it
 * differently: look-alike angle brackets and a broken `&` make it inert either way, and look the same in code.
 */
function codeSafe(text: string): string {
  return neutralizeReferences(
    breakForeignLinks(text, `]${ZWJ}`)
      .replace(/&/g, `&${ZWJ}`)
      .replace(/</g, '\u02c2')
      .replace(/>/g, '\u02c3')
  )
}

function textSafe(text: string): string {
  return neutralizeReferences(escapeHtml(breakForeignLinks(text, '\\]')))
}

const ENTITIES: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;' }

/** Index of the next backtick run of exactly `length` at or after `from`, or -1. */
function closingRun(line: string, from: number, length: number): number {
  const runs = /`+/g
  runs.lastIndex = from
  for (let match = runs.exec(line); match; match = runs.exec(line)) {
    if (match[0].length === length) return match.index
  }
  return -1
}

/**
 * A line outside fenced code: HTML escaped, code spans shown exactly as written. GitHub shows a code span's
 * text literally (no HTML, mention or back-link inside), so verbatim is safe wherever GitHub sees the same
 * span we do. Where it might not, look-alike characters stay instead: in a paragraph that has a table
 * delimiter row, a span with a `|` (a GFM table row splits cells before it looks for code), and with `hedge`
 * every span, after an unclosed backtick run earlier in the same paragraph (GitHub may pair that run across
 * the line break).
 */
function neutralizeTextLine(
  line: string,
  hedge: boolean,
  inTable: boolean
): { text: string; unclosed: boolean } {
  let unclosed = false
  let result = ''
  let index = 0
  while (index < line.length) {
    const character = line[index]
    if (character === '\\' && index + 1 < line.length) {
      const escaped = line[index + 1]
      // `\<` means a literal `<`: the entity alone says the same without a stray backslash.
      result += ENTITIES[escaped] ?? `\\${escaped}`
      index += 2
    } else if (character === '`') {
      const run = /^`+/.exec(line.slice(index))![0]
      const close = closingRun(line, index + run.length, run.length)
      if (close < 0) {
        result += run
        index += run.length
        unclosed = true
      } else {
        const code = line.slice(index + run.length, close)
        result += run + (hedge || unclosed || (inTable && code.includes('|')) ? codeSafe(code) : code) + run
        index = close + run.length
      }
    } else {
      let end = index
      while (end < line.length && line[end] !== '\\' && line[end] !== '`') end++
      result += textSafe(line.slice(index, end))
      index = end
    }
  }
  // A `>` starting a line would open a quote inside ours, in which our reading of fences no longer holds.
  return { text: result.replace(/^(\s*)>/, '$1&gt;'), unclosed }
}

/** A line that could be a GFM table's delimiter row (`| --- | :-: |`): dashes, colons, pipes, spaces. */
const DELIMITER_ROW = /^[\s|:-]*\|[\s|:-]*$/

/** For each line, whether its paragraph (the run of non-blank lines around it) may be a table. */
function paragraphsWithTables(lines: string[]): boolean[] {
  const result = new Array<boolean>(lines.length).fill(false)
  let start = 0
  for (let index = 0; index <= lines.length; index++) {
    if (index < lines.length && lines[index].trim() !== '') continue
    const paragraph = lines.slice(start, index)
    const table = paragraph.some(line => DELIMITER_ROW.test(line) && line.includes('-'))
    if (table) result.fill(true, start, index)
    start = index + 1
  }
  return result
}

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})(.*)$/

/**
 * Markdown from someone else (release notes) kept readable: formatting stays, code spans and code blocks are
 * shown exactly, HTML outside code is shown as text (so `</details>`, `<img onerror>` or a fake
 * `<!-- marker -->` cannot break, script or impersonate the page), links and images stay only to GitHub and
 * the Open WebUI site (see LINKED_HOST) and mentions and references are inert. The
 * result is a block quote: a fence the text leaves open ends with the quote, so it cannot swallow what follows.
 * Put a blank line after it.
 *
 * Hand-written rather than markdown-it (a dev dependency here): the output must be the input's own text with
 * only the unsafe parts changed, and markdown-it reports no source offsets for inline code, so its tokens
 * cannot say which characters to keep. The scanner follows CommonMark's rules for fences (up to three spaces,
 * closed by the same character at least as long) and code spans (closed by a run of the same length), and it
 * keeps look-alike characters wherever GitHub's reading could differ from ours: inside a fence opened with
 * indentation (it may belong to a list item, which ends it early), and in the code spans `neutralizeTextLine`
 * hedges.
 */
export function neutralizeMarkdown(markdown: string): string {
  const lines = markdown.replace(INVISIBLE_CONTROLS, '').split(/\r\n|\r|\n/)
  const quoted: string[] = []
  let fence: { character: string; length: number; verbatim: boolean } | undefined
  let openRunInParagraph = false
  const inTable = paragraphsWithTables(lines)
  for (const [index, line] of lines.entries()) {
    if (fence) {
      const close = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line)
      if (close && close[1][0] === fence.character && close[1].length >= fence.length) {
        quoted.push(fence.verbatim ? line : codeSafe(line))
        fence = undefined
        continue
      }
      quoted.push(fence.verbatim ? line : codeSafe(line))
      continue
    }
    const open = FENCE_OPEN.exec(line)
    if (open && !(open[1][0] === '`' && open[2].includes('`'))) {
      // A fence at the start of a line is outside any list item: it ends only where our reading ends it.
      const verbatim = !/^\s/.test(line)
      fence = { character: open[1][0], length: open[1].length, verbatim }
      quoted.push(verbatim ? line : codeSafe(line))
      openRunInParagraph = false
      continue
    }
    if (line.trim() === '') openRunInParagraph = false
    const { text, unclosed } = neutralizeTextLine(line, openRunInParagraph, inTable[index])
    openRunInParagraph ||= unclosed
    quoted.push(text)
  }
  return quoted.map(line => (line === '' ? '>' : `> ${line}`)).join('\n')
}
