import type { Release } from '../../domain/release.js'
import { escapeInline, neutralizeMarkdown } from '../../report/untrusted-text.js'
import { formatUtc } from '../../report/dates.js'

/** Enough of each release's notes to review the upgrade; the release page has the rest. */
const NOTES_PER_RELEASE = 4000
/** All notes together: a long release range must not crowd the plan out of a 65,536-character comment. */
export const RELEASE_NOTES_BUDGET = 16_000

function cutAtLine(text: string, length: number): string {
  if (text.length <= length) return text
  // UTF-16 units, like every length in a comment; a cut never leaves half an emoji.
  const high = text.charCodeAt(length - 1)
  const cut = text.slice(0, high >= 0xd800 && high <= 0xdbff ? length - 1 : length)
  const lastBreak = cut.lastIndexOf('\n')
  return lastBreak > length / 2 ? cut.slice(0, lastBreak) : cut
}

function releasePage(release: Release): string | undefined {
  return /^https:\/\/[A-Za-z0-9._~/?=&%+-]+$/.test(release.htmlUrl) ? release.htmlUrl : undefined
}

function releaseNotes(release: Release, length: number): string {
  const body = release.body.trim()
  const shown = cutAtLine(body, length)
  const page = releasePage(release)
  const more =
    shown.length < body.length
      ? `\n\n_Cut here: ${page ? `[the release page](${page})` : 'the release page'} has the full notes._`
      : ''
  const published = formatUtc(release.publishedAt, 'date')
  const date = published ? ` (${published})` : ''
  // Release notes are someone else's markdown: neutralized, inside a quote that any unclosed fence ends with.
  return `<details><summary>${escapeInline(release.tagName)}${date}</summary>\n\n${neutralizeMarkdown(shown)}${more}\n\n</details>`
}

/**
 * The release notes of the upgrade, newest first, each collapsed. Notes come from the release repository and
 * are untrusted: no mention, back-link or HTML of theirs reaches the page. Empty when no release has notes.
 */
export function releaseNotesSection(releases: Release[], budget = RELEASE_NOTES_BUDGET): string {
  const withNotes = releases.filter(release => release.body.trim() !== '').reverse()
  if (withNotes.length === 0) return ''
  const heading = '### Release notes'
  const parts: string[] = []
  let used = heading.length
  for (const release of withNotes) {
    const room = budget - used - 400
    // Escaping lengthens the text (entities, quote marks): shrink until it fits what is left.
    let length = Math.min(NOTES_PER_RELEASE, room)
    let part = releaseNotes(release, length)
    while (part.length > room && length > 200) {
      length = Math.floor(length / 2)
      part = releaseNotes(release, length)
    }
    if (part.length > room) break
    parts.push(part)
    used += part.length + 2
  }
  const left = withNotes.length - parts.length
  if (left > 0)
    parts.push(
      `_${left} older release${left === 1 ? '' : 's'} in this upgrade not shown: see their release pages._`
    )
  return [heading, ...parts].join('\n\n')
}
