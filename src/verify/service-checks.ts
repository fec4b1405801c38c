import type { Cluster, Service } from '../ports/ecs.js'
import type { Check, Finding } from '../plan/plan.js'
import type { CodeAt } from './check-registry.js'
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
  const counts = `desired ${service.desiredCount ?? 0}, running ${service.runningCount ?? 0}`
  return {
    checks: [{ name: 'Service', status: 'OK', detail: `${name} is ACTIVE (${counts})` }],
    findings: []
  }
}

/** A rollout in progress is waited for (within timeout-minutes), never stacked on: worth a line in the plan. */
export function verifyNoDeploymentInProgress(service: Service): Check {
  const inProgress = (service.deployments ?? []).filter(
    deployment => deployment.rolloutState === 'IN_PROGRESS'
  )
  if (inProgress.length === 0)
    return { name: 'Deployments', status: 'OK', detail: 'no deployment in progress' }
  const ids = inProgress.map(deployment => deployment.id ?? '?').join(', ')
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
