import type { ContainerJson } from '../taskdef/container-definition.js'

/**
 * Whether the container's `entryPoint` or `command` assigns `name` before Open WebUI starts (`export
 * DATABASE_URL="postgresql://${DATABASE_USER}:…"; exec bash start.sh`, as the aws-samples CDK sample does).
 * The task definition then cannot show the value: the action can say it is set, not what it is.
 */
export function startCommandAssigns(container: ContainerJson | undefined, name: string): boolean {
  const assignment = new RegExp(`(^|[^A-Za-z0-9_])${name}=`)
  return [container?.entryPoint, container?.command].some(
    part => Array.isArray(part) && part.some(word => typeof word === 'string' && assignment.test(word))
  )
}
