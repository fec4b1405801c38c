import { parseVersionText } from '../settings/version-text.js'
import { versionTag } from '../release/version-tag.js'

const VERSION_IN_LINE = /(v?)\d+\.\d+\.\d+/

/** The version a version file pins (`v0.6.5` or `0.6.5`, comments and blank lines allowed). */
export function versionFilePin(text: string): string | undefined {
  return parseVersionText(text)
}

/**
 * The version file with only the version text replaced: comments, blank lines, indentation, the `v` prefix
 * (or its absence) and line endings stay as they were. A file that does not exist yet gets one line.
 */
export function rewriteVersionFile(text: string | undefined, version: string): string {
  if (text === undefined) return `${versionTag(version)}\n`
  // Split keeping the separators, so CRLF files stay CRLF and a missing final newline stays missing.
  const parts = text.split(/(\r?\n)/)
  const index = parts.findIndex((part, position) => {
    if (position % 2 === 1) return false
    const line = part.trim()
    return line !== '' && !line.startsWith('#')
  })
  if (index < 0 || !VERSION_IN_LINE.test(parts[index])) {
    throw new Error('the version file holds no vX.Y.Z line to rewrite')
  }
  parts[index] = parts[index].replace(VERSION_IN_LINE, (_match, prefix: string) => `${prefix}${version}`)
  return parts.join('')
}
