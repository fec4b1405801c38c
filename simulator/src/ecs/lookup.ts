import { clusterName, nameFromReference, requireOwnArn, scopeOf } from './arns.js'
import type { EcsContext } from './context.js'
import { clusterNotFound, serviceNotFound } from './errors.js'
import type { ClusterRecord, ServiceRecord } from './model.js'

export function requireCluster(ctx: EcsContext, reference: unknown): ClusterRecord {
  requireOwnArn(ctx.world, reference)
  const cluster = ctx.clusters.get(clusterName(reference))
  if (!cluster) throw clusterNotFound()
  return cluster
}

/** A service by name or ARN; INACTIVE services are still found (ECS lists them for a while after deletion). */
export function requireService(cluster: ClusterRecord, reference: unknown): ServiceRecord {
  requireOwnArn(scopeOf(cluster.arn), reference)
  const service =
    typeof reference === 'string' ? cluster.services.get(nameFromReference(reference)) : undefined
  if (!service) throw serviceNotFound()
  return service
}

export function pageStart(token: unknown): number {
  if (typeof token !== 'string' || token === '') return 0
  const value = Number(Buffer.from(token, 'base64url').toString())
  return Number.isFinite(value) ? value : 0
}

export function pageToken(value: number): string {
  return Buffer.from(String(value)).toString('base64url')
}
