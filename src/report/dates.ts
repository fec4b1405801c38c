/**
 * How the action writes a moment for people: in UTC, as `2025-05-01` (date), `2025-05-01 14:03:09`
 * (date-time) or `14:03:09` (time). Undefined for a missing or unreadable value, so each place says in its
 * own words that there is none.
 */
export type DatePrecision = 'date' | 'date-time' | 'time'

export function formatUtc(
  value: Date | string | number | undefined,
  precision: DatePrecision
): string | undefined {
  if (value === undefined || value === '') return undefined
  const date = value instanceof Date ? value : new Date(value)
  if (Number.isNaN(date.getTime())) return undefined
  const iso = date.toISOString()
  switch (precision) {
    case 'date':
      return iso.slice(0, 10)
    case 'date-time':
      return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`
    case 'time':
      return iso.slice(11, 19)
  }
}

/** How long something took, for people: `4.2 s` under a minute, `12 min 5 s` from there on. */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000)
  if (seconds < 60) return `${(ms / 1000).toFixed(1)} s`
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`
}
