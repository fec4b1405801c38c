import type { MigrationCheck } from '../domain/migration-check.js'
import type { Release } from '../domain/release.js'
import { escapeInline, inlineCode, tableCellCode } from '../report/untrusted-text.js'
import { BUMP_MARKER } from './bump-conventions.js'
import { bodyLength, sanitizeReleaseNotes, sanitizedNotesWithin } from './release-notes.js'
import { formatUtc } from '../report/dates.js'
import { versionTag } from '../release/version-tag.js'

/** A pull-request body is at most 65,536 characters. */
export const PULL_REQUEST_BODY_LIMIT = 65536
/**
 * Bodies are measured in UTF-16 units (see bodyLength), which already covers GitHub's code-point count; the
 * margin is for what GitHub may add on its side (line-ending normalisation), as the plan comment keeps.
 */
export const PULL_REQUEST_BODY_MARGIN = 512

const DAY_MS = 24 * 3600 * 1000

export interface BumpDescription {
  /** Repository path of the file the pull request changes. */
  pinPath: string
  current: { version?: string; image?: string; release?: Release }
  target: { version: string; image: string; digest?: string; release: Release }
  /** Stable releases after the current version up to the target, oldest first. */
  range: Release[]
  migrations: MigrationCheck
  /** `https://github.com/open-webui/open-webui`: releases are linked from here, not from the API's html_url. */
  releaseRepositoryUrl: string
  now: number
  /** Default PULL_REQUEST_BODY_LIMIT less PULL_REQUEST_BODY_MARGIN; tests use a small one. */
  maxLength?: number
}

function releaseUrl(description: BumpDescription, tag: string): string {
  return `${description.releaseRepositoryUrl}/releases/tag/${encodeURIComponent(tag)}`
}

function versionCell(description: BumpDescription, version: string | undefined, release?: Release): string {
  if (!version) return 'unknown'
  return release
    ? `[${versionTag(version)}](${releaseUrl(description, release.tagName)})`
    : versionTag(version)
}

function releasedCell(release: Release | undefined, now: number): string {
  const published = release?.publishedAt ? Date.parse(release.publishedAt) : NaN
  if (!Number.isFinite(published)) return '–'
  const days = Math.max(0, Math.floor((now - published) / DAY_MS))
  const age = days === 0 ? 'today' : days === 1 ? '1 day ago' : `${days} days ago`
  return `${formatUtc(published, 'date')} (${age})`
}

function codeCell(text: string | undefined): string {
  return text ? tableCellCode(text) : '–'
}

function migrationSection(migrations: MigrationCheck): string {
  const revisions = migrations.newRevisions.map(inlineCode).join(', ')
  const reason = escapeInline(migrations.reason)
  if (migrations.status === 'true') {
    return [
      `**Adds database migrations**${revisions ? `: ${revisions}` : ''}.`,
      '',
      'Deploying this stops the running tasks, runs the migrations on one task, then starts the fleet:',
      'expect a short outage while that happens.',
      '',
      `<sub>${reason}</sub>`
    ].join('\n')
  }
  if (migrations.status === 'false') {
    return [
      '**No database migrations**: deploying this is a plain rolling update, without an outage.',
      '',
      `<sub>${reason}</sub>`
    ].join('\n')
  }
  return [
    '**Database migrations unknown**: deploy treats this upgrade as one that migrates the database,',
    'so expect a short outage while one task runs the migrations.',
    '',
    `<sub>${reason}</sub>`
  ].join('\n')
}

function releaseSection(
  description: BumpDescription,
  release: Release,
  notes: string,
  first: boolean
): string {
  const published = formatUtc(release.publishedAt, 'date')
  const date = published ? ` · ${published}` : ''
  const summary = `<summary><a href="${releaseUrl(description, release.tagName)}">${release.tagName}</a>${date}</summary>`
  const text = notes === '' ? '_No release notes._' : notes
  return [`<details${first ? ' open' : ''}>`, summary, '', text, '', '</details>'].join('\n')
}

/**
 * The bump pull request's body: the marker, a current -> new table, whether the range migrates the database,
 * and every release's notes in the range, newest first, sanitized and cut to GitHub's body limit.
 */
export function renderBumpBody(description: BumpDescription): string {
  const { current, target } = description
  const limit = description.maxLength ?? PULL_REQUEST_BODY_LIMIT - PULL_REQUEST_BODY_MARGIN
  const releasesPage = `${description.releaseRepositoryUrl}/releases`
  const head = [
    BUMP_MARKER,
    `Updates Open WebUI ${current.version ? `from **${versionTag(current.version)}** ` : ''}to **${versionTag(target.version)}** in ${inlineCode(description.pinPath)}.`,
    '',
    '| | Current | New |',
    '| --- | --- | --- |',
    `| Version | ${versionCell(description, current.version, current.release)} | ${versionCell(description, target.version, target.release)} |`,
    `| Released | ${releasedCell(current.release, description.now)} | ${releasedCell(target.release, description.now)} |`,
    `| Image | ${codeCell(current.image)} | ${codeCell(target.image)} |`,
    `| Digest | – | ${codeCell(target.digest)} |`,
    '',
    '### Database migrations',
    '',
    migrationSection(description.migrations),
    '',
    `### Release notes (${description.range.length} release${description.range.length === 1 ? '' : 's'})`,
    '',
    ''
  ].join('\n')
  const foot = [
    '',
    '',
    '---',
    '<sub>Opened by open-webui-ecs-deploy (mode: bump). It updates this pull request when a newer release',
    'comes out and closes it when the pin is already current.</sub>'
  ].join('\n')
  const cutNote = `\n\n_The release notes were cut to fit GitHub's ${PULL_REQUEST_BODY_LIMIT.toLocaleString('en-US')}-character limit: read them all on the [releases page](${releasesPage})._\n`

  const newestFirst = [...description.range].reverse()
  const sections: string[] = []
  let used = bodyLength(head) + bodyLength(foot)
  let cut = false
  for (const [index, release] of newestFirst.entries()) {
    const section = releaseSection(description, release, sanitizeReleaseNotes(release.body), index === 0)
    const separator = sections.length > 0 ? 2 : 0
    if (used + separator + bodyLength(section) + bodyLength(cutNote) <= limit) {
      sections.push(section)
      used += separator + bodyLength(section)
      continue
    }
    cut = true
    // What fits of this release's notes, closed properly, when that is enough to be worth reading.
    const shell = releaseSection(description, release, '', index === 0).replace('_No release notes._', '')
    const room = limit - used - separator - bodyLength(shell) - bodyLength(cutNote) - 1
    if (room >= 200) {
      const partial = sanitizedNotesWithin(release.body, room)
      const section = releaseSection(description, release, `${partial}…`, index === 0)
      if (partial !== '' && used + separator + bodyLength(section) + bodyLength(cutNote) <= limit) {
        sections.push(section)
        used += separator + bodyLength(section)
      }
    }
    break
  }
  return `${head}${sections.join('\n\n')}${cut ? cutNote : ''}${foot}`
}
