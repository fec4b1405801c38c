import markdownEscape from 'markdown-escape'

/**
 * Untrusted text (release notes, service events, stopped reasons, task-definition strings) goes into job
 * summaries, PR comments and PR bodies. GitHub renders those as markdown with HTML, turns `@user` into a
 * notification and `#123` / `owner/repo#123` into a back-link on the upstream issue. A zero-width joiner
 * after `@` and `#` keeps the text readable and inert, as Renovate and Dependabot do.
 */
const ZWJ = '\u200d'

function neutralizeReferences(text: string): string {
  return text
    .replace(/@(?=[A-Za-z0-9-_])/g, `@${ZWJ}`)
    .replace(/#(?=\d)/g, `#${ZWJ}`)
    .replace(/\b(GH-)(?=\d)/gi, `$1${ZWJ}`)
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** Plain text shown literally inside markdown: no formatting, no HTML, no mentions or back-links. */
export function escapeInline(text: string): string {
  const withoutHtml = escapeHtml(text)
  // markdown-escape turns < and > into entities itself; they are gone already, so skip that rule.
  return neutralizeReferences(markdownEscape(withoutHtml, ['angle brackets']).replace(/\|/g, '\\|'))
}

/** One table cell: inline-escaped, on one line. */
export function escapeTableCell(text: string): string {
  return escapeInline(text.replace(/\r?\n|\r/g, ' '))
}

/** A fenced code block whose fence is longer than any backtick run inside, so the text cannot close it. */
export function fencedBlock(text: string, info = ''): string {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map(run => run.length))
  const fence = '`'.repeat(Math.max(3, longestRun + 1))
  return `${fence}${info}\n${text}\n${fence}`
}

/**
 * Markdown from someone else (release notes) kept readable: formatting stays, HTML is shown as text (so
 * `</details>` or `<img onerror>` cannot break or script the page) and mentions and references are inert.
 */
export function neutralizeMarkdown(markdown: string): string {
  return neutralizeReferences(escapeHtml(markdown))
}
