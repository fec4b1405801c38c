import type { EcsSeed, ServiceSeed } from '../scenario.js'
import { newCluster } from './cluster-operations.js'
import type { EcsContext } from './context.js'
import { completeDeployment, startDeployment } from './deployments.js'
import { parseCapacityProviderStrategy, placeByStrategy } from './capacity-providers.js'
import type { ClusterRecord, TaskRecord } from './model.js'
import { markApplied } from './database-revisions.js'
import { imageTag } from './image-reference.js'
import { addServiceEvent } from './service-events.js'
import { newService } from './service-operations.js'
import { markTargetsAnnounced } from './load-balancer-targets.js'
import { launchTask, startAsAlreadyHealthy } from './task-lifecycle.js'
import { registerTaskDefinition } from './task-definitions.js'

/** How long before the simulator started a seeded service settled. */
const SEEDED_HISTORY_AGE_MS = 60 * 60_000

/** Seeded services run 100/200 with the circuit breaker and rollback on, as most consoles create them. */
const seedDeploymentConfiguration = {
  minimumHealthyPercent: 100,
  maximumPercent: 200,
  deploymentCircuitBreaker: { enable: true, rollback: true }
}

/**
 * The world as it was before the test: each service's task definition registered (revision 1 of its family
 * unless the family was seeded before) and desiredCount tasks RUNNING and healthy under a COMPLETED
 * deployment, or an IN_PROGRESS one for `inProgressForMs`.
 */
export function seedEcs(ctx: EcsContext, seed: EcsSeed | undefined): void {
  for (const clusterSeed of seed?.clusters ?? []) {
    const cluster =
      ctx.clusters.get(clusterSeed.name) ?? newCluster(ctx, clusterSeed.name, clusterSeed.status)
    for (const serviceSeed of clusterSeed.services ?? []) seedService(ctx, cluster, serviceSeed)
  }
}

function seedService(ctx: EcsContext, cluster: ClusterRecord, seed: ServiceSeed): void {
  const taskDefinition = registerTaskDefinition(ctx, seed.taskDefinition)
  const image = (seed.taskDefinition.containerDefinitions as { image?: string }[] | undefined)?.[0]?.image
  const tag = image ? imageTag(image) : undefined
  if (tag) markApplied(ctx, tag.startsWith('v') ? tag : `v${tag}`)
  const service = newService(ctx, cluster, {
    name: seed.name,
    desiredCount: seed.desiredCount,
    deploymentConfiguration: { ...seedDeploymentConfiguration, ...seed.deploymentConfiguration },
    loadBalancers: seed.loadBalancers ?? [],
    networkConfiguration: {
      awsvpcConfiguration: {
        subnets: ['subnet-a0000000', 'subnet-b0000000'],
        securityGroups: ['sg-00000000'],
        assignPublicIp: 'DISABLED'
      }
    },
    launchType: 'FARGATE',
    capacityProviderStrategy: parseCapacityProviderStrategy(seed.capacityProviderStrategy),
    ...(seed.healthCheckGracePeriodSeconds !== undefined
      ? { healthCheckGracePeriodSeconds: seed.healthCheckGracePeriodSeconds }
      : {}),
    ...(seed.deploymentController ? { deploymentController: seed.deploymentController } : {}),
    tags: []
  })
  const deployment = startDeployment(ctx, service, taskDefinition.arn)
  const running = seed.status === 'INACTIVE' ? 0 : seed.desiredCount
  const placed: TaskRecord[] = []
  for (let index = 0; index < running; index++) {
    const capacityProviderName = placeByStrategy(deployment.capacityProviderStrategy, placed)
    const task = launchTask(ctx, {
      ...(capacityProviderName ? { capacityProviderName } : {}),
      cluster,
      taskDefinition,
      service,
      deployment,
      startedBy: deployment.id,
      group: `service:${service.name}`,
      overrides: { containerOverrides: [], inferenceAcceleratorOverrides: [] }
    })
    startAsAlreadyHealthy(ctx, task)
    markTargetsAnnounced(task)
    placed.push(task)
  }
  if (seed.inProgressForMs !== undefined && seed.inProgressForMs > 0) {
    deployment.holdUntil = ctx.world.now() + seed.inProgressForMs
  } else {
    completeDeployment(ctx, service, deployment)
    // The seeded state is the past, not something that happens while the action runs: its deployment
    // completed, and the service reached its steady state, well before the simulator started. Events stamped
    // "now" would read as news of an older deployment right after the action's own one starts.
    addServiceEvent(ctx, service, 'has reached a steady state.')
    service.steady = true
    for (const event of service.events) event.createdAt -= SEEDED_HISTORY_AGE_MS
  }
  if (seed.status && seed.status !== 'ACTIVE') {
    service.status = seed.status
    service.desiredCount = 0
  }
}
