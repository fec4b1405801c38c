import { epochSeconds, type EcsContext } from './context.js'
import type { CapacityProviderStrategyItem, DeploymentRecord, ServiceRecord, TaskRecord } from './model.js'
import { serviceRevisionArn } from './arns.js'

type Json = Record<string, unknown>

function counts(service: ServiceRecord, deployment?: DeploymentRecord): { running: number; pending: number } {
  const tasks = service.cluster.tasks.filter(
    (task: TaskRecord) =>
      task.service === service &&
      task.desiredStatus === 'RUNNING' &&
      (!deployment || task.deployment === deployment)
  )
  return {
    running: tasks.filter(task => task.lastStatus === 'RUNNING').length,
    pending: tasks.filter(task => task.lastStatus === 'PENDING' || task.lastStatus === 'PROVISIONING').length
  }
}

function deploymentView(ctx: EcsContext, service: ServiceRecord, deployment: DeploymentRecord): Json {
  const { running, pending } = counts(service, deployment)
  return {
    id: deployment.id,
    status: deployment.status,
    taskDefinition: deployment.taskDefinitionArn,
    desiredCount: deployment.desiredCount,
    pendingCount: pending,
    runningCount: running,
    failedTasks: deployment.failedTasks,
    createdAt: epochSeconds(ctx, deployment.createdAt),
    updatedAt: epochSeconds(ctx, deployment.updatedAt),
    ...launchOrStrategy(deployment.capacityProviderStrategy, service.launchType),
    platformVersion: '1.4.0',
    platformFamily: 'Linux',
    ...(deployment.networkConfiguration ? { networkConfiguration: deployment.networkConfiguration } : {}),
    rolloutState: deployment.rolloutState,
    rolloutStateReason: deployment.rolloutStateReason
  }
}

/** A service or deployment shows either its capacity provider strategy or its launch type, never both. */
function launchOrStrategy(strategy: CapacityProviderStrategyItem[] | undefined, launchType: string): Json {
  return strategy?.length ? { capacityProviderStrategy: strategy.map(item => ({ ...item })) } : { launchType }
}

/** A Service as DescribeServices, UpdateService and CreateService return it. */
export function serviceView(ctx: EcsContext, service: ServiceRecord): Json {
  const primary = service.deployments[0]
  const { running, pending } = counts(service)
  const { extra, ...configuration } = service.deploymentConfiguration
  const current = service.serviceDeployments.at(-1)
  return {
    serviceArn: service.arn,
    serviceName: service.name,
    clusterArn: service.cluster.arn,
    loadBalancers: service.loadBalancers,
    serviceRegistries: [],
    status: service.status,
    desiredCount: service.desiredCount,
    runningCount: running,
    pendingCount: pending,
    ...launchOrStrategy(service.capacityProviderStrategy, service.launchType),
    platformVersion: service.platformVersion,
    platformFamily: 'Linux',
    ...(primary ? { taskDefinition: primary.taskDefinitionArn } : {}),
    deploymentConfiguration: { ...configuration, ...extra },
    deployments: service.deployments.map(deployment => deploymentView(ctx, service, deployment)),
    events: service.events.map(event => ({
      id: event.id,
      createdAt: epochSeconds(ctx, event.createdAt),
      message: event.message
    })),
    createdAt: epochSeconds(ctx, service.createdAt),
    ...(current ? { currentServiceDeployment: current.arn } : {}),
    currentServiceRevisions: service.deployments.map(deployment => {
      const deploymentCounts = counts(service, deployment)
      return {
        arn: serviceRevisionArn(ctx, service.cluster.name, service.name, deployment.id),
        requestedTaskCount: deployment.desiredCount,
        runningTaskCount: deploymentCounts.running,
        pendingTaskCount: deploymentCounts.pending
      }
    }),
    placementConstraints: [],
    placementStrategy: [],
    ...(service.networkConfiguration ? { networkConfiguration: service.networkConfiguration } : {}),
    healthCheckGracePeriodSeconds: service.healthCheckGracePeriodSeconds,
    schedulingStrategy: 'REPLICA',
    deploymentController: { type: service.deploymentController },
    createdBy: `arn:aws:iam::${ctx.world.accountId}:role/simulator`,
    enableECSManagedTags: false,
    propagateTags: 'NONE',
    enableExecuteCommand: false,
    availabilityZoneRebalancing: 'ENABLED'
  }
}
