/**
 * The task definition inside a file a user wrote: either a bare task definition or the output of
 * `aws ecs describe-task-definition` (`{"taskDefinition": {...}, "tags": [...]}`). A file that has its own
 * `containerDefinitions` is a task definition even if it also has a `taskDefinition` member.
 * Undefined when the value is not a JSON object at all.
 */
export function unwrapDescribeOutput(value: unknown): Record<string, unknown> | undefined {
  if (!isObject(value)) return undefined
  const inner = value.taskDefinition
  return isObject(inner) && !('containerDefinitions' in value) ? inner : value
}

function isObject(value: unknown): value is Record<string, unknown> {
  return Boolean(value) && typeof value === 'object' && !Array.isArray(value)
}
