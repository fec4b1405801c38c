/**
 * Untrusted text (release notes, service events, stopped reasons, task-definition strings) goes into job
 * summaries, PR comments and PR bodies. GitHub renders those as markdown with HTML, turns `@user` and
 * `@org/team` into notifications and `#123`, `owner/repo#123`, `GH-123` and pasted issue URLs into back-links
 * on the upstream issue. A zero-width joiner after `@` and `#` keeps the text readable and inert, as Renovate
 * and Dependabot do; github.com links go through redirect.github.com, which GitHub made for exactly this.
 */
const ZWJ = '\u200d'

/** C0/C1 controls (tab and newlines aside) and bidi overrides, which can make text read differently than it is. */
// eslint-disable-next-line no-control-regex
const INVISIBLE_CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g

function neutralizeReferences(text: string): string {
  return (
    text
      // GitHub mentions only after a non-word character: `image:v1@sha256:…` stays intact for copy and paste.
      .replace(/(^|[^A-Za-z0-9_])@(?=[A-Za-z0-9_-])/g, `$1@${ZWJ}`)
      .replace(/#(?=\d)/g, `#${ZWJ}`)
      .replace(/\b(GH-)(?=\d)/gi, `$1${ZWJ}`)
      .replace(/\b(https?:\/\/)(?:www\.)?github\.com(?=[/:]|$)/gi, '$1redirect.github.com')
  )
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/**
 * Plain text shown literally inside markdown, on one line: no formatting, no HTML, no mentions or back-links.
 * Safe in table cells too (pipes are escaped).
 */
export function escapeInline(text: string): string {
  const oneLine = neutralizeReferences(text.replace(INVISIBLE_CONTROLS, '').replace(/(\r\n|\r|\n)+/g, ' '))
  // Every ASCII character markdown gives a meaning to inline, the backslash itself included; `<`, `>` and `&`
  // are entities already, and `.`, `-`, `+` matter only where a list item could start.
  return escapeHtml(oneLine)
    .replace(/[\\`*_[\]()#/|~$!]/g, character => `\\${character}`)
    .replace(/^(\s*)([-+])(?=\s|$)/, '$1\\$2')
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

/** A code span that no backtick inside can close; on one line, pipes escaped for table cells. */
export function inlineCode(text: string): string {
  const oneLine = text
    .replace(INVISIBLE_CONTROLS, '')
    .replace(/(\r\n|\r|\n)+/g, ' ')
    .replace(/\|/g, '\\|')
  const delimiter = '`'.repeat(longestBacktickRun(oneLine) + 1)
  const padding = oneLine.startsWith('`') || oneLine.endsWith('`') ? ' ' : ''
  return `${delimiter}${padding}${oneLine}${padding}${delimiter}`
}

/**
 * Text that is code if our reading of the markdown is right, and may be plain text if GitHub reads it
 * differently: look-alike angle brackets and a broken `&` make it inert either way, and look the same in code.
 */
function codeSafe(text: string): string {
  return neutralizeReferences(text.replace(/&/g, `&${ZWJ}`).replace(/</g, '\u02c2').replace(/>/g, '\u02c3'))
}

function textSafe(text: string): string {
  return neutralizeReferences(escapeHtml(text))
}

/** Index of the next backtick run of exactly `length` at or after `from`, or -1. */
function closingRun(line: string, from: number, length: number): number {
  const runs = /`+/g
  runs.lastIndex = from
  for (let match = runs.exec(line); match; match = runs.exec(line)) {
    if (match[0].length === length) return match.index
  }
  return -1
}

/** A line outside fenced code: HTML escaped, code spans kept readable. */
function neutralizeTextLine(line: string): string {
  let result = ''
  let index = 0
  while (index < line.length) {
    const character = line[index]
    if (character === '\\' && index + 1 < line.length) {
      const escaped = line[index + 1]
      // `\<` means a literal `<`: the entity alone says the same without a stray backslash.
      result += /[<>&]/.test(escaped) ? escapeHtml(escaped) : `\\${escaped}`
      index += 2
    } else if (character === '`') {
      const run = /^`+/.exec(line.slice(index))![0]
      const close = closingRun(line, index + run.length, run.length)
      if (close < 0) {
        result += run
        index += run.length
      } else {
        result += run + codeSafe(line.slice(index + run.length, close)) + run
        index = close + run.length
      }
    } else {
      let end = index
      while (end < line.length && line[end] !== '\\' && line[end] !== '`') end++
      result += textSafe(line.slice(index, end))
      index = end
    }
  }
  return result
}

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})(.*)$/

/**
 * Markdown from someone else (release notes) kept readable: formatting stays, HTML is shown as text (so
 * `</details>`, `<img onerror>` or a fake `<!-- marker -->` cannot break, script or impersonate the page) and
 * mentions and references are inert. The result is a block quote: a fence the text leaves open ends with the
 * quote, so it cannot swallow what follows. Put a blank line after it.
 */
export function neutralizeMarkdown(markdown: string): string {
  const lines = markdown.replace(INVISIBLE_CONTROLS, '').split(/\r\n|\r|\n/)
  const quoted: string[] = []
  let fence: { character: string; length: number } | undefined
  for (const line of lines) {
    if (fence) {
      const close = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line)
      if (close && close[1][0] === fence.character && close[1].length >= fence.length) fence = undefined
      quoted.push(codeSafe(line))
      continue
    }
    const open = FENCE_OPEN.exec(line)
    if (open && !(open[1][0] === '`' && open[2].includes('`'))) {
      fence = { character: open[1][0], length: open[1].length }
      quoted.push(codeSafe(line))
      continue
    }
    quoted.push(neutralizeTextLine(line))
  }
  return quoted.map(line => (line === '' ? '>' : `> ${line}`)).join('\n')
}
