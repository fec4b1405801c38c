import { neutralizeMarkdown } from '../report/untrusted-text.js'

/**
 * Release notes are someone else's markdown: neutralizeMarkdown shows their HTML as text, makes mentions and
 * references inert and quotes them, so a fence they leave open (or a cut leaves open) ends with the quote.
 */
export function sanitizeReleaseNotes(notes: string): string {
  const trimmed = notes.trim()
  return trimmed === '' ? '' : neutralizeMarkdown(trimmed)
}

/** GitHub counts a body's length in characters (code points), not UTF-16 units or bytes. */
export function characterCount(text: string): number {
  let count = 0
  for (const _character of text) count++
  return count
}

/** The first `limit` characters, never splitting a surrogate pair. */
export function cutToCharacters(text: string, limit: number): string {
  if (limit <= 0) return ''
  let count = 0
  let end = 0
  for (const character of text) {
    if (count === limit) break
    count++
    end += character.length
  }
  return text.slice(0, end)
}
