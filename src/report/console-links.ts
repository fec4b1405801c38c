import { resourceName } from '../domain/arn.js'

/** Links into the ECS console (v2) for the service and a deployment. */
function serviceBase(region: string, cluster: string, service: string): string {
  const safeRegion = /^[a-z0-9-]+$/.test(region) ? region : 'us-east-1'
  return `https://${safeRegion}.console.aws.amazon.com/ecs/v2/clusters/${encodeURIComponent(cluster)}/services/${encodeURIComponent(service)}`
}

function regionQuery(region: string): string {
  return `?region=${encodeURIComponent(region)}`
}

export function serviceConsoleUrl(region: string, cluster: string, service: string): string {
  return `${serviceBase(region, cluster, service)}/health${regionQuery(region)}`
}

/** The service's deployments tab, or one service deployment when its ARN is known (its last path segment is the id). */
export function deploymentConsoleUrl(
  region: string,
  cluster: string,
  service: string,
  serviceDeploymentArn?: string
): string {
  const id = serviceDeploymentArn && resourceName(serviceDeploymentArn)
  return `${serviceBase(region, cluster, service)}/deployments${id ? `/${encodeURIComponent(id)}` : ''}${regionQuery(region)}`
}
