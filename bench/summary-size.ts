/** GitHub refuses a step summary over 1 MiB: a report that lists every task of a big fleet would be cut off. */
export const STEP_SUMMARY_LIMIT_BYTES = 1024 * 1024

/** How many of the fleet's task ids the summary names: a handful for an aggregated report, not the fleet. */
export function taskIdsListed(summary: string, taskIds: readonly string[]): number {
  return taskIds.filter(id => summary.includes(id)).length
}
