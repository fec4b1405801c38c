import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  ApplicationAutoScalingClient,
  DeregisterScalableTargetCommand,
  DescribeScalableTargetsCommand,
  RegisterScalableTargetCommand
} from '@aws-sdk/client-application-auto-scaling'
import { startSimulator } from '../src/index.js'
import type { Simulator } from '../src/simulator.js'
import { clientConfig } from './aws-support.js'

const TARGET = {
  ServiceNamespace: 'ecs',
  ResourceId: 'service/prod/open-webui',
  ScalableDimension: 'ecs:service:DesiredCount'
} as const

let sim: Simulator
let client: ApplicationAutoScalingClient
beforeAll(async () => {
  sim = await startSimulator({
    autoScaling: [
      { cluster: 'prod', service: 'open-webui', minCapacity: 2, maxCapacity: 6 },
      { cluster: 'prod', service: 'tika', minCapacity: 1, maxCapacity: 2 }
    ]
  })
  client = new ApplicationAutoScalingClient(clientConfig(sim))
})
afterAll(() => sim.stop())

const suspendAll = {
  DynamicScalingInSuspended: true,
  DynamicScalingOutSuspended: true,
  ScheduledScalingSuspended: true
}
const resumeAll = {
  DynamicScalingInSuspended: false,
  DynamicScalingOutSuspended: false,
  ScheduledScalingSuspended: false
}

describe('DescribeScalableTargets', () => {
  it('describes the seeded ECS targets, filtered by resource id', async () => {
    const answer = await client.send(
      new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs', ResourceIds: [TARGET.ResourceId] })
    )
    expect(answer.ScalableTargets).toHaveLength(1)
    expect(answer.ScalableTargets?.[0]).toMatchObject({
      ...TARGET,
      MinCapacity: 2,
      MaxCapacity: 6,
      SuspendedState: resumeAll,
      ScalableTargetARN: expect.stringMatching(
        /^arn:aws:application-autoscaling:us-east-1:123456789012:scalable-target\//
      )
    })
    expect(answer.ScalableTargets?.[0]?.CreationTime).toBeInstanceOf(Date)
  })

  it('pages with MaxResults and lists nothing for other namespaces', async () => {
    const first = await client.send(
      new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs', MaxResults: 1 })
    )
    expect(first.ScalableTargets).toHaveLength(1)
    const second = await client.send(
      new DescribeScalableTargetsCommand({
        ServiceNamespace: 'ecs',
        MaxResults: 1,
        NextToken: first.NextToken
      })
    )
    expect(second.ScalableTargets?.[0]?.ResourceId).toBe('service/prod/tika')
    expect(second.NextToken).toBeUndefined()
    const none = await client.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'dynamodb' }))
    expect(none.ScalableTargets).toEqual([])
  })
})

describe('RegisterScalableTarget and the bounds ECS honours', () => {
  it('holds the desired count within min..max while scaling is active', () => {
    expect(sim.world.autoScaling.capacityFor('prod', 'open-webui')).toEqual({ min: 2, max: 6 })
    expect(
      sim.world.autoScaling.capacityFor('arn:aws:ecs:us-east-1:123456789012:cluster/prod', 'open-webui')
    ).toEqual({ min: 2, max: 6 })
    expect(sim.world.autoScaling.capacityFor('prod', 'no-target')).toBeUndefined()
  })

  it('suspends and resumes an existing target, keeping its capacity', async () => {
    await client.send(new RegisterScalableTargetCommand({ ...TARGET, SuspendedState: suspendAll }))
    const suspended = await client.send(
      new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs', ResourceIds: [TARGET.ResourceId] })
    )
    expect(suspended.ScalableTargets?.[0]).toMatchObject({
      MinCapacity: 2,
      MaxCapacity: 6,
      SuspendedState: suspendAll
    })
    expect(sim.world.autoScaling.capacityFor('prod', 'open-webui')).toBeUndefined()

    await client.send(new RegisterScalableTargetCommand({ ...TARGET, SuspendedState: resumeAll }))
    expect(sim.world.autoScaling.capacityFor('prod', 'open-webui')).toEqual({ min: 2, max: 6 })
  })

  it('stops enforcing the minimum only while scale-out is suspended', async () => {
    await client.send(
      new RegisterScalableTargetCommand({ ...TARGET, SuspendedState: { DynamicScalingInSuspended: true } })
    )
    expect(sim.world.autoScaling.capacityFor('prod', 'open-webui')).toEqual({ min: 2, max: Infinity })
    await client.send(
      new RegisterScalableTargetCommand({ ...TARGET, SuspendedState: { DynamicScalingOutSuspended: true } })
    )
    // Members left out of SuspendedState are false: scale-in resumed.
    expect(sim.world.autoScaling.capacityFor('prod', 'open-webui')).toEqual({ min: 0, max: 6 })
    await client.send(new RegisterScalableTargetCommand({ ...TARGET, SuspendedState: resumeAll }))
  })

  it('updates capacity, and refuses a minimum above the maximum', async () => {
    await client.send(new RegisterScalableTargetCommand({ ...TARGET, MinCapacity: 1 }))
    expect(sim.autoScaling.serviceTarget('prod', 'open-webui')).toMatchObject({
      minCapacity: 1,
      maxCapacity: 6
    })
    await expect(
      client.send(new RegisterScalableTargetCommand({ ...TARGET, MinCapacity: 7 }))
    ).rejects.toMatchObject({
      name: 'ValidationException'
    })
    expect(sim.autoScaling.serviceTarget('prod', 'open-webui')?.minCapacity).toBe(1)
  })

  it('needs both capacities for a new target, and an ECS service resource id', async () => {
    const fresh = { ...TARGET, ResourceId: 'service/prod/pipelines' }
    await expect(
      client.send(new RegisterScalableTargetCommand({ ...fresh, MinCapacity: 1 }))
    ).rejects.toMatchObject({
      name: 'ValidationException'
    })
    await client.send(new RegisterScalableTargetCommand({ ...fresh, MinCapacity: 1, MaxCapacity: 3 }))
    expect(sim.world.autoScaling.capacityFor('prod', 'pipelines')).toEqual({ min: 1, max: 3 })
    await expect(
      client.send(
        new RegisterScalableTargetCommand({
          ...TARGET,
          ResourceId: 'cluster/prod',
          MinCapacity: 1,
          MaxCapacity: 2
        })
      )
    ).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining('Unsupported') })
    await client.send(new DeregisterScalableTargetCommand(fresh))
    expect(sim.world.autoScaling.capacityFor('prod', 'pipelines')).toBeUndefined()
    await expect(client.send(new DeregisterScalableTargetCommand(fresh))).rejects.toMatchObject({
      name: 'ObjectNotFoundException'
    })
  })
})
