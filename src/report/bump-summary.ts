import type { MigrationCheck } from '../domain/migration-check.js'
import type { PullRequest } from '../ports/github-repository.js'
import { escapeInline, inlineCode, tableCellCode } from './untrusted-text.js'
import { versionTag } from '../release/version-tag.js'

const HEADING = '## Open WebUI version bump'

function pullLink(pull: PullRequest): string {
  return `[pull request #${pull.number}](${pull.htmlUrl})`
}

const RESULT_TEXT = {
  'bump-opened': 'Opened',
  'bump-updated': 'Updated',
  unchanged: 'Nothing new since the last run for'
} as const

export function bumpSummary(input: {
  result: keyof typeof RESULT_TEXT
  pull: PullRequest
  pinPath: string
  readFrom: string
  current?: string
  target: string
  image: string
  migrations: MigrationCheck
  releases: number
}): string {
  const migrations =
    input.migrations.status === 'true'
      ? 'yes: deploying it runs one migrator task after the old tasks stop (a short outage)'
      : input.migrations.status === 'false'
        ? 'no: a rolling update'
        : 'unknown: deploy treats it as migrating'
  return [
    HEADING,
    '',
    `${RESULT_TEXT[input.result]} ${pullLink(input.pull)}: ${escapeInline(input.pull.title)}.`,
    '',
    '| | |',
    '| --- | --- |',
    `| Pin | ${tableCellCode(input.pinPath)} (read from the ${input.readFrom}) |`,
    `| Version | ${input.current ? versionTag(input.current) : 'none'} → ${versionTag(input.target)} (${input.releases} release${input.releases === 1 ? '' : 's'}) |`,
    `| Image | ${tableCellCode(input.image)} |`,
    `| Database migrations | ${migrations} |`,
    ''
  ].join('\n')
}

export function upToDateSummary(input: {
  pinPath: string
  current: string
  latest: string
  minReleaseAgeDays: number
  closed?: PullRequest
}): string {
  const ahead = input.current !== input.latest
  const age = input.minReleaseAgeDays > 0 ? ` at least ${input.minReleaseAgeDays} days old` : ''
  return [
    HEADING,
    '',
    `${inlineCode(input.pinPath)} pins ${versionTag(input.current)}; the newest stable release${age} is ${versionTag(input.latest)}.` +
      (ahead ? ' The pin is ahead of it, so there is nothing to bump.' : ' Up to date: no pull request.'),
    ...(input.closed ? ['', `Closed the stale ${pullLink(input.closed)}.`] : []),
    ''
  ].join('\n')
}

export function failureSummary(message: string): string {
  return [HEADING, '', `**Failed**: ${escapeInline(message)}`, ''].join('\n')
}
