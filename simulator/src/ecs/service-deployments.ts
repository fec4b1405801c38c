import { serviceDeploymentArn, serviceRevisionArn } from './arns.js'
import { epochSeconds, serviceDeploymentToken, type EcsContext } from './context.js'
import { pageStart, pageToken } from './lookup.js'
import type { DeploymentRecord, ServiceDeploymentRecord, ServiceRecord, TaskRecord } from './model.js'

type Json = Record<string, unknown>

/**
 * The newer service-deployment view (ListServiceDeployments/DescribeServiceDeployments). One service deployment
 * per UpdateService that started a deployment; a circuit-breaker rollback is part of the failed one
 * (ROLLBACK_*), not a service deployment of its own.
 */
export function startServiceDeployment(
  ctx: EcsContext,
  service: ServiceRecord,
  deployment: Pick<DeploymentRecord, 'id' | 'taskDefinitionArn'>,
  at: number
): ServiceDeploymentRecord {
  const cluster = service.cluster.name
  const breaker = service.deploymentConfiguration.deploymentCircuitBreaker
  const record: ServiceDeploymentRecord = {
    arn: serviceDeploymentArn(ctx, cluster, service.name, serviceDeploymentToken()),
    service,
    targetRevisionArn: serviceRevisionArn(ctx, cluster, service.name, deployment.id),
    targetTaskDefinitionArn: deployment.taskDefinitionArn,
    sourceRevisions: service.deployments.map(source => {
      const tasks = liveTasks(service, source)
      return {
        arn: serviceRevisionArn(ctx, cluster, service.name, source.id),
        requestedTaskCount: source.desiredCount,
        runningTaskCount: tasks.filter(task => task.lastStatus === 'RUNNING').length,
        pendingTaskCount: tasks.filter(
          task => task.lastStatus === 'PENDING' || task.lastStatus === 'PROVISIONING'
        ).length
      }
    }),
    status: 'IN_PROGRESS',
    createdAt: at,
    startedAt: at,
    updatedAt: at,
    deploymentConfiguration: structuredClone(service.deploymentConfiguration),
    circuitBreaker: { status: breaker.enable ? 'MONITORING' : 'DISABLED', failureCount: 0, threshold: 3 }
  }
  service.serviceDeployments.push(record)
  return record
}

function liveTasks(service: ServiceRecord, deployment: DeploymentRecord): TaskRecord[] {
  return service.cluster.tasks.filter(task => task.deployment === deployment && task.lastStatus !== 'STOPPED')
}

export function serviceDeploymentView(ctx: EcsContext, record: ServiceDeploymentRecord): Json {
  const service = record.service
  const primary = service.deployments.find(deployment => deployment.serviceDeployment === record)
  const tasks = primary ? liveTasks(service, primary) : []
  const time = (at: number | undefined) => (at === undefined ? undefined : epochSeconds(ctx, at))
  const { extra, ...configuration } = record.deploymentConfiguration
  return {
    serviceDeploymentArn: record.arn,
    serviceArn: service.arn,
    clusterArn: service.cluster.arn,
    createdAt: time(record.createdAt),
    startedAt: time(record.startedAt),
    finishedAt: time(record.finishedAt),
    stoppedAt: time(record.stoppedAt),
    updatedAt: time(record.updatedAt),
    sourceServiceRevisions: record.sourceRevisions,
    targetServiceRevision: {
      arn: record.targetRevisionArn,
      requestedTaskCount: primary?.desiredCount ?? 0,
      runningTaskCount: tasks.filter(task => task.lastStatus === 'RUNNING').length,
      pendingTaskCount: tasks.filter(
        task => task.lastStatus === 'PENDING' || task.lastStatus === 'PROVISIONING'
      ).length
    },
    status: record.status,
    ...(record.statusReason ? { statusReason: record.statusReason } : {}),
    ...(record.lifecycleStage ? { lifecycleStage: record.lifecycleStage } : {}),
    deploymentConfiguration: { ...configuration, ...extra },
    ...(record.rollback
      ? { rollback: { ...record.rollback, startedAt: time(record.rollback.startedAt) } }
      : {}),
    deploymentCircuitBreaker: { ...record.circuitBreaker }
  }
}

function briefView(ctx: EcsContext, record: ServiceDeploymentRecord): Json {
  const full = serviceDeploymentView(ctx, record)
  return {
    serviceDeploymentArn: full.serviceDeploymentArn,
    serviceArn: full.serviceArn,
    clusterArn: full.clusterArn,
    startedAt: full.startedAt,
    createdAt: full.createdAt,
    finishedAt: full.finishedAt,
    targetServiceRevisionArn: record.targetRevisionArn,
    status: record.status,
    ...(record.statusReason ? { statusReason: record.statusReason } : {})
  }
}

export function listServiceDeployments(ctx: EcsContext, service: ServiceRecord, input: Json): Json {
  const statuses = input.status as string[] | undefined
  const createdAt = (input.createdAt as { before?: number; after?: number } | undefined) ?? {}
  const records = [...service.serviceDeployments]
    .reverse()
    .filter(record => !statuses?.length || statuses.includes(record.status))
    .filter(record => createdAt.after === undefined || epochSeconds(ctx, record.createdAt) >= createdAt.after)
    .filter(
      record => createdAt.before === undefined || epochSeconds(ctx, record.createdAt) <= createdAt.before
    )
  const maxResults = Math.min((input.maxResults as number | undefined) ?? 20, 100)
  const start = pageStart(input.nextToken)
  const next = start + maxResults < records.length ? pageToken(start + maxResults) : undefined
  return {
    serviceDeployments: records.slice(start, start + maxResults).map(record => briefView(ctx, record)),
    ...(next ? { nextToken: next } : {})
  }
}

export function describeServiceDeployments(ctx: EcsContext, arns: string[]): Json {
  const all = new Map<string, ServiceDeploymentRecord>()
  for (const cluster of ctx.clusters.values()) {
    for (const service of cluster.services.values()) {
      for (const record of service.serviceDeployments) all.set(record.arn, record)
    }
  }
  const found = arns
    .map(arn => all.get(arn))
    .filter((record): record is ServiceDeploymentRecord => Boolean(record))
  return {
    serviceDeployments: found.map(record => serviceDeploymentView(ctx, record)),
    failures: arns.filter(arn => !all.has(arn)).map(arn => ({ arn, reason: 'MISSING' }))
  }
}
