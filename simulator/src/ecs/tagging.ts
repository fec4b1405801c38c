import type { EcsContext } from './context.js'
import { invalidParameter } from './errors.js'
import type { ServiceRecord, TaskDefinitionRecord } from './model.js'
import { AwsError } from '../world.js'

type Json = Record<string, unknown>
type Tag = { key: string; value: string }

/**
 * TagResource / UntagResource / ListTagsForResource for services and task definitions, by the ECS API
 * reference (TagResource): "Maximum number of tags per resource - 50", keys of at most 128 and values of at most
 * 256 Unicode characters, one value per key, and a service only by its long ARN
 * (`service/CLUSTER/SERVICE`; a short one is an InvalidParameterException).
 */
const MAX_TAGS = 50

function resourceTags(ctx: EcsContext, arn: unknown): { tags: Tag[] } {
  if (typeof arn !== 'string' || !arn.startsWith('arn:'))
    throw invalidParameter('The ARN provided is invalid.')
  const service = findService(ctx, arn)
  if (service) return service
  const definition = findTaskDefinition(ctx, arn)
  if (definition) return definition
  if (/:service\/[^/]+$/.test(arn))
    throw invalidParameter('Long arn format must be used for tagging operations')
  throw new AwsError('ResourceNotFoundException', 'The specified resource could not be found.')
}

function findService(ctx: EcsContext, arn: string): ServiceRecord | undefined {
  for (const cluster of ctx.clusters.values())
    for (const service of cluster.services.values()) if (service.arn === arn) return service
  return undefined
}

function findTaskDefinition(ctx: EcsContext, arn: string): TaskDefinitionRecord | undefined {
  for (const revisions of ctx.taskDefinitions.values())
    for (const definition of revisions) if (definition.arn === arn) return definition
  return undefined
}

export function tagResource(ctx: EcsContext, input: Json): Json {
  const resource = resourceTags(ctx, input.resourceArn)
  const tags = (input.tags as Tag[] | undefined) ?? []
  for (const tag of tags) {
    if (typeof tag.key !== 'string' || tag.key.length < 1 || [...tag.key].length > 128)
      throw invalidParameter('Tag keys must be between 1 and 128 characters.')
    if ([...(tag.value ?? '')].length > 256)
      throw invalidParameter('Tag values must be at most 256 characters.')
    if (tag.key.toLowerCase().startsWith('aws:')) throw invalidParameter('Tag keys may not start with aws:.')
  }
  const merged = new Map(resource.tags.map(tag => [tag.key, tag.value]))
  for (const tag of tags) merged.set(tag.key, tag.value ?? '')
  if (merged.size > MAX_TAGS) throw invalidParameter(`A resource can have at most ${MAX_TAGS} tags.`)
  resource.tags.splice(0, resource.tags.length, ...[...merged].map(([key, value]) => ({ key, value })))
  return {}
}

export function untagResource(ctx: EcsContext, input: Json): Json {
  const resource = resourceTags(ctx, input.resourceArn)
  const keys = new Set((input.tagKeys as string[] | undefined) ?? [])
  resource.tags.splice(0, resource.tags.length, ...resource.tags.filter(tag => !keys.has(tag.key)))
  return {}
}

export function listTagsForResource(ctx: EcsContext, input: Json): Json {
  return { tags: resourceTags(ctx, input.resourceArn).tags.map(tag => ({ ...tag })) }
}
