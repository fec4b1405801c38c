import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
  RegisterScalableTargetCommand
} from '@aws-sdk/client-application-auto-scaling'
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { DescribeClustersCommand, ECSClient } from '@aws-sdk/client-ecs'
import {
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client
} from '@aws-sdk/client-elastic-load-balancing-v2'
import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { startSimulator } from '../src/index.js'
import type { Simulator } from '../src/simulator.js'
import { awsJson, clientConfig } from './aws-support.js'

let sim: Simulator

beforeAll(async () => {
  sim = await startSimulator({
    secrets: [{ name: 'open-webui/database-url', value: 'CANARY-core-1' }],
    autoScaling: [{ cluster: 'prod', service: 'open-webui', minCapacity: 1, maxCapacity: 4 }],
    targetGroups: [{ name: 'open-webui-tg' }],
    ecs: { clusters: [{ name: 'prod' }] },
    github: { repositories: { 'open-webui/open-webui': { releases: [{ tag: 'v0.6.7' }] } } }
  })
})
afterAll(() => sim.stop())

describe('the simulator server', () => {
  it('listens on 127.0.0.1 and hands out one environment for every service', () => {
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(sim.registryHost).toBe(sim.url.replace('http://', ''))
    for (const name of [
      'AWS_ENDPOINT_URL_ECS',
      'AWS_ENDPOINT_URL_SECRETS_MANAGER',
      'AWS_ENDPOINT_URL_CLOUDWATCH_LOGS',
      'AWS_ENDPOINT_URL_APPLICATION_AUTO_SCALING',
      'AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2'
    ]) {
      expect(sim.env[name]).toBe(sim.url)
    }
    expect(sim.env).toMatchObject({
      AWS_REGION: 'us-east-1',
      AWS_DEFAULT_REGION: 'us-east-1',
      GITHUB_API_URL: `${sim.url}/github`
    })
    expect(sim.env.AWS_ACCESS_KEY_ID).toBeTruthy()
    expect(sim.env.AWS_SECRET_ACCESS_KEY).toBeTruthy()
  })

  it('is found by clients configured from the environment alone', async () => {
    const saved = { ...process.env }
    Object.assign(process.env, sim.env)
    try {
      const clients = {
        ecs: new ECSClient({}),
        secrets: new SecretsManagerClient({}),
        logs: new CloudWatchLogsClient({}),
        scaling: new ApplicationAutoScalingClient({}),
        elb: new ElasticLoadBalancingV2Client({})
      }
      const [clusters, secret, groups, targets, targetGroups] = await Promise.all([
        clients.ecs.send(new DescribeClustersCommand({ clusters: ['prod'] })),
        clients.secrets.send(new DescribeSecretCommand({ SecretId: 'open-webui/database-url' })),
        clients.logs.send(new DescribeLogGroupsCommand({})),
        clients.scaling.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs' })),
        clients.elb.send(new DescribeTargetGroupsCommand({}))
      ])
      expect(clusters.clusters?.[0]?.clusterName).toBe('prod')
      expect(secret.Name).toBe('open-webui/database-url')
      expect(groups.logGroups).toEqual([])
      expect(targets.ScalableTargets?.[0]?.ResourceId).toBe('service/prod/open-webui')
      expect(targetGroups.TargetGroups?.[0]?.TargetGroupName).toBe('open-webui-tg')
    } finally {
      for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name]
      Object.assign(process.env, saved)
    }
  })

  it('refuses AWS calls without a SigV4 Authorization header', async () => {
    const answer = await awsJson(
      sim,
      'secretsmanager.DescribeSecret',
      { SecretId: 'open-webui/database-url' },
      {}
    )
    expect(answer.status).toBe(403)
    expect(answer.json.__type).toBe('MissingAuthenticationTokenException')
    expect(answer.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException')
  })

  it('answers UnknownOperationException for an operation the service does not have', async () => {
    const answer = await awsJson(sim, 'AmazonEC2ContainerServiceV20141113.LaunchRocket', {})
    expect(answer.status).toBe(400)
    expect(answer.json).toMatchObject({ __type: 'UnknownOperationException' })
  })

  it('answers SerializationException for a body that is not a JSON object', async () => {
    const answer = await awsJson(sim, 'secretsmanager.ListSecrets', '{"MaxResults": ')
    expect(answer.status).toBe(400)
    expect(answer.json.__type).toBe('SerializationException')
  })

  it('mounts the GitHub API under /github and the registry at /v2/ and /token', async () => {
    const releases = await fetch(`${sim.env.GITHUB_API_URL}/repos/open-webui/open-webui/releases`)
    expect(releases.status).toBe(200)
    expect(((await releases.json()) as { tag_name: string }[]).map(release => release.tag_name)).toEqual([
      'v0.6.7'
    ])
    const registry = await fetch(`${sim.url}/v2/`)
    expect(registry.status).toBe(401)
    expect(registry.headers.get('www-authenticate')).toContain(`realm="${sim.url}/token"`)
    const nothing = await fetch(`${sim.url}/nowhere`)
    expect(nothing.status).toBe(404)
  })

  it('mounts the Open WebUI endpoints of each service under /openwebui', async () => {
    expect(sim.openWebUiUrl('prod', 'open-webui')).toBe(`${sim.url}/openwebui/prod/open-webui`)
    const before = sim.calls.length
    const health = await fetch(`${sim.openWebUiUrl('prod', 'no-such-service')}/health`)
    expect(health.status).toBe(404)
    expect(sim.calls.slice(before)).toMatchObject([
      { service: 'openwebui', operation: 'GET /prod/no-such-service/health', mutating: false, status: 404 }
    ])
  })
})

describe('the call log', () => {
  it('records every call with its operation, mutating flag, parsed request and raw body', async () => {
    const before = sim.calls.length
    const scaling = new ApplicationAutoScalingClient(clientConfig(sim))
    await scaling.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs' }))
    await scaling.send(
      new RegisterScalableTargetCommand({
        ServiceNamespace: 'ecs',
        ResourceId: 'service/prod/open-webui',
        ScalableDimension: 'ecs:service:DesiredCount',
        SuspendedState: {
          DynamicScalingInSuspended: true,
          DynamicScalingOutSuspended: true,
          ScheduledScalingSuspended: true
        }
      })
    )
    await new ElasticLoadBalancingV2Client(clientConfig(sim)).send(
      new DescribeTargetGroupsCommand({ Names: ['open-webui-tg'] })
    )
    await fetch(`${sim.url}/github/repos/open-webui/open-webui/releases?per_page=5`)
    await fetch(`${sim.url}/github/repos/open-webui/open-webui/issues/1/comments`, {
      method: 'POST',
      headers: { authorization: 'token ghs_x', 'content-type': 'application/json' },
      body: JSON.stringify({ body: 'hello' })
    })

    const calls = sim.calls.slice(before)
    expect(calls.map(call => [call.service, call.operation, call.mutating])).toEqual([
      ['autoscaling', 'DescribeScalableTargets', false],
      ['autoscaling', 'RegisterScalableTarget', true],
      ['elbv2', 'DescribeTargetGroups', false],
      ['github', 'GET /repos/open-webui/open-webui/releases', false],
      ['github', 'POST /repos/open-webui/open-webui/issues/1/comments', true]
    ])
    expect(calls[1].request).toMatchObject({ ResourceId: 'service/prod/open-webui' })
    expect(calls[1].rawBody).toContain('"DynamicScalingOutSuspended":true')
    expect(calls[2].request).toEqual({ Names: ['open-webui-tg'] })
    expect(calls[2].rawBody).toContain('Action=DescribeTargetGroups')
    expect(calls[4].request).toEqual({ body: 'hello' })
    expect(calls.slice(0, 4).map(call => call.status)).toEqual([200, 200, 200, 200])
    expect(calls.every(call => call.at >= 0)).toBe(true)
  })

  it('records refused calls with their error code', async () => {
    const before = sim.calls.length
    await expect(
      new SecretsManagerClient(clientConfig(sim)).send(new DescribeSecretCommand({ SecretId: 'missing' }))
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' })
    expect(sim.calls.slice(before)).toMatchObject([
      {
        service: 'secretsmanager',
        operation: 'DescribeSecret',
        status: 400,
        errorCode: 'ResourceNotFoundException'
      }
    ])
  })
})
