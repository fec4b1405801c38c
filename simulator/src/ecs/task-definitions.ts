import { taskDefinitionArn } from './arns.js'
import { epochSeconds, type EcsContext } from './context.js'
import { clientException } from './errors.js'
import { parseCpu, parseMemory } from './fargate-sizes.js'
import { pageStart, pageToken } from './lookup.js'
import type { TaskDefinitionRecord } from './model.js'
import { checkTaskDefinition, requiresFargate } from './task-definition-rules.js'

type Json = Record<string, unknown>

/** Request members that are not part of the stored task definition. */
const requestOnly = new Set(['tags'])

export function registerTaskDefinition(ctx: EcsContext, request: Json): TaskDefinitionRecord {
  checkTaskDefinition(request)
  const family = request.family as string
  const revisions = ctx.taskDefinitions.get(family) ?? []
  const revision = revisions.length + 1
  const arn = taskDefinitionArn(ctx, family, revision)
  const record: TaskDefinitionRecord = {
    arn,
    family,
    revision,
    status: 'ACTIVE',
    body: describedBody(ctx, request, arn, revision),
    tags: ((request.tags as { key: string; value: string }[] | undefined) ?? []).map(tag => ({ ...tag })),
    registeredAt: ctx.world.now()
  }
  revisions.push(record)
  ctx.taskDefinitions.set(family, revisions)
  return record
}

/** The task definition as ECS describes it: the request plus the defaults ECS fills in. */
function describedBody(ctx: EcsContext, request: Json, arn: string, revision: number): Json {
  const body: Json = {}
  for (const [key, value] of Object.entries(structuredClone(request))) {
    if (!requestOnly.has(key)) body[key] = value
  }
  const awsvpc = request.networkMode === 'awsvpc'
  body.containerDefinitions = (body.containerDefinitions as Json[]).map(container =>
    describedContainer(container, awsvpc)
  )
  body.taskDefinitionArn = arn
  body.revision = revision
  body.volumes ??= []
  body.placementConstraints ??= []
  body.status = 'ACTIVE'
  body.requiresAttributes = requiredAttributes(request)
  body.compatibilities = compatibilities(request)
  if (body.cpu !== undefined) body.cpu = String(parseCpu(String(body.cpu)) ?? body.cpu)
  if (body.memory !== undefined) body.memory = String(parseMemory(String(body.memory)) ?? body.memory)
  body.registeredBy = `arn:aws:sts::${ctx.world.accountId}:assumed-role/github-actions/simulator`
  return body
}

function describedContainer(container: Json, awsvpc: boolean): Json {
  const described: Json = { cpu: 0, ...container }
  described.essential ??= true
  described.portMappings = ((container.portMappings as Json[] | undefined) ?? []).map(mapping => ({
    ...mapping,
    hostPort: mapping.hostPort ?? (awsvpc ? mapping.containerPort : undefined),
    protocol: mapping.protocol ?? 'tcp'
  }))
  described.environment ??= []
  described.mountPoints ??= []
  described.volumesFrom ??= []
  described.systemControls ??= []
  const healthCheck = container.healthCheck as Json | undefined
  if (healthCheck) described.healthCheck = { interval: 30, timeout: 5, retries: 3, ...healthCheck }
  return described
}

function requiredAttributes(request: Json): { name: string }[] {
  const names = new Set<string>(['com.amazonaws.ecs.capability.docker-remote-api.1.18'])
  const containers = request.containerDefinitions as Json[]
  if (request.taskRoleArn) names.add('com.amazonaws.ecs.capability.task-iam-role')
  if (request.networkMode === 'awsvpc') names.add('ecs.capability.task-eni')
  for (const container of containers) {
    const logConfiguration = container.logConfiguration as Json | undefined
    if (logConfiguration?.logDriver === 'awslogs') {
      names.add('com.amazonaws.ecs.capability.logging-driver.awslogs')
      names.add('com.amazonaws.ecs.capability.docker-remote-api.1.19')
      if (request.executionRoleArn) names.add('ecs.capability.execution-role-awslogs')
    }
    if (((container.secrets as Json[] | undefined) ?? []).length > 0) {
      names.add('ecs.capability.secrets.asm.environment-variables')
    }
    if (container.healthCheck) {
      names.add('ecs.capability.container-health-check')
      names.add('com.amazonaws.ecs.capability.docker-remote-api.1.24')
    }
  }
  return [...names].map(name => ({ name }))
}

function compatibilities(request: Json): string[] {
  const fargateReady =
    request.networkMode === 'awsvpc' && request.cpu !== undefined && request.memory !== undefined
  return fargateReady || requiresFargate(request) ? ['EC2', 'FARGATE'] : ['EC2']
}

/** `family` (latest ACTIVE revision), `family:revision` or the full ARN. */
export function findTaskDefinition(ctx: EcsContext, reference: string): TaskDefinitionRecord | undefined {
  const resource = reference.startsWith('arn:')
    ? reference.slice(reference.indexOf('task-definition/') + 16)
    : reference
  const [family, revisionText] = resource.split(':')
  const revisions = ctx.taskDefinitions.get(family) ?? []
  if (revisionText === undefined) return [...revisions].reverse().find(record => record.status === 'ACTIVE')
  return revisions[Number(revisionText) - 1]
}

export function requireTaskDefinition(ctx: EcsContext, reference: unknown): TaskDefinitionRecord {
  const record = typeof reference === 'string' ? findTaskDefinition(ctx, reference) : undefined
  if (!record) throw clientException('Unable to describe task definition.')
  return record
}

export function taskDefinitionView(ctx: EcsContext, record: TaskDefinitionRecord): Json {
  const view: Json = { ...structuredClone(record.body), status: record.status }
  view.registeredAt = epochSeconds(ctx, record.registeredAt)
  if (record.deregisteredAt !== undefined) view.deregisteredAt = epochSeconds(ctx, record.deregisteredAt)
  return view
}

export function describeTaskDefinition(ctx: EcsContext, input: Json): Json {
  const record = requireTaskDefinition(ctx, input.taskDefinition)
  const includeTags = ((input.include as string[] | undefined) ?? []).includes('TAGS')
  return {
    taskDefinition: taskDefinitionView(ctx, record),
    ...(includeTags ? { tags: record.tags.map(tag => ({ ...tag })) } : {})
  }
}

export function registerTaskDefinitionOperation(ctx: EcsContext, input: Json): Json {
  const record = registerTaskDefinition(ctx, input)
  return { taskDefinition: taskDefinitionView(ctx, record), tags: record.tags.map(tag => ({ ...tag })) }
}

export function deregisterTaskDefinition(ctx: EcsContext, input: Json): Json {
  const reference = String(input.taskDefinition ?? '')
  const resource = reference.startsWith('arn:')
    ? reference.slice(reference.indexOf('task-definition/') + 16)
    : reference
  if (!/^[^:]+:\d+$/.test(resource)) {
    throw clientException('Invalid revision number. Number: ' + (resource.split(':')[1] ?? ''))
  }
  const record = requireTaskDefinition(ctx, reference)
  if (record.status === 'ACTIVE') {
    record.status = 'INACTIVE'
    record.deregisteredAt = ctx.world.now()
  }
  return { taskDefinition: taskDefinitionView(ctx, record) }
}

export function listTaskDefinitions(ctx: EcsContext, input: Json): Json {
  const status = (input.status as string | undefined) ?? 'ACTIVE'
  const family = input.familyPrefix as string | undefined
  const records = [...ctx.taskDefinitions.entries()]
    .filter(([name]) => family === undefined || name === family)
    .flatMap(([, revisions]) => revisions)
    .filter(record => status === 'ALL' || record.status === status)
    .sort((a, b) => a.family.localeCompare(b.family) || a.revision - b.revision)
  if (input.sort === 'DESC') records.reverse()
  const maxResults = (input.maxResults as number | undefined) ?? 100
  const start = pageStart(input.nextToken)
  const page = records.slice(start, start + maxResults)
  const next = start + maxResults < records.length ? pageToken(start + maxResults) : undefined
  return { taskDefinitionArns: page.map(record => record.arn), ...(next ? { nextToken: next } : {}) }
}
