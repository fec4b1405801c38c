import type { RegisterTaskDefinitionRequest } from '@aws-sdk/client-ecs'
import type { EnvironmentVariable, SecretReference } from '../domain/container-values.js'
import { requireContainer, type ContainerJson } from './container-definition.js'
import { MIGRATIONS_VARIABLE } from './migrations-variable.js'
import { isOwnTag } from './own-tags.js'
import { secretValueFrom } from './secret-value-from.js'
import { toRegisterRequest } from './strip-describe-fields.js'

/** The inputs a render reads: the container to change, and what the `environment` and `secrets` inputs set in it. */
export interface ContainerInputs {
  containerName: string
  environment: readonly EnvironmentVariable[]
  secrets: readonly SecretReference[]
}

export interface RenderInput {
  /** The task-definition file's JSON, or the service's current task definition as described. */
  base: Record<string, unknown>
  settings: ContainerInputs
  /** The pinned image: `…:v0.6.6[-variant]@sha256:…`. */
  image: string
  /** secretId as given in the `secrets` input -> the full ARN DescribeSecret answered. */
  secretArns: Map<string, string>
}

export interface RenderedTaskDefinitions {
  fleet: RegisterTaskDefinitionRequest
  migrator: RegisterTaskDefinitionRequest
}

/**
 * The fleet task definition (migrations off) and the migrator (migrations on), identical otherwise. Only the
 * Open WebUI container's image, environment and secrets change; every other field stays as the user wrote it.
 * A secret whose ARN is not known (DescribeSecret found nothing) keeps the id as given: verification blocks it.
 */
export function renderTaskDefinitions(input: RenderInput): RenderedTaskDefinitions {
  return {
    fleet: renderVariant(input, 'false'),
    migrator: renderVariant(input, 'true')
  }
}

function renderVariant(input: RenderInput, migrations: 'true' | 'false'): RegisterTaskDefinitionRequest {
  const request = structuredClone(toRegisterRequest(input.base)) as unknown as Record<string, unknown>
  if (Array.isArray(request.tags)) {
    request.tags = request.tags.filter(tag => !isOwnTag(tag))
    if ((request.tags as unknown[]).length === 0) delete request.tags
  }
  const container = requireContainer(request, input.settings.containerName, 'the task definition')
  container.image = input.image
  const secretNames = new Set(input.settings.secrets.map(secret => secret.name))
  const environmentNames = new Set(input.settings.environment.map(variable => variable.name))

  const environment = new Map(input.settings.environment.map(variable => [variable.name, variable.value]))
  environment.set(MIGRATIONS_VARIABLE, migrations)
  setEntries(container, 'environment', 'value', environment, secretNames)

  const secrets = new Map(
    input.settings.secrets.map(secret => [
      secret.name,
      secretValueFrom(secret, input.secretArns.get(secret.secretId) ?? unconfirmedSecret(secret.name))
    ])
  )
  setEntries(container, 'secrets', 'valueFrom', secrets, new Set([...environmentNames, MIGRATIONS_VARIABLE]))
  return request as unknown as RegisterTaskDefinitionRequest
}

/**
 * What stands for a `secrets` line Secrets Manager did not confirm (no such secret, DescribeSecret failed, an
 * offline plan): the line may hold a pasted credential, so the plan, the diff and the comment show this instead
 * of it. Such a task definition is never registered: an unconfirmed secret is an error finding, and an offline
 * plan registers nothing.
 */
export function unconfirmedSecret(variable: string): string {
  return `(${variable}: secret not confirmed, not shown)`
}

/**
 * Sets `values` in the container's name/value list: an existing entry keeps its place (and any other fields),
 * later duplicates of a name we set are dropped, new names go at the end. Names in `movedAway` are dropped:
 * a variable given as a secret leaves the plain environment and the other way round, as ECS takes one source.
 */
function setEntries(
  container: ContainerJson,
  key: 'environment' | 'secrets',
  valueKey: 'value' | 'valueFrom',
  values: Map<string, string>,
  movedAway: Set<string>
): void {
  const existing = Array.isArray(container[key]) ? (container[key] as Record<string, unknown>[]) : []
  const written = new Set<string>()
  const entries: Record<string, unknown>[] = []
  for (const entry of existing) {
    const name = typeof entry?.name === 'string' ? entry.name : undefined
    if (name !== undefined && movedAway.has(name) && !values.has(name)) continue
    if (name !== undefined && values.has(name)) {
      if (written.has(name)) continue
      written.add(name)
      entries.push({ ...entry, [valueKey]: values.get(name) })
      continue
    }
    entries.push(entry)
  }
  for (const [name, value] of values) if (!written.has(name)) entries.push({ name, [valueKey]: value })
  if (entries.length > 0 || key in container) container[key] = entries
}
