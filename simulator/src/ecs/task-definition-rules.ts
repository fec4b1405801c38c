import { clientException } from './errors.js'
import { isFargateSize, parseCpu, parseMemory } from './fargate-sizes.js'

type Json = Record<string, unknown>

const namePattern = /^[A-Za-z0-9_-]{1,255}$/

/**
 * ECS service quotas: "Task definition size ... 64 KiB" (not adjustable). ECS measures the definition it would
 * store and answers ClientException "Actual length: '66420'. Max allowed length is '65536' bytes." (the text a
 * refused registration shows in CloudTrail, awsdocs/amazon-ecs-developer-guide#149). The simulator measures the
 * request's JSON without its tags, which are not part of the definition.
 */
export const MAX_TASK_DEFINITION_BYTES = 65536

/** The checks RegisterTaskDefinition makes beyond the API model, with the ClientException texts ECS uses. */
export function checkTaskDefinition(request: Json): void {
  checkSize(request)
  const family = request.family
  if (typeof family !== 'string' || !namePattern.test(family)) {
    throw clientException(
      'Family contains invalid characters. Up to 255 letters (uppercase and lowercase), numbers, hyphens, and underscores are allowed.'
    )
  }
  const containers = (request.containerDefinitions as Json[] | undefined) ?? []
  if (containers.length === 0)
    throw clientException('Task definition must contain at least one container definition.')
  const seen = new Set<string>()
  for (const container of containers) {
    checkContainer(container, request)
    if (seen.has(container.name as string)) {
      throw clientException(`Duplicate container name '${String(container.name)}' in task definition.`)
    }
    seen.add(container.name as string)
  }
  if (!containers.some(container => container.essential !== false)) {
    throw clientException('Task definition does not have any essential container.')
  }
  if (requiresFargate(request)) checkFargate(request, containers)
}

function checkSize(request: Json): void {
  const { tags: _tags, ...definition } = request
  const length = Buffer.byteLength(JSON.stringify(definition), 'utf8')
  if (length > MAX_TASK_DEFINITION_BYTES) {
    throw clientException(
      `Actual length: '${length}'. Max allowed length is '${MAX_TASK_DEFINITION_BYTES}' bytes.`
    )
  }
}

function checkContainer(container: Json, request: Json): void {
  if (typeof container.name !== 'string' || container.name === '') {
    throw clientException('Container.name should not be null or empty.')
  }
  if (!namePattern.test(container.name)) {
    throw clientException(
      `Container name '${container.name}' is invalid. Up to 255 letters (uppercase and lowercase), numbers, hyphens, and underscores are allowed.`
    )
  }
  if (typeof container.image !== 'string' || container.image.trim() === '') {
    throw clientException('Container.image should not be null or empty.')
  }
  if (
    request.memory === undefined &&
    container.memory === undefined &&
    container.memoryReservation === undefined
  ) {
    throw clientException(
      `Invalid setting for container '${container.name}'. At least one of 'memory' or 'memoryReservation' must be specified.`
    )
  }
  const healthCheck = container.healthCheck as Json | undefined
  if (healthCheck) checkHealthCheck(container.name, healthCheck)
  const names = new Set<string>()
  for (const secret of (container.secrets as Json[] | undefined) ?? []) {
    if (typeof secret.valueFrom !== 'string' || secret.valueFrom === '') {
      throw clientException(
        `Secret '${String(secret.name)}' of container '${container.name}' has an empty valueFrom.`
      )
    }
    names.add(String(secret.name))
  }
  for (const variable of (container.environment as Json[] | undefined) ?? []) {
    if (names.has(String(variable.name))) {
      throw clientException(
        `The secret name '${String(variable.name)}' must not be the same as an environment variable name of container '${container.name}'.`
      )
    }
  }
}

/** ECS's limits for container health checks; startPeriod is capped at 300 seconds. */
function checkHealthCheck(container: string, healthCheck: Json): void {
  const limits: [string, number, number][] = [
    ['interval', 5, 300],
    ['timeout', 2, 120],
    ['retries', 1, 10],
    ['startPeriod', 0, 300]
  ]
  for (const [field, min, max] of limits) {
    const value = healthCheck[field]
    if (value === undefined) continue
    if (typeof value !== 'number' || value < min || value > max) {
      throw clientException(
        `Invalid 'healthCheck' setting for container '${container}. '${field}' must be between ${min} and ${max}.`
      )
    }
  }
  const command = healthCheck.command as unknown[] | undefined
  if (!Array.isArray(command) || command.length === 0) {
    throw clientException(
      `Invalid 'healthCheck' setting for container '${container}'. 'command' must not be empty.`
    )
  }
}

export function requiresFargate(request: Json): boolean {
  return ((request.requiresCompatibilities as string[] | undefined) ?? []).includes('FARGATE')
}

function checkFargate(request: Json, containers: Json[]): void {
  if (request.networkMode !== 'awsvpc') throw clientException("Fargate only supports network mode 'awsvpc'.")
  if (request.cpu === undefined)
    throw clientException("Fargate requires that 'cpu' be defined at the task level.")
  if (request.memory === undefined)
    throw clientException("Fargate requires that 'memory' be defined at the task level.")
  const cpu = parseCpu(String(request.cpu))
  const memory = parseMemory(String(request.memory))
  if (cpu === undefined || memory === undefined || !isFargateSize(cpu, memory)) {
    throw clientException(
      `No Fargate configuration exists for given values: ${String(request.cpu)} CPU, ${String(request.memory)} memory. See the Amazon ECS documentation for the valid values.`
    )
  }
  const executionRole = request.executionRoleArn
  for (const container of containers) {
    const logConfiguration = container.logConfiguration as Json | undefined
    if (logConfiguration?.logDriver === 'awslogs' && !executionRole) {
      throw clientException(
        'Fargate requires task definition to have execution role ARN to support log driver awslogs.'
      )
    }
    if (((container.secrets as Json[] | undefined) ?? []).length > 0 && !executionRole) {
      throw clientException(
        `Fargate requires task definition to have execution role ARN to support secrets for container '${String(container.name)}'.`
      )
    }
  }
}
