import MarkdownIt from 'markdown-it'

/**
 * Renders markdown the way GitHub's CommonMark + GFM parser reads it (raw HTML allowed, as GitHub allows it
 * before sanitising), so tests can check what a reader would see instead of guessing from the source text.
 */
const markdown = new MarkdownIt({ html: true, linkify: false })

export function renderMarkdown(text: string): string {
  return markdown.render(text)
}

/** Rendered HTML with code blocks and code spans removed: where GitHub turns mentions and references into links. */
export function proseOf(html: string): string {
  return decodeEntities(
    html
      .replace(/<pre>[\s\S]*?<\/pre>/g, ' ')
      .replace(/<code>[\s\S]*?<\/code>/g, ' ')
      .replace(/<[^>]*>/g, ' ')
  )
}

function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&amp;/g, '&')
}

/** Things GitHub would turn into a notification or a back-link on another repository. */
export function liveReferences(prose: string): string[] {
  const patterns = [
    /(?<![\w`])@[A-Za-z0-9][A-Za-z0-9-]*(\/[A-Za-z0-9_.-]+)?/g,
    /(?<![\w&])#\d+/g,
    /\bGH-\d+/gi,
    /https?:\/\/(www\.)?github\.com\/[^\s)]*\/(issues|pull|discussions)\/\d+/gi
  ]
  return patterns.flatMap(pattern => prose.match(pattern) ?? [])
}

/** Raw HTML elements in rendered output (markdown-it emits only p, pre, code, em, ... for markdown itself). */
export function htmlTags(html: string, names: string[]): string[] {
  const pattern = new RegExp(`<\\/?(${names.join('|')})\\b[^>]*>`, 'gi')
  return html.match(pattern) ?? []
}

/**
 * Renders like renderMarkdown and also turns bare URLs into links, as GitHub's autolink extension does, and
 * keeps links to any scheme: for checks on where links lead.
 */
const autolinking = new MarkdownIt({ html: true, linkify: true })
// Every target the parser reads, `javascript:` included: what GitHub's sanitiser would drop later still counts.
autolinking.validateLink = () => true

export function renderWithAutolinks(text: string): string {
  return autolinking.render(text)
}

/** GitHub's own hosts and the Open WebUI project's site, which release notes link to. */
const OWN_HOST = /^https:\/\/([a-z0-9-]+\.)*(github\.com|githubusercontent\.com|openwebui\.com)([/?#]|$)/i

/**
 * Links and images that lead elsewhere behind text of their own: an `<a>` to another host whose text is not
 * its own address (a bare URL GitHub linked shows where it goes), and any `<img>` from another host.
 */
export function foreignLinks(html: string): string[] {
  const anchors = [...html.matchAll(/<a href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g)].filter(([, href, text]) => {
    const target = decodeEntities(href)
    return !OWN_HOST.test(target) && decodeEntities(text.replace(/<[^>]*>/g, '')) !== target
  })
  const images = [...html.matchAll(/<img\b[^>]*\bsrc="([^"]*)"[^>]*>/g)].filter(
    ([, src]) => !OWN_HOST.test(decodeEntities(src))
  )
  return [...anchors, ...images].map(match => match[0])
}

/** For each table in rendered HTML, the number of cells of each row, the header row first. */
export function tableShapes(html: string): number[][] {
  return [...html.matchAll(/<table>([\s\S]*?)<\/table>/g)].map(([, table]) =>
    [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map(([, row]) => (row.match(/<t[hd]\b/g) ?? []).length)
  )
}
