/** Canonical only (SemVer: no leading zeros): `v00.6.6` is not quietly read as 0.6.6. */
const STABLE_VERSION = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/

/** `v0.6.5` or `0.6.5` -> `0.6.5`; anything else (suffixes, partial versions) -> undefined. */
export function parseVersionText(text: string): string | undefined {
  const lines = text
    .split(/\r?\n/)
    .map(line => line.trim())
    .filter(line => line !== '' && !line.startsWith('#'))
  if (lines.length !== 1) return undefined
  const match = STABLE_VERSION.exec(lines[0])
  if (!match) return undefined
  return `${match[1]}.${match[2]}.${match[3]}`
}
