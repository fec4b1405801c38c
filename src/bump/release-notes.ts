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
