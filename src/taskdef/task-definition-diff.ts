import { createHmac, randomBytes } from 'node:crypto'
import type { RegisterTaskDefinitionRequest } from '@aws-sdk/client-ecs'
import { createTwoFilesPatch } from 'diff'
import { canonicalJson } from './canonical-task-definition.js'
import { sensitiveEnvironment } from './sensitive-environment.js'

/**
 * A hidden value shows as `(hidden: looks like a credential #1a2b3c)`: the tag is a short keyed hash, so the
 * diff still shows whether the value changed. The key is random and lives only for this run, so the tag cannot
 * be matched against guesses (a short or chosen password) nor compared across runs.
 */
const RUN_KEY = randomBytes(32)

export function hiddenValue(container: string, name: string, value: string): string {
  const tag = createHmac('sha256', RUN_KEY)
    .update(`${container}\0${name}\0${value}`)
    .digest('hex')
    .slice(0, 6)
  return `(hidden: looks like a credential #${tag})`
}

/**
 * Unified diff of the running task definition against the rendered one, in canonical JSON (sorted keys,
 * environment and secrets sorted by name, our tags left out). Secrets appear only as ARNs; plain environment
 * values that look like credentials are hidden behind a per-run tag that differs when they change. Empty when
 * nothing changes.
 */
export function taskDefinitionDiff(
  current: RegisterTaskDefinitionRequest | undefined,
  next: RegisterTaskDefinitionRequest
): string {
  const hide = (container: string, name: string, value: string): string | undefined =>
    sensitiveEnvironment(name, value) ? hiddenValue(container, name, value) : undefined
  const before = current ? canonicalJson(current, { hiddenValues: hide }) : ''
  const after = canonicalJson(next, { hiddenValues: hide })
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
