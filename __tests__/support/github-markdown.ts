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
