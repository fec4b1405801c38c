import type { EcsPort, Task } from '../ports/ecs.js'

/**
 * The service's tasks: ListTasks follows every page (a tool that forgot pagination never finished for services
 * over 100 tasks) and DescribeTasks goes in batches of 100, both inside the port.
 */
export async function serviceTasks(ecs: EcsPort, cluster: string, service: string): Promise<Task[]> {
  const arns = await ecs.listServiceTasks(cluster, service, 'RUNNING')
  return arns.length === 0 ? [] : ecs.describeTasks(cluster, arns)
}

/** Stopped tasks are many after a rollout of a big fleet; the diagnostics need the recent failures, not all. */
export const MAX_STOPPED_TASKS_DESCRIBED = 500

/** Stopped tasks ECS still remembers (about an hour), described up to a bound. */
export async function stoppedServiceTasks(ecs: EcsPort, cluster: string, service: string): Promise<Task[]> {
  const arns = await ecs.listServiceTasks(cluster, service, 'STOPPED')
  if (arns.length === 0) return []
  return ecs.describeTasks(cluster, arns.slice(0, MAX_STOPPED_TASKS_DESCRIBED))
}
