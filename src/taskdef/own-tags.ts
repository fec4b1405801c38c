/**
 * Tags the rollout puts on the task definitions it registers (`open-webui-ecs-deploy:role`, `:version`), so a
 * re-run can tell a migrator from a fleet revision. They are bookkeeping, not configuration: comparisons and
 * diffs ignore them, and a rendered task definition never inherits them from the one it was made from.
 */
export const OWN_TAG_PREFIX = 'open-webui-ecs-deploy:'

export function isOwnTag(tag: unknown): boolean {
  const key = (tag as { key?: unknown } | null)?.key
  return typeof key === 'string' && key.startsWith(OWN_TAG_PREFIX)
}
