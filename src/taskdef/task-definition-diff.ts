import type { RegisterTaskDefinitionRequest } from '@aws-sdk/client-ecs'
import { createTwoFilesPatch } from 'diff'
import { canonicalJson } from './canonical-task-definition.js'
import { containersOf, environmentOf } from './container-definition.js'
import { sensitiveEnvironment } from './sensitive-environment.js'

export const HIDDEN_VALUE = '(hidden: looks like a credential)'
export const HIDDEN_CHANGED_VALUE = '(hidden: looks like a credential; changed)'

/**
 * Unified diff of the running task definition against the rendered one, in canonical JSON (sorted keys,
 * environment and secrets sorted by name, our tags left out). Secrets appear only as ARNs; plain environment
 * values that look like credentials are hidden, with a note when they change. Empty when nothing changes.
 */
export function taskDefinitionDiff(
  current: RegisterTaskDefinitionRequest | undefined,
  next: RegisterTaskDefinitionRequest
): string {
  const currentValues = new Map(
    (current ? containersOf(current) : []).map(container => [
      String(container.name),
      environmentOf(container)
    ])
  )
  const before = current
    ? canonicalJson(current, {
        hiddenValues: (_container, name, value) =>
          sensitiveEnvironment(name, value) ? HIDDEN_VALUE : undefined
      })
    : ''
  const after = canonicalJson(next, {
    hiddenValues: (container, name, value) => {
      if (!sensitiveEnvironment(name, value)) return undefined
      return currentValues.get(container)?.get(name) === value ? HIDDEN_VALUE : HIDDEN_CHANGED_VALUE
    }
  })
  if (before === after) return ''
  const patch = createTwoFilesPatch(
    'running',
    'rendered',
    before ? `${before}\n` : '',
    `${after}\n`,
    undefined,
    undefined,
    {
      context: 3
    }
  )
  // The `Index:`/`====` preamble says nothing the ---/+++ lines do not.
  return patch.replace(/^=+\n/, '').trimEnd()
}
