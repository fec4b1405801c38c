import { neutralizeMarkdown } from '../report/untrusted-text.js'

/**
 * Release notes are someone else's markdown: neutralizeMarkdown shows their HTML as text, makes mentions and
 * references inert and quotes them, so a fence they leave open (or a cut leaves open) ends with the quote.
 */
export function sanitizeReleaseNotes(notes: string): string {
  const trimmed = notes.trim()
  return trimmed === '' ? '' : neutralizeMarkdown(trimmed)
}

/**
 * GitHub documents a body limit of 65,536 characters and counts code points, but the same body is longer in
 * UTF-16 units (each emoji outside the Basic Multilingual Plane is two): a real release-notes body cut at 65,536
 * code points is 120-175 units longer. A UTF-16 length is never below the code-point count, so lengths here are
 * UTF-16 units (`String.length`), and a body within the limit by this count is within it by either count.
 */
export function bodyLength(text: string): number {
  return text.length
}

/** The first `limit` UTF-16 units, never splitting a surrogate pair. */
export function cutToLength(text: string, limit: number): string {
  if (limit <= 0) return ''
  if (text.length <= limit) return text
  const last = text.charCodeAt(limit - 1)
  // A high surrogate as the last unit kept would be half an emoji: leave the pair out.
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? limit - 1 : limit)
}

/**
 * As much of the notes as fits in `limit` UTF-16 units once sanitized, sanitized; at a line end when one is in
 * the second half. The raw notes are cut, then sanitized: a cut in the sanitized text could leave a code span
 * open, and what followed its backtick (shown verbatim as code) would then be read as markdown and HTML.
 */
export function sanitizedNotesWithin(notes: string, limit: number): string {
  const trimmed = notes.trim()
  const fits = (length: number) => bodyLength(sanitizeReleaseNotes(cutToLength(trimmed, length))) <= limit
  if (fits(trimmed.length)) return sanitizeReleaseNotes(trimmed)
  // Sanitizing lengthens text by about the same share everywhere: the longest prefix that fits, by bisection.
  let low = 0
  let high = trimmed.length
  while (low < high) {
    const middle = Math.ceil((low + high) / 2)
    if (fits(middle)) low = middle
    else high = middle - 1
  }
  const lineEnd = trimmed.lastIndexOf('\n', low)
  const length = lineEnd > low / 2 ? lineEnd : low
  return sanitizeReleaseNotes(cutToLength(trimmed, length).trimEnd())
}
