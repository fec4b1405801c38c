/** Application Auto Scaling names an ECS service `service/CLUSTER/SERVICE`, by names, never ARNs. */
export function serviceResourceId(cluster: string, service: string): string {
  return `service/${lastPathPart(cluster)}/${lastPathPart(service)}`
}

/** `arn:aws:ecs:us-east-1:123:cluster/prod` -> `prod`; `.../service/prod/open-webui` -> `open-webui`; names unchanged. */
function lastPathPart(nameOrArn: string): string {
  return nameOrArn.startsWith('arn:') ? nameOrArn.slice(nameOrArn.lastIndexOf('/') + 1) : nameOrArn
}
