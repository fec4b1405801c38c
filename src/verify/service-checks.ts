import type { Cluster, Service } from '../ports/ecs.js'
import type { Check, Finding } from '../domain/finding.js'
import type { CodeAt } from '../domain/check-registry.js'
import type { Verification } from './verification.js'
import type { RolloutStrategy } from '../domain/plan.js'
import { describeLifecycleStrategy, lifecycleStrategyOf } from '../domain/lifecycle-strategy.js'

export function verifyCluster(cluster: Cluster | undefined, requested: string, region: string): Verification {
  if (!cluster) {
    const detail = `${requested} was not found in ${region || 'the Region'}`
    return {
      checks: [{ name: 'Cluster', status: 'NG', detail }],
      findings: [
        notFound(
          'cluster-not-found',
          'ECS cluster not found',
          detail,
          'Check the cluster input and AWS_REGION'
        )
      ]
    }
  }
  if (cluster.status !== 'ACTIVE') {
    const detail = `${cluster.clusterName ?? requested} is ${cluster.status ?? 'not ACTIVE'}`
    return {
      checks: [{ name: 'Cluster', status: 'NG', detail }],
      findings: [
        notFound('cluster-not-active', 'ECS cluster is not ACTIVE', detail, 'Deploy to an ACTIVE cluster')
      ]
    }
  }
  return {
    checks: [{ name: 'Cluster', status: 'OK', detail: `${cluster.clusterName ?? requested} is ACTIVE` }],
    findings: []
  }
}

export function verifyService(
  service: Service | undefined,
  requested: string,
  cluster: string
): Verification {
  if (!service) {
    const detail = `${requested} was not found in cluster ${cluster}`
    return {
      checks: [{ name: 'Service', status: 'NG', detail }],
      findings: [
        notFound(
          'service-not-found',
          'ECS service not found',
          detail,
          'Check the service input; the action updates an existing service and does not create one'
        )
      ]
    }
  }
  const name = service.serviceName ?? requested
  if (service.status !== 'ACTIVE') {
    const detail = `${name} is ${service.status ?? 'not ACTIVE'}`
    return {
      checks: [{ name: 'Service', status: 'NG', detail }],
      findings: [
        notFound('service-not-active', 'ECS service is not ACTIVE', detail, 'Deploy to an ACTIVE service')
      ]
    }
  }
  const undrivable = undrivableDeployments(service, name)
  if (undrivable) return undrivable
  const counts = `desired ${service.desiredCount ?? 0}, running ${service.runningCount ?? 0}`
  return {
    checks: [{ name: 'Service', status: 'OK', detail: `${name} is ACTIVE (${counts})` }],
    findings: []
  }
}

/**
 * A service whose deployments belong to CodeDeploy or an external controller refuses a task-definition change in
 * UpdateService: refused before any write, with what to do instead. ECS's own blue/green, linear and canary
 * strategies are judged with the release range (verifyDeploymentStrategy).
 */
function undrivableDeployments(service: Service, name: string): Verification | undefined {
  const controller = service.deploymentController?.type ?? 'ECS'
  if (controller === 'ECS') return undefined
  const detail = `${name} uses the ${controller} deployment controller`
  const fix =
    controller === 'CODE_DEPLOY'
      ? 'Deploy this service through CodeDeploy, or point the action at a service with the ECS deployment controller (the controller is fixed at creation: create a new service)'
      : 'Deploy this service with its external controller (task sets), or point the action at a service with the ECS deployment controller'
  const why =
    controller === 'CODE_DEPLOY'
      ? 'ECS refuses task definition changes from UpdateService on it ("Use AWS CodeDeploy to trigger a new deployment")'
      : 'its deployments are made with task sets by another controller, not by UpdateService'
  return {
    checks: [{ name: 'Service', status: 'NG', detail: `${detail}: the action drives ECS deployments only` }],
    findings: [
      {
        level: 'error',
        code: 'service-deployment-not-rolling',
        title: 'The service is not deployed by ECS rolling updates',
        message: `${detail}; ${why}. The action refuses it before any change.`,
        fix
      }
    ]
  }
}

/**
 * Which strategy runs the upgrade, and why. ECS's BLUE_GREEN, LINEAR and CANARY run the old and the new revision
 * side by side: right for an upgrade without a schema change (the service's own strategy runs it), wrong across
 * one, where every old task must be gone before exactly one migrator starts: then drain, migrator and fleet run
 * as ROLLING deployments and the strategy with its settings comes back after the fleet (recorded before the
 * switch, healed by a re-run). ECS switches a strategy in place only with no deployment in progress: deploy
 * waits for one (within timeout-minutes) before any write.
 */
export function verifyDeploymentStrategy(
  service: Service | undefined,
  rollout: RolloutStrategy
): Verification {
  if (!service || rollout === 'unchanged') return { checks: [], findings: [] }
  const configuration = service.deploymentConfiguration
  const strategy = lifecycleStrategyOf(configuration)
  // ROLLING: the plan's steps already say what runs; nothing to add.
  if (!strategy || !configuration) return { checks: [], findings: [] }
  const described = describeLifecycleStrategy(configuration)
  if (rollout === 'rolling')
    return {
      checks: [
        {
          name: 'Strategy',
          status: 'OK',
          detail: `${described}: no schema change in the release range, so ECS's own ${strategy} deployment runs the upgrade (old and new side by side is safe on the same schema)`
        }
      ],
      findings: []
    }
  const inProgress = (service.deployments ?? []).filter(
    deployment => deployment.rolloutState === 'IN_PROGRESS'
  )
  return {
    checks: [
      {
        name: 'Strategy',
        status: inProgress.length > 0 ? 'WARN' : 'OK',
        detail: `${described}: the release range changes the schema and ${strategy} runs old and new side by side, so drain, migrator and fleet run as ROLLING deployments; ${strategy} and its settings come back after the fleet${inProgress.length > 0 ? `. ECS switches the strategy only with no deployment in progress: deploy waits for ${inProgress.map(deployment => deployment.id).join(', ')} first` : ''}`
      }
    ],
    findings: []
  }
}

/** A rollout in progress is waited for (within timeout-minutes), never stacked on: worth a line in the plan. */
export function verifyNoDeploymentInProgress(deploymentIds: string[]): Check {
  if (deploymentIds.length === 0)
    return { name: 'Deployments', status: 'OK', detail: 'no deployment in progress' }
  const ids = deploymentIds.join(', ')
  return {
    name: 'Deployments',
    status: 'WARN',
    detail: `${ids} in progress: deploy waits for it to finish (within timeout-minutes) before changing anything`
  }
}

/** Whether the service's tasks run on Fargate: its launch type, capacity providers, or the task definition. */
export function runsOnFargate(service: Service | undefined, requiresCompatibilities: unknown): boolean {
  if (service?.launchType) return service.launchType === 'FARGATE'
  if (service?.capacityProviderStrategy?.length) {
    return service.capacityProviderStrategy.some(item => item.capacityProvider?.startsWith('FARGATE'))
  }
  return Array.isArray(requiresCompatibilities) && requiresCompatibilities.includes('FARGATE')
}

function notFound(code: CodeAt<'error'>, title: string, message: string, fix: string): Finding {
  return { level: 'error', code, title, message, fix }
}
