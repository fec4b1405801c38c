import {
  DescribeClustersCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateServiceCommand,
  paginateListTasks,
  type UpdateServiceRequest
} from '@aws-sdk/client-ecs'
import type {
  Cluster,
  EcsPort,
  RegisterTaskDefinitionRequest,
  Service,
  ServiceDeployment,
  Tag,
  Task,
  TaskDefinition
} from '../ports/ecs.js'
import { maskTaskDefinitionCredentials } from '../report/mask-credentials.js'
import { awsClientConfig, isAwsError, withOperation, type AwsClientOptions } from './client-config.js'

/** DescribeTasks takes at most 100 tasks; DescribeServiceDeployments at most 20 ARNs. */
const DESCRIBE_TASKS_BATCH = 100
const DESCRIBE_DEPLOYMENTS_BATCH = 20

export class SdkEcs implements EcsPort {
  private readonly client: ECSClient

  constructor(
    readonly region: string,
    options: AwsClientOptions = {}
  ) {
    this.client = new ECSClient(awsClientConfig(region, options))
  }

  async describeCluster(cluster: string): Promise<Cluster | undefined> {
    const output = await this.call('DescribeClusters', () =>
      this.client.send(new DescribeClustersCommand({ clusters: [cluster] }))
    )
    return output.clusters?.[0]
  }

  async describeService(cluster: string, service: string): Promise<Service | undefined> {
    try {
      const output = await this.call('DescribeServices', () =>
        this.client.send(new DescribeServicesCommand({ cluster, services: [service] }))
      )
      // A missing service is reported under failures (reason MISSING), not as an error.
      return output.services?.[0]
    } catch (error) {
      if (isAwsError(error, 'ClusterNotFoundException')) return undefined
      throw error
    }
  }

  async describeTaskDefinition(
    taskDefinition: string
  ): Promise<{ taskDefinition: TaskDefinition; tags: Tag[] }> {
    const output = await this.call('DescribeTaskDefinition', () =>
      this.client.send(new DescribeTaskDefinitionCommand({ taskDefinition, include: ['TAGS'] }))
    )
    if (!output.taskDefinition)
      throw new Error(`ECS DescribeTaskDefinition returned no task definition for ${taskDefinition}`)
    maskTaskDefinitionCredentials(output.taskDefinition)
    return { taskDefinition: output.taskDefinition, tags: output.tags ?? [] }
  }

  async registerTaskDefinition(request: RegisterTaskDefinitionRequest): Promise<TaskDefinition> {
    const output = await this.call('RegisterTaskDefinition', () =>
      this.client.send(new RegisterTaskDefinitionCommand(request))
    )
    if (!output.taskDefinition) throw new Error('ECS RegisterTaskDefinition returned no task definition')
    return output.taskDefinition
  }

  async updateService(request: UpdateServiceRequest): Promise<Service> {
    const output = await this.call('UpdateService', () => this.client.send(new UpdateServiceCommand(request)))
    if (!output.service) throw new Error('ECS UpdateService returned no service')
    return output.service
  }

  async listServiceTasks(
    cluster: string,
    service: string,
    desiredStatus: 'RUNNING' | 'STOPPED'
  ): Promise<string[]> {
    const taskArns: string[] = []
    await this.call('ListTasks', async () => {
      const pages = paginateListTasks(
        { client: this.client, pageSize: 100 },
        { cluster, serviceName: service, desiredStatus }
      )
      for await (const page of pages) taskArns.push(...(page.taskArns ?? []))
    })
    return taskArns
  }

  async describeTasks(cluster: string, taskArns: string[]): Promise<Task[]> {
    const tasks: Task[] = []
    for (let start = 0; start < taskArns.length; start += DESCRIBE_TASKS_BATCH) {
      const batch = taskArns.slice(start, start + DESCRIBE_TASKS_BATCH)
      const output = await this.call('DescribeTasks', () =>
        this.client.send(new DescribeTasksCommand({ cluster, tasks: batch }))
      )
      tasks.push(...(output.tasks ?? []))
    }
    return tasks
  }

  async serviceTags(cluster: string, service: string): Promise<Tag[] | undefined> {
    const output = await this.call('DescribeServices', () =>
      this.client.send(new DescribeServicesCommand({ cluster, services: [service], include: ['TAGS'] }))
    )
    const found = output.services?.[0]
    return found ? (found.tags ?? []) : undefined
  }

  async tagResource(resourceArn: string, tags: Tag[]): Promise<void> {
    await this.call('TagResource', () => this.client.send(new TagResourceCommand({ resourceArn, tags })))
  }

  async untagResource(resourceArn: string, tagKeys: string[]): Promise<void> {
    await this.call('UntagResource', () =>
      this.client.send(new UntagResourceCommand({ resourceArn, tagKeys }))
    )
  }

  async describeServiceDeployments(serviceDeploymentArns: string[]): Promise<ServiceDeployment[]> {
    const deployments: ServiceDeployment[] = []
    for (let start = 0; start < serviceDeploymentArns.length; start += DESCRIBE_DEPLOYMENTS_BATCH) {
      const batch = serviceDeploymentArns.slice(start, start + DESCRIBE_DEPLOYMENTS_BATCH)
      const output = await this.call('DescribeServiceDeployments', () =>
        this.client.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: batch }))
      )
      deployments.push(...(output.serviceDeployments ?? []))
    }
    return deployments
  }

  private async call<T>(operation: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send()
    } catch (error) {
      throw withOperation('ECS', operation, error)
    }
  }
}
