import type { EcsContext } from './context.js'
import { clusterNotFound, invalidParameter } from './errors.js'

function prefix(ctx: EcsContext): string {
  return `arn:aws:ecs:${ctx.world.region}:${ctx.world.accountId}`
}

export const clusterArn = (ctx: EcsContext, cluster: string): string => `${prefix(ctx)}:cluster/${cluster}`

export const serviceArn = (ctx: EcsContext, cluster: string, service: string): string =>
  `${prefix(ctx)}:service/${cluster}/${service}`

export const taskArn = (ctx: EcsContext, cluster: string, id: string): string =>
  `${prefix(ctx)}:task/${cluster}/${id}`

export const taskDefinitionArn = (ctx: EcsContext, family: string, revision: number): string =>
  `${prefix(ctx)}:task-definition/${family}:${revision}`

export const serviceDeploymentArn = (
  ctx: EcsContext,
  cluster: string,
  service: string,
  token: string
): string => `${prefix(ctx)}:service-deployment/${cluster}/${service}/${token}`

/** Revision ARNs end in the digits of the deployment that introduced them. */
export const serviceRevisionArn = (
  ctx: EcsContext,
  cluster: string,
  service: string,
  deploymentId: string
): string => `${prefix(ctx)}:service-revision/${cluster}/${service}/${deploymentId.replace('ecs-svc/', '')}`

export const containerArn = (ctx: EcsContext, cluster: string, runtimeId: string): string =>
  `${prefix(ctx)}:container/${cluster}/${runtimeId}`

/** The last path segment of an ARN, or the value itself when it is a plain name or id. */
export function nameFromReference(reference: string): string {
  if (!reference.startsWith('arn:')) return reference
  const resource = reference.split(':').slice(5).join(':')
  return resource.slice(resource.lastIndexOf('/') + 1)
}

/** A cluster given by name or ARN; ECS uses `default` when none is given. */
export function clusterName(reference: unknown): string {
  if (typeof reference !== 'string' || reference === '') return 'default'
  return nameFromReference(reference)
}

/**
 * ECS resolves an ARN in the Region and account of the endpoint it was sent to, and does not look the name up
 * when the ARN names another Region: `InvalidParameterException: Invalid Region in ARN` (see the fidelity test).
 * An ARN of another account names nothing the caller's account holds: not found.
 */
export function requireOwnArn(own: { region: string; accountId: string }, reference: unknown): void {
  requireOwnRegion(own, reference)
  if (isForeignAccount(own, reference)) throw clusterNotFound()
}

export function requireOwnRegion(own: { region: string }, reference: unknown): void {
  if (typeof reference !== 'string' || !reference.startsWith('arn:')) return
  if (reference.split(':')[3] !== own.region) throw invalidParameter('Invalid Region in ARN')
}

export function isForeignAccount(own: { accountId: string }, reference: unknown): boolean {
  return (
    typeof reference === 'string' && reference.startsWith('arn:') && reference.split(':')[4] !== own.accountId
  )
}

/** Region and account of an ARN this simulator made. */
export function scopeOf(arn: string): { region: string; accountId: string } {
  const [, , , region, accountId] = arn.split(':')
  return { region, accountId }
}
