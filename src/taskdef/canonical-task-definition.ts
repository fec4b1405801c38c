import type { RegisterTaskDefinitionRequest } from '@aws-sdk/client-ecs'
import { isOwnTag } from './own-tags.js'
import { toRegisterRequest } from './strip-describe-fields.js'

export interface CanonicalOptions {
  /** Shown instead of the value of these plain environment variables, by container name and variable name. */
  hiddenValues?: (container: string, name: string, value: string) => string | undefined
}

/**
 * A task definition in one canonical shape, so that a file and what DescribeTaskDefinition returns for it
 * compare equal: keys sorted, containers/environment/secrets/tags sorted by name, our own tags left out, and
 * what ECS fills in on describe (empty lists, defaults) dropped.
 */
export function canonicalTaskDefinition(
  taskDefinition: RegisterTaskDefinitionRequest | Record<string, unknown>,
  options: CanonicalOptions = {}
): Record<string, unknown> {
  const request = toRegisterRequest(taskDefinition) as unknown as Record<string, unknown>
  const copy: Record<string, unknown> = { ...request }
  if (Array.isArray(copy.tags))
    copy.tags = sortBy(
      copy.tags.filter(tag => !isOwnTag(tag)),
      'key'
    )
  if (copy.enableFaultInjection === false) delete copy.enableFaultInjection
  if (Array.isArray(copy.containerDefinitions)) {
    copy.containerDefinitions = sortBy(
      copy.containerDefinitions.map(container =>
        canonicalContainer(container as Record<string, unknown>, options)
      ),
      'name'
    )
  }
  return sortKeys(dropEmpty(copy)) as Record<string, unknown>
}

export function canonicalJson(
  taskDefinition: RegisterTaskDefinitionRequest | Record<string, unknown>,
  options: CanonicalOptions = {}
): string {
  return readableJson(canonicalTaskDefinition(taskDefinition, options), '')
}

/**
 * JSON with two-space indents, except that an object of plain values stays on one line (and so does a short
 * list of them): a changed environment variable is then one diff line (`{"name": "A", "value": "2"}`), not four.
 */
function readableJson(value: unknown, indent: string): string {
  if (!value || typeof value !== 'object') return JSON.stringify(value)
  const entries = Array.isArray(value)
    ? value.map(item => ({ key: '', item }))
    : Object.entries(value).map(([key, item]) => ({ key: `${JSON.stringify(key)}: `, item }))
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}']
  if (entries.length === 0) return `${open}${close}`
  const flat = entries.every(({ item }) => !item || typeof item !== 'object')
  const oneLine = `${open}${entries.map(({ key, item }) => key + JSON.stringify(item)).join(', ')}${close}`
  if (flat && (!Array.isArray(value) || indent.length + oneLine.length <= 110)) return oneLine
  const inner = `${indent}  `
  const lines = entries.map(({ key, item }) => inner + key + readableJson(item, inner))
  return `${open}\n${lines.join(',\n')}\n${indent}${close}`
}

/** Defaults ECS reports on describe for fields a file may leave out. */
const CONTAINER_DEFAULTS: Record<string, unknown> = { cpu: 0, essential: true }
const HEALTH_CHECK_DEFAULTS: Record<string, unknown> = {
  interval: 30,
  timeout: 5,
  retries: 3,
  startPeriod: 0
}

function canonicalContainer(
  container: Record<string, unknown>,
  options: CanonicalOptions
): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...container }
  for (const [key, value] of Object.entries(CONTAINER_DEFAULTS)) if (copy[key] === value) delete copy[key]
  const name = String(copy.name ?? '')
  if (Array.isArray(copy.environment)) {
    copy.environment = sortBy(
      copy.environment.map(entry => {
        const variable = entry as { name?: string; value?: string }
        const hidden = options.hiddenValues?.(name, String(variable.name), String(variable.value ?? ''))
        return hidden === undefined ? variable : { ...variable, value: hidden }
      }),
      'name'
    )
  }
  if (Array.isArray(copy.secrets)) copy.secrets = sortBy(copy.secrets, 'name')
  if (copy.healthCheck && typeof copy.healthCheck === 'object') {
    const healthCheck = { ...(copy.healthCheck as Record<string, unknown>) }
    for (const [key, value] of Object.entries(HEALTH_CHECK_DEFAULTS))
      if (healthCheck[key] === value) delete healthCheck[key]
    copy.healthCheck = healthCheck
  }
  if (Array.isArray(copy.portMappings)) {
    copy.portMappings = copy.portMappings.map(mapping => {
      const port = { ...(mapping as Record<string, unknown>) }
      if (port.protocol === 'tcp') delete port.protocol
      if (port.hostPort === port.containerPort) delete port.hostPort
      return port
    })
  }
  return copy
}

function sortBy(items: unknown[], key: string): unknown[] {
  return [...items].sort((a, b) => {
    const left = String((a as Record<string, unknown>)?.[key] ?? '')
    const right = String((b as Record<string, unknown>)?.[key] ?? '')
    return left < right ? -1 : left > right ? 1 : 0
  })
}

/** Empty lists and objects, null and undefined say the same as an absent field. */
function dropEmpty(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropEmpty)
  if (value && typeof value === 'object') {
    const copy: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(value)) {
      const cleaned = dropEmpty(item)
      if (cleaned === null || cleaned === undefined) continue
      if (Array.isArray(cleaned) && cleaned.length === 0) continue
      if (typeof cleaned === 'object' && !Array.isArray(cleaned) && Object.keys(cleaned).length === 0)
        continue
      copy[key] = cleaned
    }
    return copy
  }
  return value
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map(key => [key, sortKeys((value as Record<string, unknown>)[key])])
    )
  }
  return value
}
