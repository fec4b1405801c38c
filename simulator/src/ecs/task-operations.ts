import { isForeignAccount, nameFromReference, requireOwnRegion, scopeOf } from './arns.js'
import type { EcsContext } from './context.js'
import { clientException, invalidParameter } from './errors.js'
import { pageToken, requireCluster, requireService } from './lookup.js'
import type { ClusterRecord, TaskRecord } from './model.js'
import { launchTask, requestStop } from './task-lifecycle.js'
import { requireTaskDefinition } from './task-definitions.js'
import { taskView } from './task-view.js'

type Json = Record<string, unknown>

/**
 * A task by id or ARN. An ARN of another Region is refused before any lookup, as for clusters and services
 * (`InvalidParameterException: Invalid Region in ARN`); one of another account names no task of this one.
 */
function findTask(cluster: ClusterRecord, reference: string): TaskRecord | undefined {
  requireOwnRegion(scopeOf(cluster.arn), reference)
  if (isForeignAccount(scopeOf(cluster.arn), reference)) return undefined
  const id = nameFromReference(reference)
  return cluster.tasks.find(task => task.id === id)
}

export function runTask(ctx: EcsContext, input: Json): Json {
  const cluster = requireCluster(ctx, input.cluster)
  let taskDefinition
  try {
    taskDefinition = requireTaskDefinition(ctx, input.taskDefinition)
  } catch {
    throw clientException('TaskDefinition not found.')
  }
  if (taskDefinition.status !== 'ACTIVE') throw clientException('TaskDefinition is inactive')
  const count = (input.count as number | undefined) ?? 1
  if (!Number.isInteger(count) || count < 1 || count > 10)
    throw invalidParameter('count must be between 1 and 10.')
  if (taskDefinition.body.networkMode === 'awsvpc' && input.networkConfiguration === undefined) {
    throw invalidParameter("Network Configuration must be provided when networkMode 'awsvpc' is specified.")
  }
  const tasks: TaskRecord[] = []
  for (let index = 0; index < count; index++) {
    tasks.push(
      launchTask(ctx, {
        cluster,
        taskDefinition,
        startedBy: input.startedBy as string | undefined,
        group: (input.group as string | undefined) ?? `family:${taskDefinition.family}`,
        overrides: {
          containerOverrides: [],
          inferenceAcceleratorOverrides: [],
          ...((input.overrides as Json) ?? {})
        },
        tags: (input.tags as { key: string; value: string }[] | undefined) ?? []
      })
    )
  }
  return { tasks: tasks.map(task => taskView(ctx, task)), failures: [] }
}

export function stopTask(ctx: EcsContext, input: Json): Json {
  const cluster = requireCluster(ctx, input.cluster)
  const task = findTask(cluster, String(input.task ?? ''))
  if (!task) throw invalidParameter('The referenced task was not found.')
  const reason = (input.reason as string | undefined) || 'Task stopped by user'
  requestStop(ctx, task, ctx.world.now(), 'UserInitiated', reason)
  if (task.service) task.service.steady = false
  return { task: taskView(ctx, task) }
}

/** ListTasks pages by at most 100 ARNs; the token remembers the last task returned, so pages stay stable. */
export function listTasks(ctx: EcsContext, input: Json): Json {
  const cluster = requireCluster(ctx, input.cluster)
  const service = input.serviceName !== undefined ? requireService(cluster, input.serviceName) : undefined
  const desiredStatus = (input.desiredStatus as string | undefined) ?? 'RUNNING'
  const maxResults = (input.maxResults as number | undefined) ?? 100
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 100) {
    throw invalidParameter('maxResults must be between 1 and 100.')
  }
  const after = input.nextToken ? Number(Buffer.from(String(input.nextToken), 'base64url').toString()) : 0
  if (!Number.isFinite(after)) throw invalidParameter('Invalid nextToken.')
  const family = input.family as string | undefined
  const startedBy = input.startedBy as string | undefined
  const matching = cluster.tasks.filter(
    task =>
      task.seq > after &&
      task.desiredStatus === desiredStatus &&
      (!service || task.service === service) &&
      (!family || task.taskDefinition.family === family) &&
      (!startedBy || task.startedBy === startedBy)
  )
  const page = matching.slice(0, maxResults)
  const more = matching.length > maxResults
  return { taskArns: page.map(task => task.arn), ...(more ? { nextToken: pageToken(page.at(-1)!.seq) } : {}) }
}

export function describeTasks(ctx: EcsContext, input: Json): Json {
  const cluster = requireCluster(ctx, input.cluster)
  const references = (input.tasks as string[] | undefined) ?? []
  if (references.length === 0) throw invalidParameter('Tasks cannot be empty.')
  if (references.length > 100)
    throw invalidParameter('Too many tasks were provided. Provide at most 100 tasks.')
  const tasks: Json[] = []
  const failures: Json[] = []
  for (const reference of references) {
    const task = findTask(cluster, reference)
    if (task) tasks.push(taskView(ctx, task))
    else failures.push({ arn: reference, reason: 'MISSING' })
  }
  return { tasks, failures }
}
