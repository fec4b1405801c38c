import { isForeignAccount, requireOwnRegion, scopeOf, serviceArn } from './arns.js'
import { parseCapacityProviderStrategy } from './capacity-providers.js'
import type { EcsContext } from './context.js'
import {
  refuseCodeDeployUpdate,
  refuseExternalUpdate,
  refuseStrategyChangeDuringDeployment,
  requireForceForStrategyChange
} from './controller-rules.js'
import { defaultDeploymentConfiguration, mergeDeploymentConfiguration } from './deployment-configuration.js'
import { startDeployment } from './deployments.js'
import { clientException, invalidParameter, serviceNotActive } from './errors.js'
import { pageStart, pageToken, requireCluster, requireService } from './lookup.js'
import type { ClusterRecord, ServiceRecord, TaskDefinitionRecord } from './model.js'
import { serviceView } from './service-view.js'
import { requireTaskDefinition } from './task-definitions.js'

type Json = Record<string, unknown>

export function describeServices(ctx: EcsContext, input: Json): Json {
  const cluster = requireCluster(ctx, input.cluster)
  const references = (input.services as string[] | undefined) ?? []
  if (references.length === 0) throw invalidParameter('Services cannot be empty.')
  if (references.length > 10)
    throw invalidParameter('Too many services were provided. Provide at most 10 services.')
  const includeTags = ((input.include as string[] | undefined) ?? []).includes('TAGS')
  const services: Json[] = []
  const failures: Json[] = []
  for (const reference of references) {
    const service = findService(cluster, reference)
    if (service)
      services.push({ ...serviceView(ctx, service), ...(includeTags ? { tags: service.tags } : {}) })
    else
      failures.push({
        arn: reference.startsWith('arn:') ? reference : serviceArn(ctx, cluster.name, reference),
        reason: 'MISSING'
      })
  }
  return { services, failures }
}

function findService(cluster: ClusterRecord, reference: string): ServiceRecord | undefined {
  requireOwnRegion(scopeOf(cluster.arn), reference)
  if (isForeignAccount(scopeOf(cluster.arn), reference)) return undefined
  try {
    return requireService(cluster, reference)
  } catch {
    return undefined
  }
}

export function listServices(ctx: EcsContext, input: Json): Json {
  const cluster = requireCluster(ctx, input.cluster)
  const arns = [...cluster.services.values()]
    .filter(service => service.status !== 'INACTIVE')
    .map(service => service.arn)
  const maxResults = Math.min((input.maxResults as number | undefined) ?? 10, 100)
  const start = pageStart(input.nextToken)
  const end = start + maxResults
  return { serviceArns: arns.slice(start, end), ...(end < arns.length ? { nextToken: pageToken(end) } : {}) }
}

function usableTaskDefinition(ctx: EcsContext, reference: unknown): TaskDefinitionRecord {
  let record: TaskDefinitionRecord
  try {
    record = requireTaskDefinition(ctx, reference)
  } catch {
    throw clientException('TaskDefinition not found.')
  }
  if (record.status !== 'ACTIVE') throw clientException('TaskDefinition is inactive')
  return record
}

function checkDesiredCount(value: unknown): number | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw invalidParameter('desiredCount must be a non-negative integer.')
  }
  return value
}

/** healthCheckGracePeriodSeconds: an integer 0..2,147,483,647 (the API's Integer range). */
function checkGracePeriod(value: unknown): number | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 2_147_483_647) {
    throw invalidParameter('healthCheckGracePeriodSeconds must be between 0 and 2147483647.')
  }
  return value
}

/**
 * A new deployment starts only when what the tasks run changes (task definition, network, load balancers)
 * or forceNewDeployment is set; a desired count, deployment configuration or health check grace period change
 * alone starts none. A capacity provider strategy change is refused without forceNewDeployment.
 */
export function updateService(ctx: EcsContext, input: Json): Json {
  const cluster = requireCluster(ctx, input.cluster)
  const service = requireService(cluster, input.service)
  if (service.status !== 'ACTIVE') throw serviceNotActive()
  if (service.deploymentController === 'EXTERNAL') refuseExternalUpdate(input)
  const desiredCount = checkDesiredCount(input.desiredCount)
  const gracePeriod = checkGracePeriod(input.healthCheckGracePeriodSeconds)
  const strategy = parseCapacityProviderStrategy(input.capacityProviderStrategy)
  refuseStrategyChangeDuringDeployment(service, input)
  const configuration = mergeDeploymentConfiguration(
    service.deploymentConfiguration,
    input.deploymentConfiguration as Json
  )
  const primary = service.deployments[0]
  const taskDefinition =
    input.taskDefinition !== undefined ? usableTaskDefinition(ctx, input.taskDefinition) : undefined
  if (service.deploymentController === 'CODE_DEPLOY') refuseCodeDeployUpdate(service, input, taskDefinition)
  requireForceForStrategyChange(service, strategy, input.forceNewDeployment)
  const changesTasks =
    (taskDefinition !== undefined && taskDefinition.arn !== primary?.taskDefinitionArn) ||
    (input.networkConfiguration !== undefined &&
      JSON.stringify(input.networkConfiguration) !== JSON.stringify(service.networkConfiguration)) ||
    (input.loadBalancers !== undefined &&
      JSON.stringify(input.loadBalancers) !== JSON.stringify(service.loadBalancers))
  service.deploymentConfiguration = configuration
  if (gracePeriod !== undefined) service.healthCheckGracePeriodSeconds = gracePeriod
  if (strategy !== undefined) service.capacityProviderStrategy = strategy.length > 0 ? strategy : undefined
  if (desiredCount !== undefined && desiredCount !== service.desiredCount) {
    service.desiredCount = desiredCount
    service.steady = false
  }
  if (input.networkConfiguration !== undefined)
    service.networkConfiguration = input.networkConfiguration as Json
  if (input.loadBalancers !== undefined) service.loadBalancers = input.loadBalancers as Json[]
  if (changesTasks || input.forceNewDeployment === true) {
    startDeployment(ctx, service, taskDefinition?.arn ?? primary.taskDefinitionArn)
  }
  return { service: serviceView(ctx, service) }
}

export function createService(ctx: EcsContext, input: Json): Json {
  const cluster = requireCluster(ctx, input.cluster)
  const name = String(input.serviceName ?? '')
  const existing = cluster.services.get(name)
  if (existing && existing.status !== 'INACTIVE')
    throw invalidParameter('Creation of service was not idempotent.')
  const taskDefinition = usableTaskDefinition(ctx, input.taskDefinition)
  const service = newService(ctx, cluster, {
    name,
    desiredCount: checkDesiredCount(input.desiredCount) ?? 0,
    deploymentConfiguration: input.deploymentConfiguration as Json | undefined,
    loadBalancers: (input.loadBalancers as Json[] | undefined) ?? [],
    networkConfiguration: input.networkConfiguration as Json | undefined,
    launchType: (input.launchType as string | undefined) ?? 'FARGATE',
    capacityProviderStrategy: parseCapacityProviderStrategy(input.capacityProviderStrategy),
    healthCheckGracePeriodSeconds: checkGracePeriod(input.healthCheckGracePeriodSeconds),
    ...((input.deploymentController as Json | undefined)?.type
      ? {
          deploymentController: (input.deploymentController as Json)
            .type as ServiceRecord['deploymentController']
        }
      : {}),
    tags: (input.tags as { key: string; value: string }[] | undefined) ?? []
  })
  startDeployment(ctx, service, taskDefinition.arn)
  return { service: serviceView(ctx, service) }
}

export interface NewService {
  name: string
  desiredCount: number
  deploymentConfiguration?: Json
  loadBalancers: Json[]
  networkConfiguration?: Json
  launchType: string
  capacityProviderStrategy?: ServiceRecord['capacityProviderStrategy']
  healthCheckGracePeriodSeconds?: number
  deploymentController?: ServiceRecord['deploymentController']
  tags: { key: string; value: string }[]
  status?: ServiceRecord['status']
}

export function newService(ctx: EcsContext, cluster: ClusterRecord, spec: NewService): ServiceRecord {
  const service: ServiceRecord = {
    name: spec.name,
    arn: serviceArn(ctx, cluster.name, spec.name),
    cluster,
    status: spec.status ?? 'ACTIVE',
    desiredCount: spec.desiredCount,
    deploymentConfiguration: mergeDeploymentConfiguration(
      defaultDeploymentConfiguration(),
      spec.deploymentConfiguration
    ),
    deploymentController: spec.deploymentController ?? 'ECS',
    loadBalancers: spec.loadBalancers,
    networkConfiguration: spec.networkConfiguration,
    launchType: spec.launchType,
    ...(spec.capacityProviderStrategy?.length
      ? { capacityProviderStrategy: spec.capacityProviderStrategy }
      : {}),
    healthCheckGracePeriodSeconds: spec.healthCheckGracePeriodSeconds ?? 0,
    platformVersion: 'LATEST',
    createdAt: ctx.world.now(),
    deployments: [],
    completedHistory: [],
    serviceDeployments: [],
    events: [],
    steady: false,
    tags: spec.tags
  }
  cluster.services.set(spec.name, service)
  return service
}

/** DeleteService: the service drains (DRAINING) and turns INACTIVE once its last task stopped. */
export function deleteService(ctx: EcsContext, input: Json): Json {
  const cluster = requireCluster(ctx, input.cluster)
  const service = requireService(cluster, input.service)
  if (service.status === 'INACTIVE') throw serviceNotActive()
  if (service.desiredCount > 0 && input.force !== true) {
    throw invalidParameter('The service cannot be stopped while it is scaled above 0.')
  }
  drainService(service)
  return { service: serviceView(ctx, service) }
}

export function drainService(service: ServiceRecord): void {
  service.status = 'DRAINING'
  service.desiredCount = 0
  service.steady = false
}
