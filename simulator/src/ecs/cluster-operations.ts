import { clusterArn, clusterName, isForeignAccount, requireOwnRegion } from './arns.js'
import type { EcsContext } from './context.js'
import type { ClusterRecord } from './model.js'

type Json = Record<string, unknown>

export function newCluster(
  ctx: EcsContext,
  name: string,
  status: ClusterRecord['status'] = 'ACTIVE'
): ClusterRecord {
  const cluster: ClusterRecord = { name, arn: clusterArn(ctx, name), status, services: new Map(), tasks: [] }
  ctx.clusters.set(name, cluster)
  return cluster
}

function clusterView(cluster: ClusterRecord): Json {
  const live = cluster.tasks.filter(task => task.lastStatus !== 'STOPPED')
  return {
    clusterArn: cluster.arn,
    clusterName: cluster.name,
    status: cluster.status,
    registeredContainerInstancesCount: 0,
    runningTasksCount: live.filter(task => task.lastStatus === 'RUNNING').length,
    pendingTasksCount: live.filter(
      task => task.lastStatus === 'PENDING' || task.lastStatus === 'PROVISIONING'
    ).length,
    activeServicesCount: [...cluster.services.values()].filter(service => service.status === 'ACTIVE').length,
    statistics: [],
    tags: [],
    settings: [{ name: 'containerInsights', value: 'disabled' }],
    capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
    defaultCapacityProviderStrategy: []
  }
}

/** Missing clusters are reported under failures, not as an error. */
export function describeClusters(ctx: EcsContext, input: Json): Json {
  const references = (input.clusters as string[] | undefined) ?? ['default']
  const clusters: Json[] = []
  const failures: Json[] = []
  for (const reference of references) {
    requireOwnRegion(ctx.world, reference)
    const cluster = isForeignAccount(ctx.world, reference)
      ? undefined
      : ctx.clusters.get(clusterName(reference))
    if (cluster) clusters.push(clusterView(cluster))
    else
      failures.push({
        arn: reference.startsWith('arn:') ? reference : clusterArn(ctx, reference),
        reason: 'MISSING'
      })
  }
  return { clusters, failures }
}

export function listClusters(ctx: EcsContext): Json {
  return { clusterArns: [...ctx.clusters.values()].map(cluster => cluster.arn) }
}
