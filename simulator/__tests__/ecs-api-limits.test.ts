import { afterEach, describe, expect, test } from '@jest/globals'
import {
  call,
  createTestWorld,
  openWebUiTaskDefinition,
  scenarioWith,
  serviceSeed,
  type TestWorld
} from './ecs-test-world.js'

let sim: TestWorld
afterEach(() => sim?.ecs.stop())

describe('UpdateService on an EXTERNAL service (UpdateService API reference)', () => {
  // "For services using an external deployment controller, you can update only the desired count, task placement
  // constraints and strategies, health check grace period, enable ECS managed tags option, and propagate tags
  // option, using this API. If the launch type, load balancer, network configuration, platform version, or task
  // definition need to be updated, create a new task set."
  test('accepts the desired count, grace period, placement and tag options', async () => {
    sim = createTestWorld(scenarioWith(serviceSeed({ desiredCount: 1, deploymentController: 'EXTERNAL' })))
    const { service } = await call<{
      service: { desiredCount: number; healthCheckGracePeriodSeconds: number }
    }>(sim.ecs, 'UpdateService', {
      cluster: 'production',
      service: 'open-webui',
      desiredCount: 2,
      healthCheckGracePeriodSeconds: 60,
      placementStrategy: [],
      propagateTags: 'SERVICE',
      enableECSManagedTags: true
    })
    expect(service).toMatchObject({ desiredCount: 2, healthCheckGracePeriodSeconds: 60 })
  })

  test.each([
    ['taskDefinition', { taskDefinition: 'open-webui:1' }],
    [
      'networkConfiguration',
      { networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-a0000000'] } } }
    ],
    ['loadBalancers', { loadBalancers: [] }],
    ['platformVersion', { platformVersion: 'LATEST' }],
    ['forceNewDeployment', { forceNewDeployment: true }],
    ['deploymentConfiguration', { deploymentConfiguration: { maximumPercent: 100 } }],
    ['capacityProviderStrategy', { capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }] }]
  ])('refuses %s, before changing anything', async (member, change) => {
    sim = createTestWorld(scenarioWith(serviceSeed({ desiredCount: 1, deploymentController: 'EXTERNAL' })))
    const refused = call(sim.ecs, 'UpdateService', {
      cluster: 'production',
      service: 'open-webui',
      desiredCount: 3,
      ...change
    })
    await expect(refused).rejects.toMatchObject({ code: 'InvalidParameterException' })
    await expect(refused).rejects.toThrow(
      new RegExp(`^Unable to update ${member} on services with an EXTERNAL`)
    )
    expect(sim.ecs.service('production', 'open-webui')!.desiredCount).toBe(1)
  })
})

describe('task definition size (ECS service quotas: "Task definition size ... 64 KiB")', () => {
  function definitionOfBytes(bytes: number): Record<string, unknown> {
    const definition = openWebUiTaskDefinition('v0.6.6', { migrations: 'false' })
    const container = (definition.containerDefinitions as Record<string, unknown>[])[0]
    const environment = container.environment as { name: string; value: string }[]
    environment.push({ name: 'PADDING', value: '' })
    const { tags: _tags, ...measured } = definition
    const padding = bytes - Buffer.byteLength(JSON.stringify(measured))
    environment[environment.length - 1].value = 'x'.repeat(padding)
    return definition
  }

  test('65,536 bytes register; one more is refused with ECS ClientException', async () => {
    sim = createTestWorld()
    await expect(call(sim.ecs, 'RegisterTaskDefinition', definitionOfBytes(65536))).resolves.toBeDefined()
    await expect(call(sim.ecs, 'RegisterTaskDefinition', definitionOfBytes(65537))).rejects.toMatchObject({
      code: 'ClientException',
      message: "Actual length: '65537'. Max allowed length is '65536' bytes."
    })
    await expect(call(sim.ecs, 'ListTaskDefinitions', {})).resolves.toMatchObject({
      taskDefinitionArns: ['arn:aws:ecs:us-east-1:123456789012:task-definition/open-webui:1']
    })
  })
})

describe('task ARNs of another Region ("Invalid Region in ARN", as for clusters and services)', () => {
  test('DescribeTasks and StopTask refuse them; another account names no task', async () => {
    sim = createTestWorld(scenarioWith(serviceSeed({ desiredCount: 1 })))
    const [task] = sim.ecs.tasks('production', 'open-webui')
    const elsewhere = task.arn.replace(':us-east-1:', ':eu-west-1:')
    for (const [operation, input] of [
      ['DescribeTasks', { cluster: 'production', tasks: [elsewhere] }],
      ['StopTask', { cluster: 'production', task: elsewhere }]
    ] as const) {
      await expect(call(sim.ecs, operation, input)).rejects.toMatchObject({
        code: 'InvalidParameterException',
        message: 'Invalid Region in ARN'
      })
    }
    expect(task.desiredStatus).toBe('RUNNING')
    const otherAccount = task.arn.replace(':123456789012:', ':210987654321:')
    await expect(
      call(sim.ecs, 'DescribeTasks', { cluster: 'production', tasks: [otherAccount, task.arn] })
    ).resolves.toMatchObject({
      tasks: [{ taskArn: task.arn }],
      failures: [{ arn: otherAccount, reason: 'MISSING' }]
    })
  })
})
