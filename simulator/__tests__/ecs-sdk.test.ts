import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import {
  DescribeClustersCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  ListServiceDeploymentsCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  paginateListTasks,
  waitUntilServicesStable,
  type RegisterTaskDefinitionCommandInput
} from '@aws-sdk/client-ecs'
import { startSimulator, type Simulator } from '../src/index.js'
import { openWebUiTaskDefinition } from './ecs-test-world.js'

/** The engine through the real SDK: wire shapes, timestamps, errors and paginators as the action meets them. */
let sim: Simulator
let ecs: ECSClient
let registryHost: string

const pinned = (version: string) => `${registryHost}/open-webui/open-webui:${version}`

function taskDefinition(version: string, migrations: string): ReturnType<typeof openWebUiTaskDefinition> {
  const input = openWebUiTaskDefinition(version, { migrations })
  const [container] = input.containerDefinitions as Record<string, unknown>[]
  container.image = pinned(version)
  ;(container.secrets as { valueFrom: string }[])[0].valueFrom =
    sim.secretsManager.arnOf('openwebui/database')
  return input
}

beforeAll(async () => {
  sim = await startSimulator({
    timing: {
      provisioningMs: 20,
      pendingMs: 20,
      healthyAfterMs: 60,
      stoppingMs: 20,
      unhealthyGraceMs: 40,
      tickMs: 10
    },
    secrets: [{ name: 'openwebui/database', value: 'postgres://canary' }],
    registry: { repositories: { 'open-webui/open-webui': { 'v0.6.5': {}, 'v0.6.6': {} } } }
  })
  registryHost = sim.registryHost
  sim.ecs.seed({
    clusters: [
      {
        name: 'production',
        services: [
          { name: 'open-webui', taskDefinition: taskDefinition('v0.6.5', 'false'), desiredCount: 120 }
        ]
      }
    ]
  })
  ecs = new ECSClient({
    endpoint: sim.url,
    region: sim.region,
    credentials: { accessKeyId: 'AKIASIMULATOR0000000', secretAccessKey: 'secret' },
    maxAttempts: 1
  })
})

afterAll(async () => {
  ecs?.destroy()
  await sim?.stop()
})

describe('ECS through @aws-sdk/client-ecs', () => {
  test('describes clusters, services and task definitions with real types', async () => {
    const clusters = await ecs.send(new DescribeClustersCommand({ clusters: ['production', 'missing'] }))
    expect(clusters.clusters?.map(cluster => cluster.clusterName)).toEqual(['production'])
    expect(clusters.failures?.[0]).toMatchObject({ reason: 'MISSING' })
    const { services } = await ecs.send(
      new DescribeServicesCommand({ cluster: 'production', services: ['open-webui'] })
    )
    const service = services![0]
    expect(service.createdAt).toBeInstanceOf(Date)
    expect(service.deployments?.[0]).toMatchObject({
      status: 'PRIMARY',
      rolloutState: 'COMPLETED',
      runningCount: 120
    })
    expect(service.deployments?.[0].updatedAt).toBeInstanceOf(Date)
    const described = await ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: service.taskDefinition, include: ['TAGS'] })
    )
    expect(described.taskDefinition?.containerDefinitions?.[0].image).toBe(pinned('v0.6.5'))
    expect(described.taskDefinition?.registeredAt).toBeInstanceOf(Date)
  })

  test('the SDK paginator walks ListTasks over more than 100 tasks; DescribeTasks over 100 is refused', async () => {
    const arns: string[] = []
    for await (const page of paginateListTasks(
      { client: ecs },
      { cluster: 'production', serviceName: 'open-webui' }
    )) {
      arns.push(...(page.taskArns ?? []))
    }
    expect(new Set(arns).size).toBe(120)
    await expect(
      ecs.send(new DescribeTasksCommand({ cluster: 'production', tasks: arns }))
    ).rejects.toMatchObject({
      name: 'InvalidParameterException'
    })
    const { tasks } = await ecs.send(
      new DescribeTasksCommand({ cluster: 'production', tasks: arns.slice(0, 100) })
    )
    expect(tasks).toHaveLength(100)
    expect(tasks?.[0].startedAt).toBeInstanceOf(Date)
    expect(tasks?.[0].containers?.[0].healthStatus).toBe('HEALTHY')
  })

  test('a rolling update reaches a stable service and a SUCCESSFUL service deployment', async () => {
    const { taskDefinition: registered } = await ecs.send(
      new RegisterTaskDefinitionCommand(
        taskDefinition('v0.6.6', 'false') as unknown as RegisterTaskDefinitionCommandInput
      )
    )
    expect(registered?.revision).toBe(2)
    const { service } = await ecs.send(
      new UpdateServiceCommand({
        cluster: 'production',
        service: 'open-webui',
        taskDefinition: registered!.taskDefinitionArn,
        desiredCount: 3
      })
    )
    const created = service!.deployments!.find(deployment => deployment.status === 'PRIMARY')!
    await waitUntilServicesStable(
      { client: ecs, maxWaitTime: 30, minDelay: 1, maxDelay: 1 },
      { cluster: 'production', services: ['open-webui'] }
    )
    const { services } = await ecs.send(
      new DescribeServicesCommand({ cluster: 'production', services: ['open-webui'] })
    )
    expect(services![0].deployments).toEqual([
      expect.objectContaining({ id: created.id, rolloutState: 'COMPLETED', runningCount: 3 })
    ])
    const listed = await ecs.send(
      new ListServiceDeploymentsCommand({ cluster: 'production', service: 'open-webui' })
    )
    expect(listed.serviceDeployments?.[0].serviceDeploymentArn).toBe(service!.currentServiceDeployment)
    const { serviceDeployments } = await ecs.send(
      new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [service!.currentServiceDeployment!] })
    )
    expect(serviceDeployments?.[0]).toMatchObject({ status: 'SUCCESSFUL' })
    expect(serviceDeployments?.[0].finishedAt).toBeInstanceOf(Date)
    const running = await ecs.send(new ListTasksCommand({ cluster: 'production', serviceName: 'open-webui' }))
    expect(running.taskArns).toHaveLength(3)
  })

  test('the service answers /health and /api/version over HTTP from what its healthy tasks run', async () => {
    const health = await fetch(`${sim.url}/openwebui/production/open-webui/health`)
    expect(health.status).toBe(200)
    expect(await health.json()).toEqual({ status: true })
    const version = await fetch(`${sim.url}/openwebui/production/open-webui/api/version`)
    expect(await version.json()).toEqual({ version: '0.6.6', deployment_id: '' })
  })

  test('errors arrive as the SDK exceptions', async () => {
    await expect(
      ecs.send(new UpdateServiceCommand({ cluster: 'production', service: 'nope', desiredCount: 1 }))
    ).rejects.toMatchObject({ name: 'ServiceNotFoundException', message: 'Service not found.' })
    await expect(
      ecs.send(new DescribeServicesCommand({ cluster: 'nope', services: ['open-webui'] }))
    ).rejects.toMatchObject({ name: 'ClusterNotFoundException' })
  })
})
