import { afterEach, describe, expect, test } from '@jest/globals'
import type { AwsError } from '../src/world.js'
import { call, createTestWorld, openWebUiTaskDefinition, type TestWorld } from './ecs-test-world.js'

type TaskDefinition = {
  taskDefinitionArn: string
  revision: number
  status: string
  cpu: string
  memory: string
  registeredAt: number
  compatibilities: string[]
  requiresAttributes: { name: string }[]
  containerDefinitions: Record<string, unknown>[]
}

let sim: TestWorld
afterEach(() => sim?.ecs.stop())

function rejection(input: Record<string, unknown>): { code?: string; message?: string } {
  try {
    sim.ecs.handle('RegisterTaskDefinition', input)
  } catch (error) {
    return error as AwsError
  }
  throw new Error('expected RegisterTaskDefinition to fail')
}

describe('task definitions', () => {
  test('revisions increase per family and tags come back with include TAGS', async () => {
    sim = createTestWorld()
    const tags = [{ key: 'open-webui-ecs-deploy:role', value: 'migrator' }]
    const first = await call<{ taskDefinition: TaskDefinition }>(sim.ecs, 'RegisterTaskDefinition', {
      ...openWebUiTaskDefinition('v0.6.5'),
      tags
    })
    const second = await call<{ taskDefinition: TaskDefinition }>(
      sim.ecs,
      'RegisterTaskDefinition',
      openWebUiTaskDefinition('v0.6.6')
    )
    expect(first.taskDefinition.taskDefinitionArn).toBe(
      'arn:aws:ecs:us-east-1:123456789012:task-definition/open-webui:1'
    )
    expect(second.taskDefinition.revision).toBe(2)
    const described = await call<{ taskDefinition: TaskDefinition; tags?: unknown }>(
      sim.ecs,
      'DescribeTaskDefinition',
      {
        taskDefinition: 'open-webui:1',
        include: ['TAGS']
      }
    )
    expect(described.tags).toEqual(tags)
    const withoutTags = await call<{ tags?: unknown }>(sim.ecs, 'DescribeTaskDefinition', {
      taskDefinition: 'open-webui:1'
    })
    expect(withoutTags.tags).toBeUndefined()
    const latest = await call<{ taskDefinition: TaskDefinition }>(sim.ecs, 'DescribeTaskDefinition', {
      taskDefinition: 'open-webui'
    })
    expect(latest.taskDefinition.revision).toBe(2)
  })

  test('the described task definition carries the defaults ECS fills in', async () => {
    sim = createTestWorld()
    const { taskDefinition } = await call<{ taskDefinition: TaskDefinition }>(
      sim.ecs,
      'RegisterTaskDefinition',
      {
        ...openWebUiTaskDefinition('v0.6.6'),
        cpu: '1 vCPU',
        memory: '2 GB'
      }
    )
    expect(taskDefinition).toMatchObject({
      status: 'ACTIVE',
      cpu: '1024',
      memory: '2048',
      compatibilities: ['EC2', 'FARGATE']
    })
    expect(typeof taskDefinition.registeredAt).toBe('number')
    expect(taskDefinition.requiresAttributes).toContainEqual({
      name: 'ecs.capability.secrets.asm.environment-variables'
    })
    expect(taskDefinition.containerDefinitions[0]).toMatchObject({
      cpu: 0,
      essential: true,
      mountPoints: [],
      volumesFrom: [],
      portMappings: [{ containerPort: 8080, hostPort: 8080, protocol: 'tcp' }],
      healthCheck: { interval: 30, timeout: 5, retries: 3, startPeriod: 60 }
    })
  })

  test('rejects what ECS rejects', () => {
    sim = createTestWorld()
    const valid = openWebUiTaskDefinition('v0.6.6')
    const container = (valid.containerDefinitions as Record<string, unknown>[])[0]
    expect(rejection({ ...valid, cpu: '1024', memory: '1024' })).toMatchObject({
      code: 'ClientException',
      message: expect.stringContaining(
        'No Fargate configuration exists for given values: 1024 CPU, 1024 memory'
      )
    })
    expect(rejection({ ...valid, cpu: '256', memory: '4096' }).message).toContain(
      'No Fargate configuration exists'
    )
    expect(rejection({ ...valid, networkMode: 'bridge' }).message).toBe(
      "Fargate only supports network mode 'awsvpc'."
    )
    expect(rejection({ ...valid, containerDefinitions: [{ ...container, image: '' }] }).message).toBe(
      'Container.image should not be null or empty.'
    )
    expect(rejection({ ...valid, containerDefinitions: [{ ...container, name: undefined }] }).message).toBe(
      'Container.name should not be null or empty.'
    )
    expect(rejection({ ...valid, executionRoleArn: undefined }).message).toContain('execution role ARN')
    expect(
      rejection({
        ...valid,
        containerDefinitions: [{ ...container, healthCheck: { command: ['CMD', 'true'], startPeriod: 600 } }]
      }).message
    ).toContain("'startPeriod' must be between 0 and 300")
    expect(
      rejection({ ...valid, containerDefinitions: [{ ...container, essential: false }] }).message
    ).toContain('essential container')
    expect(() =>
      sim.ecs.handle('RegisterTaskDefinition', { ...valid, cpu: '512', memory: '3072' })
    ).not.toThrow()
  })

  test('deregistered revisions turn INACTIVE, drop out of the list and cannot be deployed', async () => {
    sim = createTestWorld()
    await call(sim.ecs, 'RegisterTaskDefinition', openWebUiTaskDefinition('v0.6.5'))
    await call(sim.ecs, 'RegisterTaskDefinition', openWebUiTaskDefinition('v0.6.6'))
    const { taskDefinition } = await call<{ taskDefinition: TaskDefinition }>(
      sim.ecs,
      'DeregisterTaskDefinition',
      {
        taskDefinition: 'open-webui:1'
      }
    )
    expect(taskDefinition.status).toBe('INACTIVE')
    const listed = await call<{ taskDefinitionArns: string[] }>(sim.ecs, 'ListTaskDefinitions', {
      familyPrefix: 'open-webui'
    })
    expect(listed.taskDefinitionArns).toEqual([
      'arn:aws:ecs:us-east-1:123456789012:task-definition/open-webui:2'
    ])
    const all = await call<{ taskDefinitionArns: string[] }>(sim.ecs, 'ListTaskDefinitions', {
      status: 'INACTIVE'
    })
    expect(all.taskDefinitionArns).toEqual([
      'arn:aws:ecs:us-east-1:123456789012:task-definition/open-webui:1'
    ])
    expect(() => sim.ecs.handle('DescribeTaskDefinition', { taskDefinition: 'missing:1' })).toThrow(
      'Unable to describe task definition.'
    )
  })
})
