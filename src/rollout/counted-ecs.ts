import type { EcsPort } from '../ports/ecs.js'
import type { CallWindow } from './poll-schedule.js'

/**
 * Every ECS request of the rollout counts against its per-minute budget, not only the polls: the calls around
 * a phase switch (the last polls, the verification, UpdateService, the next phase's first looks) otherwise
 * crowd into one minute above the budget. Paginated and batched operations count one call per request.
 */
export function countedEcs(ecs: EcsPort, window: CallWindow, now: () => number): EcsPort {
  const count =
    <T>(requests: (result: T) => number) =>
    (result: T) => {
      window.record(now(), requests(result))
      return result
    }
  const one = () => 1
  return {
    describeCluster: cluster => ecs.describeCluster(cluster).then(count(one)),
    describeService: (cluster, service) => ecs.describeService(cluster, service).then(count(one)),
    describeTaskDefinition: arn => ecs.describeTaskDefinition(arn).then(count(one)),
    registerTaskDefinition: request => ecs.registerTaskDefinition(request).then(count(one)),
    updateService: request => ecs.updateService(request).then(count(one)),
    listServiceTasks: (cluster, service, status) =>
      ecs
        .listServiceTasks(cluster, service, status)
        .then(count(arns => Math.max(1, Math.ceil(arns.length / 100)))),
    describeTasks: (cluster, arns) =>
      ecs.describeTasks(cluster, arns).then(count(() => Math.max(1, Math.ceil(arns.length / 100)))),
    serviceTags: (cluster, service) => ecs.serviceTags(cluster, service).then(count(one)),
    tagResource: (arn, tags) => ecs.tagResource(arn, tags).then(count(one)),
    untagResource: (arn, keys) => ecs.untagResource(arn, keys).then(count(one)),
    describeServiceDeployments: arns => ecs.describeServiceDeployments(arns).then(count(one))
  }
}
