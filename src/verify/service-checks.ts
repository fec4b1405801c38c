import type { Cluster, Service } from '../ports/ecs.js'
import type { Check, Finding } from '../domain/finding.js'
import type { CodeAt } from '../domain/check-registry.js'
import type { Verification } from './verification.js'

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
 * The rollout is a sequence of ECS rolling updates (a migrator at 0/100, then the fleet). A service whose
 * deployments belong to CodeDeploy or an external controller refuses a task-definition change in UpdateService;
 * ECS's own blue/green, linear and canary strategies run old and new revisions side by side behind the load
 * balancer and ignore minimumHealthyPercent/maximumPercent, so the one-migrator, no-version-skew guarantee
 * cannot hold. Refused before any write, with what to do instead.
 */
function undrivableDeployments(service: Service, name: string): Verification | undefined {
  const controller = service.deploymentController?.type ?? 'ECS'
  const strategy = service.deploymentConfiguration?.strategy ?? 'ROLLING'
  if (controller === 'ECS' && strategy === 'ROLLING') return undefined
  const detail =
    controller !== 'ECS'
      ? `${name} uses the ${controller} deployment controller`
      : `${name} uses the ${strategy} deployment strategy`
  const fix =
    controller === 'CODE_DEPLOY'
      ? 'Deploy this service through CodeDeploy, or point the action at a service with the ECS deployment controller and the ROLLING strategy (the controller is fixed at creation: create a new service)'
      : controller === 'EXTERNAL'
        ? 'Deploy this service with its external controller (task sets), or point the action at a service with the ECS deployment controller and the ROLLING strategy'
        : 'Switch the service to the rolling strategy (aws ecs update-service --deployment-configuration strategy=ROLLING), or deploy it another way'
  const why =
    controller === 'CODE_DEPLOY'
      ? 'ECS refuses task definition changes from UpdateService on it ("Use AWS CodeDeploy to trigger a new deployment")'
      : controller === 'EXTERNAL'
        ? 'its deployments are made with task sets by another controller, not by UpdateService'
        : 'that strategy runs the old and the new revision side by side, so the action cannot stop every old task before exactly one migrator starts'
  return {
    checks: [
      { name: 'Service', status: 'NG', detail: `${detail}: the action only drives ECS rolling updates` }
    ],
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
