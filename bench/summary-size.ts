/** GitHub refuses a step summary over 1 MiB: a report that lists every task of a big fleet would be cut off. */
export const STEP_SUMMARY_LIMIT_BYTES = 1024 * 1024

/** Rows of the "Recent service events" table start with their UTC time. */
const EVENT_ROW = /^\| \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \|/

export interface SummaryShape {
  bytes: number
  lines: number
  longestLineBytes: number
  /** Task ids of the fleet the summary names anywhere. */
  taskIds: number
  /** Task ids named outside quoted ECS service events (those quote ECS's own message, ids and all). */
  taskIdsOutsideEvents: number
}

export function summaryShape(summary: string, taskIds: readonly string[]): SummaryShape {
  const lines = summary.split('\n')
  const outside = lines.filter(line => !EVENT_ROW.test(line)).join('\n')
  return {
    bytes: Buffer.byteLength(summary),
    lines: lines.length,
    longestLineBytes: Math.max(0, ...lines.map(line => Buffer.byteLength(line))),
    taskIds: taskIds.filter(id => summary.includes(id)).length,
    taskIdsOutsideEvents: taskIds.filter(id => outside.includes(id)).length
  }
}
