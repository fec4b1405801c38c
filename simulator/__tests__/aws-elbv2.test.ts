import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
  ModifyTargetGroupAttributesCommand,
  TargetGroupNotFoundException
} from '@aws-sdk/client-elastic-load-balancing-v2'
import { startSimulator } from '../src/index.js'
import type { Simulator } from '../src/simulator.js'
import { awsQuery, clientConfig } from './aws-support.js'

const ARN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/open-webui-tg/73e2d6bc24d8a067'

let sim: Simulator
let client: ElasticLoadBalancingV2Client
beforeAll(async () => {
  sim = await startSimulator({
    targetGroups: [
      { name: 'open-webui-tg', arn: ARN, healthCheckPath: '/health', stickiness: true, port: 8080 },
      { name: 'tika-tg', port: 9998 },
      { name: 'legacy-tg' }
    ]
  })
  client = new ElasticLoadBalancingV2Client(clientConfig(sim))
})
afterAll(() => sim.stop())

describe('DescribeTargetGroups', () => {
  it('describes target groups by ARN and by name, parsed from XML by the real client', async () => {
    const byArn = await client.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [ARN] }))
    expect(byArn.TargetGroups).toEqual([
      expect.objectContaining({
        TargetGroupArn: ARN,
        TargetGroupName: 'open-webui-tg',
        Port: 8080,
        HealthCheckPath: '/health',
        HealthCheckEnabled: true,
        Matcher: { HttpCode: '200' },
        TargetType: 'ip'
      })
    ])
    const byName = await client.send(new DescribeTargetGroupsCommand({ Names: ['tika-tg'] }))
    expect(byName.TargetGroups?.[0]).toMatchObject({
      TargetGroupName: 'tika-tg',
      Port: 9998,
      TargetGroupArn: sim.loadBalancing.arnOf('tika-tg')
    })
    expect(sim.world.targetGroups.exists(ARN)).toBe(true)
    expect(sim.world.targetGroups.exists(ARN.replace('73e2', '0000'))).toBe(false)
  })

  it('answers TargetGroupNotFound when one of them is unknown', async () => {
    const failure = await client
      .send(new DescribeTargetGroupsCommand({ Names: ['open-webui-tg', 'missing'] }))
      .catch(error => error)
    expect(failure).toBeInstanceOf(TargetGroupNotFoundException)
    expect(failure.message).toBe('One or more target groups not found')
  })

  it('pages with PageSize and Marker', async () => {
    const first = await client.send(new DescribeTargetGroupsCommand({ PageSize: 2 }))
    expect(first.TargetGroups?.map(group => group.TargetGroupName)).toEqual(['legacy-tg', 'open-webui-tg'])
    const second = await client.send(
      new DescribeTargetGroupsCommand({ PageSize: 2, Marker: first.NextMarker })
    )
    expect(second.TargetGroups?.map(group => group.TargetGroupName)).toEqual(['tika-tg'])
    expect(second.NextMarker).toBeUndefined()
  })

  it('speaks the awsQuery wire format: list members and the result wrapper', async () => {
    const answer = await awsQuery(sim, {
      Action: 'DescribeTargetGroups',
      Version: '2015-12-01',
      'Names.member.1': 'open-webui-tg'
    })
    expect(answer.status).toBe(200)
    expect(answer.text).toMatch(
      /^<DescribeTargetGroupsResponse xmlns="http:\/\/elasticloadbalancing\.amazonaws\.com\/doc\/2015-12-01\/">/
    )
    expect(answer.text).toContain('<DescribeTargetGroupsResult><TargetGroups><member><TargetGroupArn>')
    expect(answer.text).toContain('<ResponseMetadata><RequestId>')
  })
})

describe('target group attributes', () => {
  it('reports stickiness as seeded', async () => {
    const sticky = await client.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: ARN }))
    expect(sticky.Attributes).toContainEqual({ Key: 'stickiness.enabled', Value: 'true' })
    const plain = await client.send(
      new DescribeTargetGroupAttributesCommand({ TargetGroupArn: sim.loadBalancing.arnOf('tika-tg') })
    )
    expect(plain.Attributes).toContainEqual({ Key: 'stickiness.enabled', Value: 'false' })
    expect(plain.Attributes).toContainEqual({ Key: 'stickiness.type', Value: 'lb_cookie' })
  })

  it('modifies known attributes and refuses unknown ones', async () => {
    const arn = sim.loadBalancing.arnOf('legacy-tg')
    await client.send(
      new ModifyTargetGroupAttributesCommand({
        TargetGroupArn: arn,
        Attributes: [{ Key: 'stickiness.enabled', Value: 'true' }]
      })
    )
    expect(sim.loadBalancing.byArn(arn)?.attributes.get('stickiness.enabled')).toBe('true')
    await expect(
      client.send(
        new ModifyTargetGroupAttributesCommand({
          TargetGroupArn: arn,
          Attributes: [{ Key: 'turbo.enabled', Value: 'true' }]
        })
      )
    ).rejects.toMatchObject({ name: 'ValidationError' })
    const calls = sim.calls.filter(call => call.operation === 'ModifyTargetGroupAttributes')
    expect(calls.map(call => call.mutating)).toEqual([true, true])
    expect(calls[0].request).toEqual({
      TargetGroupArn: arn,
      Attributes: [{ Key: 'stickiness.enabled', Value: 'true' }]
    })
  })

  it('answers TargetGroupNotFound for an unknown ARN', async () => {
    await expect(
      client.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: ARN.replace('73e2', '0000') }))
    ).rejects.toBeInstanceOf(TargetGroupNotFoundException)
  })
})
