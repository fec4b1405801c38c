import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  ApplicationAutoScalingClient,
  RegisterScalableTargetCommand
} from '@aws-sdk/client-application-auto-scaling'
import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { DescribeServicesCommand, ECSClient, ListServiceDeploymentsCommand } from '@aws-sdk/client-ecs'
import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { startSimulator } from '../src/index.js'
import type { Simulator } from '../src/simulator.js'
import { awsJson, awsQuery, clientConfig } from './aws-support.js'

let sim: Simulator
beforeAll(async () => {
  sim = await startSimulator({
    autoScaling: [{ cluster: 'prod', service: 'open-webui', minCapacity: 1, maxCapacity: 4 }],
    targetGroups: [{ name: 'open-webui-tg' }]
  })
})
afterAll(() => sim.stop())

const ECS = 'AmazonEC2ContainerServiceV20141113'

describe('input validation against the API models', () => {
  it('rejects a missing required member with the service own error code, naming the member', async () => {
    await expect(
      new SecretsManagerClient(clientConfig(sim)).send(new DescribeSecretCommand({} as never))
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value null at 'SecretId' failed to satisfy constraint: Member must not be null"
    })
    await expect(
      new ECSClient(clientConfig(sim)).send(new DescribeServicesCommand({} as never))
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: expect.stringContaining("at 'services'")
    })
    await expect(
      new CloudWatchLogsClient(clientConfig(sim)).send(
        new GetLogEventsCommand({ logGroupName: '/ecs/open-webui' } as never)
      )
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: expect.stringContaining("at 'logStreamName'")
    })
  })

  it('checks structures, lists and maps recursively', async () => {
    const answer = await awsJson(sim, `${ECS}.RegisterTaskDefinition`, {
      family: 'open-webui',
      containerDefinitions: [
        {
          name: 'open-webui',
          memory: 'lots',
          secrets: [{ name: 'DATABASE_URL' }],
          dockerLabels: { team: 7 },
          portMappings: 'not-a-list'
        }
      ]
    })
    expect(answer.status).toBe(400)
    expect(answer.json.__type).toBe('InvalidParameterException')
    const message = answer.json.message as string
    expect(message).toMatch(/^4 validation errors detected: /)
    expect(message).toContain(
      "Value 'lots' at 'containerDefinitions.1.member.memory' failed to satisfy constraint: Member must be a number"
    )
    expect(message).toContain("Value null at 'containerDefinitions.1.member.secrets.1.member.valueFrom'")
    expect(message).toContain(
      "at 'containerDefinitions.1.member.dockerLabels.team' failed to satisfy constraint: Member must be a string"
    )
    expect(message).toContain(
      "at 'containerDefinitions.1.member.portMappings' failed to satisfy constraint: Member must be a list"
    )
  })

  it('rejects wrong scalar types and nulls inside lists', async () => {
    const answer = await awsJson(sim, `${ECS}.DescribeServices`, {
      cluster: 5,
      services: ['open-webui', null]
    })
    expect(answer.json.message).toBe(
      "2 validation errors detected: Value '5' at 'cluster' failed to satisfy constraint: Member must be a string; " +
        "Value null at 'services.2.member' failed to satisfy constraint: Member must not be null"
    )
  })

  it('validates before the handler runs: a refused write changes nothing', async () => {
    const scaling = new ApplicationAutoScalingClient(clientConfig(sim))
    const answer = await awsJson(sim, 'AnyScaleFrontendService.RegisterScalableTarget', {
      ServiceNamespace: 'ecs',
      ResourceId: 'service/prod/open-webui',
      ScalableDimension: 'ecs:service:DesiredCount',
      MinCapacity: 'two'
    })
    expect(answer.json).toMatchObject({
      __type: 'ValidationException',
      Message: expect.stringContaining("'MinCapacity'")
    })
    expect(sim.autoScaling.serviceTarget('prod', 'open-webui')?.minCapacity).toBe(1)
    await expect(
      scaling.send(
        new RegisterScalableTargetCommand({
          ServiceNamespace: 'ecs',
          ResourceId: 'service/prod/open-webui'
        } as never)
      )
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining("'ScalableDimension'")
    })
  })

  it('ignores members the model does not know, as the JSON front ends do', async () => {
    const answer = await awsJson(sim, 'secretsmanager.ListSecrets', { MaxResults: 5, Unheard: true })
    expect(answer.status).toBe(200)
  })

  it('validates the newer ECS service-deployment operations', async () => {
    await expect(
      new ECSClient(clientConfig(sim)).send(new ListServiceDeploymentsCommand({} as never))
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: expect.stringContaining("Value null at 'service'")
    })
    const answer = await awsJson(sim, `${ECS}.ListServiceDeployments`, {
      service: 'open-webui',
      createdAt: { after: 'yesterday' }
    })
    expect(answer.json.message).toContain(
      "Value 'yesterday' at 'createdAt.after' failed to satisfy constraint: Member must be a timestamp"
    )
    const describe = await awsJson(sim, `${ECS}.DescribeServiceDeployments`, { serviceDeploymentArns: 'arn' })
    expect(describe.json.message).toContain(
      "at 'serviceDeploymentArns' failed to satisfy constraint: Member must be a list"
    )
  })

  it('rejects awsQuery (ELBv2) input the same way, in XML', async () => {
    const missing = await awsQuery(sim, { Action: 'DescribeTargetGroupAttributes', Version: '2015-12-01' })
    expect(missing.status).toBe(400)
    expect(missing.text).toContain('<Code>ValidationError</Code>')
    expect(missing.text).toContain('Value null at &#39;TargetGroupArn&#39;')
    const wrongType = await awsQuery(sim, {
      Action: 'DescribeTargetGroups',
      Version: '2015-12-01',
      PageSize: 'ten'
    })
    expect(wrongType.text).toContain('<Code>ValidationError</Code>')
    expect(wrongType.text).toContain('PageSize')
    const unknown = await awsQuery(sim, { Action: 'LaunchRocket', Version: '2015-12-01' })
    expect(unknown.text).toContain('<Code>InvalidAction</Code>')
    const noVersion = await awsQuery(sim, { Action: 'DescribeTargetGroups' })
    expect(noVersion.text).toContain('<Code>MissingParameter</Code>')
  })
})
