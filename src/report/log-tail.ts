import type { LogLine } from '../ports/cloudwatch-logs.js'

/** The last `count` lines, for the failure report. */
export function tail(lines: LogLine[], count = 30): LogLine[] {
  return lines.slice(Math.max(0, lines.length - count))
}
