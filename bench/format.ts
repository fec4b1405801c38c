/** Number formatting shared by the report: one place decides how a figure reads. */

export function formatMs(ms: number | undefined): string {
  if (ms === undefined || Number.isNaN(ms)) return 'n/a'
  if (Math.abs(ms) >= 10_000) return `${(ms / 1000).toFixed(1)} s`
  if (Math.abs(ms) >= 1000) return `${(ms / 1000).toFixed(2)} s`
  return `${Math.round(ms)} ms`
}

/** Decimal megabytes (10^6 bytes), as the budget and the official action's 2.6 MB are stated. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1_000_000) return `${(bytes / 1_000_000).toFixed(2)} MB`
  if (bytes >= 1000) return `${(bytes / 1000).toFixed(1)} kB`
  return `${bytes} B`
}

export function formatKib(kib: number | undefined): string {
  return kib === undefined ? 'n/a' : `${Math.round(kib / 1024)} MiB`
}

export function formatRate(perMinute: number): string {
  return Number.isNaN(perMinute) ? 'n/a' : `${perMinute.toFixed(perMinute < 10 ? 1 : 0)}/min`
}

/** A Markdown table; cells must already be escaped. */
export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n')
}

/** Text from the action or the machine going into a table cell. */
export function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')
}
