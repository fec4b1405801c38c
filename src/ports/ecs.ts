import type {
  Cluster,
  Deployment,
  RegisterTaskDefinitionRequest,
  Service,
  ServiceDeployment,
  Tag,
  Task,
  TaskDefinition,
  UpdateServiceRequest
} from '@aws-sdk/client-ecs'

export type {
  Cluster,
  Deployment,
  RegisterTaskDefinitionRequest,
  Service,
  ServiceDeployment,
  Tag,
  Task,
  TaskDefinition
}

/** The ECS operations the action uses. The production implementation is src/aws/ecs-client.ts. */
export interface EcsPort {
  /** undefined when the cluster does not exist (DescribeClusters reports it under failures). */
  describeCluster(cluster: string): Promise<Cluster | undefined>
  /** undefined when the service does not exist in the cluster. */
  describeService(cluster: string, service: string): Promise<Service | undefined>
  describeTaskDefinition(taskDefinition: string): Promise<{ taskDefinition: TaskDefinition; tags: Tag[] }>
  registerTaskDefinition(request: RegisterTaskDefinitionRequest): Promise<TaskDefinition>
  updateService(request: UpdateServiceRequest): Promise<Service>
  /** Every task ARN of the service with that desired status, following nextToken through all pages. */
  listServiceTasks(cluster: string, service: string, desiredStatus: 'RUNNING' | 'STOPPED'): Promise<string[]>
  /** Describes any number of tasks, in batches of 100 (the API's limit). */
  describeTasks(cluster: string, taskArns: string[]): Promise<Task[]>
  /** The service's tags (DescribeServices with include TAGS); undefined when the service does not exist. */
  serviceTags(cluster: string, service: string): Promise<Tag[] | undefined>
  /** TagResource / UntagResource on a service ARN. */
  tagResource(resourceArn: string, tags: Tag[]): Promise<void>
  untagResource(resourceArn: string, tagKeys: string[]): Promise<void>
  /** The service-deployment view (SUCCESSFUL, ROLLBACK_*); used to tell a rollback from a success. */
  describeServiceDeployments(serviceDeploymentArns: string[]): Promise<ServiceDeployment[]>
}
