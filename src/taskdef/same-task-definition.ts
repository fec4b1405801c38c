import type { RegisterTaskDefinitionRequest } from '@aws-sdk/client-ecs'
import { canonicalJson } from './canonical-task-definition.js'

/**
 * Whether registering `b` would give the same task definition as `a` (order of keys and lists, what ECS fills
 * in on describe, and our own tags aside). Deploy uses it to leave an up-to-date service alone.
 */
export function sameTaskDefinition(
  a: RegisterTaskDefinitionRequest | Record<string, unknown> | undefined,
  b: RegisterTaskDefinitionRequest | Record<string, unknown> | undefined
): boolean {
  if (!a || !b) return false
  return canonicalJson(a) === canonicalJson(b)
}
