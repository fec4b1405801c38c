import type { RegisterTaskDefinitionRequest } from '@aws-sdk/client-ecs'
import { InputError } from '../errors.js'

/** A container definition as JSON: the typed fields the action reads, and whatever else the user wrote. */
export type ContainerJson = Record<string, unknown> & {
  name?: string
  image?: string
  environment?: { name?: string; value?: string }[]
  secrets?: { name?: string; valueFrom?: string }[]
  logConfiguration?: { logDriver?: string; options?: Record<string, string> }
}

export function containersOf(
  taskDefinition: RegisterTaskDefinitionRequest | Record<string, unknown>
): ContainerJson[] {
  const containers = (taskDefinition as { containerDefinitions?: unknown }).containerDefinitions
  return Array.isArray(containers)
    ? (containers.filter(item => item && typeof item === 'object') as ContainerJson[])
    : []
}

export function findContainer(
  taskDefinition: RegisterTaskDefinitionRequest | Record<string, unknown> | undefined,
  name: string
): ContainerJson | undefined {
  return taskDefinition ? containersOf(taskDefinition).find(container => container.name === name) : undefined
}

/** The Open WebUI container, or an InputError naming `container-name` and the containers there are. */
export function requireContainer(
  taskDefinition: RegisterTaskDefinitionRequest | Record<string, unknown>,
  name: string,
  where: string
): ContainerJson {
  const container = findContainer(taskDefinition, name)
  if (container) return container
  const names = containersOf(taskDefinition).map(candidate => String(candidate.name))
  throw new InputError(
    'container-name',
    `${where} has no container '${name}' (it has: ${names.join(', ') || 'none'})`
  )
}

/** Environment of a container by name: the last entry wins, as in ECS. */
export function environmentOf(container: ContainerJson | undefined): Map<string, string> {
  const environment = new Map<string, string>()
  for (const entry of container?.environment ?? []) {
    if (typeof entry?.name === 'string') environment.set(entry.name, String(entry.value ?? ''))
  }
  return environment
}

/** ECS secrets of a container: name -> valueFrom. */
export function secretsOf(container: ContainerJson | undefined): Map<string, string> {
  const secrets = new Map<string, string>()
  for (const entry of container?.secrets ?? []) {
    if (typeof entry?.name === 'string') secrets.set(entry.name, String(entry.valueFrom ?? ''))
  }
  return secrets
}
