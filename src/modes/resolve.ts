import { versionOfImage } from '../plan/current-state.js'
import type { VersionPin } from '../domain/version-pin.js'
import type { Outcome } from '../report/outcome.js'
import { releaseOutputs } from '../report/outputs.js'
import { escapeInline, escapeTableCell } from '../report/untrusted-text.js'
import { resolveTargetVersion, type VersionSource } from '../release/resolve-version.js'
import { versionTag } from '../release/version-tag.js'
import type { ResolveSettings, Settings } from '../settings/settings.js'
import { findContainer } from '../taskdef/container-definition.js'
import type { ModeContext } from './mode-context.js'
import { formatUtc } from '../report/dates.js'

/**
 * `mode: resolve`: which Open WebUI release to run and its image pin, without touching AWS (no Region
 * needed). Workflows use the outputs to pin an image elsewhere or to decide whether to deploy.
 */
export async function runResolveMode(context: ModeContext<ResolveSettings>): Promise<Outcome> {
  const { settings } = context
  const { pin, source } = await resolveTargetVersion(context, versionPinnedInFile(settings))
  context.log.info(
    `Resolved Open WebUI ${versionTag(pin.version)} (${describeSource(source, settings)}): ${pin.image}`
  )
  return {
    result: 'resolved',
    outputs: releaseOutputs({ version: pin.version, image: pin.image }),
    summary: resolvedSummary(pin, source, settings),
    annotations: []
  }
}

/** The version the task-definition file's container image pins, the fallback before `latest`. */
function versionPinnedInFile(settings: Settings): string | undefined {
  const image = findContainer(settings.taskDefinitionFile?.json, settings.containerName)?.image
  return versionOfImage(typeof image === 'string' ? image : undefined, settings.variant)
}

function describeSource(source: VersionSource, settings: Settings): string {
  switch (source) {
    case 'version':
      return 'set by the version input'
    case 'version-file':
      return 'pinned in version-file'
    case 'task-definition':
      return "pinned in the task definition's image"
    case 'latest':
      return settings.minReleaseAgeDays > 0
        ? `newest stable release at least ${settings.minReleaseAgeDays} days old`
        : 'newest stable release'
  }
}

function resolvedSummary(pin: VersionPin, source: VersionSource, settings: Settings): string {
  const release = pin.release
  const published = formatUtc(release?.publishedAt, 'date') ?? 'unknown'
  const link =
    release && /^https?:\/\//.test(release.htmlUrl)
      ? `[${escapeInline(release.tagName)}](<${release.htmlUrl.replace(/[<>\s]/g, '')}>)`
      : '—'
  const rows = [
    ['Version', `${versionTag(pin.version)} (${describeSource(source, settings)})`],
    ['Tag', `\`${pin.tag}\``],
    ['Digest', pin.digest ? `\`${pin.digest}\`` : 'not pinned (pin-digest: false)'],
    ['Image', `\`${pin.image}\``],
    ['Released', published],
    ['Release', link]
  ]
  return [
    `### Open WebUI ${escapeInline(versionTag(pin.version))} resolved`,
    '',
    '| | |',
    '|---|---|',
    ...rows.map(([name, value]) => `| ${name} | ${name === 'Version' ? escapeTableCell(value) : value} |`),
    ''
  ].join('\n')
}
