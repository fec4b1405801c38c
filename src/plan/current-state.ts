import type { Cluster, EcsPort, Service, Tag, TaskDefinition } from '../ports/ecs.js'
import type { Release } from '../domain/release.js'
import { parseImageReference, versionFromTag } from '../release/image-reference.js'
import { findStable } from '../release/stable-releases.js'
import { findContainer } from '../taskdef/container-definition.js'
import { isOwnTag } from '../taskdef/own-tags.js'
import { toRegisterRequest } from '../taskdef/strip-describe-fields.js'
import type { CurrentState } from '../domain/plan.js'

export interface ServiceState {
  cluster?: Cluster
  service?: Service
  /** The service's task definition, with the user's tags (ours left out) as RegisterTaskDefinition takes them. */
  taskDefinition?: Record<string, unknown>
  taskDefinitionArn?: string
}

/** DescribeClusters, DescribeServices and DescribeTaskDefinition: what runs now. Reads only. */
export async function readServiceState(
  ecs: EcsPort,
  clusterId: string,
  serviceId: string
): Promise<ServiceState> {
  const cluster = await ecs.describeCluster(clusterId)
  if (!cluster) return {}
  const service = await ecs.describeService(clusterId, serviceId)
  if (!service?.taskDefinition) return { cluster, service }
  const described = await ecs.describeTaskDefinition(service.taskDefinition)
  return {
    cluster,
    service,
    taskDefinition: withUserTags(described.taskDefinition, described.tags),
    taskDefinitionArn: described.taskDefinition.taskDefinitionArn ?? service.taskDefinition
  }
}

function withUserTags(taskDefinition: TaskDefinition, tags: Tag[]): Record<string, unknown> {
  const userTags = tags.filter(tag => !isOwnTag(tag))
  return {
    ...(taskDefinition as Record<string, unknown>),
    ...(userTags.length > 0 ? { tags: userTags } : {})
  }
}

/** The Open WebUI version an image pins (`…:v0.6.5-cuda@sha256:…` -> `0.6.5`), if it pins one. */
export function versionOfImage(image: string | undefined, variant?: string): string | undefined {
  const tag = image ? parseImageReference(image)?.tag : undefined
  return tag ? versionFromTag(tag, variant) : undefined
}

/** Ids of the deployments whose rollout is IN_PROGRESS. */
export function deploymentsInProgress(service: Service): string[] {
  return (service.deployments ?? [])
    .filter(deployment => deployment.rolloutState === 'IN_PROGRESS')
    .map(deployment => deployment.id ?? '?')
}

export function currentStateOf(
  state: ServiceState,
  containerName: string,
  variant: string | undefined,
  stable: Release[]
): CurrentState {
  const taskDefinition = state.taskDefinition ? toRegisterRequest(state.taskDefinition) : undefined
  const image = findContainer(taskDefinition, containerName)?.image
  const version = versionOfImage(image, variant)
  const release = version ? findStable(stable, version) : undefined
  return {
    ...(version ? { version } : {}),
    ...(image ? { image } : {}),
    ...(state.taskDefinitionArn ? { taskDefinitionArn: state.taskDefinitionArn } : {}),
    desiredCount: state.service?.desiredCount ?? 0,
    runningCount: state.service?.runningCount ?? 0,
    deploymentsInProgress: state.service?.status === 'ACTIVE' ? deploymentsInProgress(state.service) : [],
    ...(taskDefinition ? { taskDefinition } : {}),
    ...(release ? { release } : {})
  }
}
