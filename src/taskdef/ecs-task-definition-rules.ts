import { domainToASCII } from 'node:url'
import { portProblem } from './port-variable.js'

/**
 * ECS's own rules for RegisterTaskDefinition, checked before anything is written, so a file ECS would refuse
 * is refused by name (`task-definition`) instead of halfway through a rollout, after the migrator's task
 * definition was registered. From the ECS API reference (RegisterTaskDefinition, ContainerDefinition,
 * HealthCheck) and the quota "Task definition size: 64 KiB".
 */

const FAMILY = /^[A-Za-z0-9_-]{1,255}$/
const NETWORK_MODES = ['bridge', 'host', 'awsvpc', 'none']
/** "The maximum size of a task definition is 64 KiB" (ECS service quotas), as the JSON ECS receives. */
export const MAX_TASK_DEFINITION_BYTES = 64 * 1024

/** HealthCheck fields and the ranges ECS accepts (seconds, retries). */
const HEALTH_CHECK_RANGES: [field: string, min: number, max: number][] = [
  ['interval', 5, 300],
  ['timeout', 2, 120],
  ['retries', 1, 10],
  ['startPeriod', 0, 300]
]

type Json = Record<string, unknown>

/** The first rule the task definition breaks, as a sentence naming the field; undefined when it keeps them all. */
export function ecsRuleViolation(taskDefinition: Json, containerName: string): string | undefined {
  const family = taskDefinition.family
  if (typeof family === 'string' && !FAMILY.test(family))
    return 'family must be 1 to 255 letters, digits, - and _ (ECS refuses any other character)'
  const networkMode = taskDefinition.networkMode
  if (networkMode !== undefined && !NETWORK_MODES.includes(String(networkMode)))
    return `networkMode must be one of ${NETWORK_MODES.join(', ')}`
  const compatibilities = taskDefinition.requiresCompatibilities
  // Only a mode given explicitly is checked here; a file that leaves it out is left to RegisterTaskDefinition.
  const fargate = Array.isArray(compatibilities) && compatibilities.includes('FARGATE')
  if (fargate && networkMode !== undefined && networkMode !== 'awsvpc')
    return `networkMode is ${String(networkMode)}, but requiresCompatibilities has FARGATE, which supports awsvpc only`
  const size = Buffer.byteLength(JSON.stringify(taskDefinition), 'utf8')
  if (size > MAX_TASK_DEFINITION_BYTES)
    return `is ${size} bytes as JSON: ECS allows at most ${MAX_TASK_DEFINITION_BYTES} (64 KiB)`
  const containers = (taskDefinition.containerDefinitions ?? []) as Json[]
  for (const [index, container] of containers.entries()) {
    const problem = containerViolation(container, container.name === containerName)
    if (problem) return `containerDefinitions[${index}]${problem}`
  }
  return undefined
}

function containerViolation(container: Json, isOpenWebui: boolean): string | undefined {
  if (!FAMILY.test(String(container.name))) return '.name must be 1 to 255 letters, digits, - and _'
  if (container.essential !== undefined && typeof container.essential !== 'boolean')
    return `.essential is ${JSON.stringify(typeof container.essential)}: expected true or false without quotes (ECS reads no string)`
  if (typeof container.image === 'string') {
    const host = registryHostProblem(container.image)
    if (host) return `.image ${host}`
  }
  const healthCheck = container.healthCheck as Json | undefined
  if (healthCheck !== undefined) {
    const command = healthCheck.command
    if (!Array.isArray(command) || command.length === 0 || command.some(part => typeof part !== 'string'))
      return '.healthCheck.command must be a list of strings, such as ["CMD-SHELL", "curl -sf http://localhost:8080/health || exit 1"]'
    for (const [field, min, max] of HEALTH_CHECK_RANGES) {
      const value = healthCheck[field]
      if (value === undefined) continue
      if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
        return `.healthCheck.${field} is ${JSON.stringify(value)}: ECS takes a whole number from ${min} to ${max}`
    }
  }
  if (isOpenWebui) {
    const environment = Array.isArray(container.environment) ? (container.environment as Json[]) : []
    const port = environment.find(entry => entry.name === 'PORT')
    const problem = port === undefined ? undefined : portProblem(String(port.value))
    if (problem) return `.environment PORT ${problem}`
  }
  return undefined
}

/**
 * A registry host must be ASCII: `ghсr.io` with a Cyrillic `с` reads as ghcr.io and pulls from someone
 * else's registry. Shown as its punycode (`xn--…`), which is what a resolver would ask for and what tells them
 * apart. undefined for ASCII hosts and for images without a host (Docker Hub).
 */
export function registryHostProblem(image: string): string | undefined {
  const slash = image.indexOf('/')
  if (slash < 0) return undefined
  const first = image.slice(0, slash)
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(first)) return undefined
  const [hostname] = first.split(':')
  const punycode = domainToASCII(hostname)
  return `has a registry host that is not ASCII (${punycode || 'not a valid host name'}): a look-alike of another host? Expected the host in plain ASCII`
}
