/** Canonical only (SemVer: no leading zeros): `v00.6.6` is not quietly read as 0.6.6. */
const STABLE_VERSION = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/

/**
 * A line a reader takes for the pin: a version alone, commented out or not (`# v0.6.6` above `v0.6.5` reads as
 * two pins). A comment that mentions a version in a sentence (`# bumped by a workflow v0.0.1`) is prose.
 */
const PIN_LIKE = /^(#\s*)?v?\d+\.\d+\.\d+\S*$/i

/** The lines of a version file that read as a pin, commented-out ones too. */
export function versionLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map(line => line.trim())
    .filter(line => PIN_LIKE.test(line))
}

/**
 * `v0.6.5` or `0.6.5` -> `0.6.5`; anything else (suffixes, partial versions) -> undefined. A file with a second
 * version, even in a comment (`# v0.6.6` above `v0.6.5`), is no pin either: a reviewer could read either.
 */
export function parseVersionText(text: string): string | undefined {
  const lines = text
    .split(/\r?\n/)
    .map(line => line.trim())
    .filter(line => line !== '' && !line.startsWith('#'))
  if (lines.length !== 1 || versionLines(text).length > 1) return undefined
  const match = STABLE_VERSION.exec(lines[0])
  if (!match) return undefined
  return `${match[1]}.${match[2]}.${match[3]}`
}
