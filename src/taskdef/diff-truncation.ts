/**
 * The task-definition diff cut at a whole line so it fits in `room` characters, with a line saying how many
 * lines were left out and where the whole diff is (the job summary has room for it; a comment does not).
 */
export function truncateDiff(diff: string, room: number): string {
  const lines = diff.split('\n')
  const kept: string[] = []
  let used = 0
  for (const line of lines) {
    if (used + line.length + 1 > room) break
    kept.push(line)
    used += line.length + 1
  }
  const omitted = lines.length - kept.length
  const pointer = `… ${omitted} more diff line${omitted === 1 ? '' : 's'}: the job summary of this run has the whole diff.`
  return [...kept, pointer].join('\n')
}
