import { resourceName } from '../domain/arn.js'

/** Application Auto Scaling names an ECS service `service/CLUSTER/SERVICE`, by names, never ARNs. */
export function serviceResourceId(cluster: string, service: string): string {
  return `service/${resourceName(cluster)}/${resourceName(service)}`
}
