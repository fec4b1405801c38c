import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  ApplicationAutoScalingClient,
  RegisterScalableTargetCommand
} from '@aws-sdk/client-application-auto-scaling'
import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { DescribeServicesCommand, ECSClient, ListServiceDeploymentsCommand } from '@aws-sdk/client-ecs'
import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { AWS_SERVICES, operationInputShape } from '../src/aws/catalogue.js'
import { resolveShape } from '../src/aws/model/api-model.js'
import { v3OperationInput } from '../src/aws/model/v3-schema.js'
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
      "Value 'lots' at 'containerDefinitions.1.member.memory' failed to satisfy constraint: Member must be an integer"
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

  it('validates the ECS operations newer than the v2 model from the v3 client schema', async () => {
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

describe('the v3 schema translation', () => {
  it('agrees with the v2 model on the required members of every operation both describe, but known relaxations', () => {
    const disagreements: string[] = []
    let compared = 0
    for (const spec of Object.values(AWS_SERVICES)) {
      for (const operation of Object.keys(spec.model.operations)) {
        const fromV3 = v3OperationInput(spec.v3Client, operation)
        if (!fromV3) continue
        compared++
        const fromV2 = resolveShape(spec.model, operationInputShape(spec, operation)!)
        const required = (shape: { required?: string[] }) => [...(shape.required ?? [])].sort().join(',')
        if (required(fromV3) !== required(fromV2)) disagreements.push(`${spec.service} ${operation}`)
      }
    }
    expect(compared).toBeGreaterThan(200)
    // The API made these members optional after the v2 models froze; none is an operation the action uses.
    expect(disagreements).toEqual([
      'ecs CreateCapacityProvider',
      'ecs UpdateCapacityProvider',
      'logs PutDeliveryDestination',
      'rds CreateDBProxy',
      'rds CreateGlobalCluster',
      'rds CreateTenantDatabase',
      'rds ModifyGlobalCluster',
      'rds RemoveFromGlobalCluster',
      'ecr UpdatePullThroughCacheRule'
    ])
  })

  it('covers exactly the operations the v2 model lacks', () => {
    expect(operationInputShape(AWS_SERVICES.ecs, 'ListServiceDeployments')?.required).toEqual(['service'])
    expect(operationInputShape(AWS_SERVICES.ecs, 'DescribeServiceDeployments')?.required).toEqual([
      'serviceDeploymentArns'
    ])
    expect(operationInputShape(AWS_SERVICES.ecs, 'LaunchRocket')).toBeUndefined()
  })
})
