import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand
} from '@aws-sdk/client-application-auto-scaling'
import { CloudWatchLogsClient, DescribeLogStreamsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { DescribeImagesCommand, ECRClient } from '@aws-sdk/client-ecr'
import {
  CreateServiceCommand,
  ECSClient,
  ListServiceDeploymentsCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type RegisterTaskDefinitionCommandInput
} from '@aws-sdk/client-ecs'
import {
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client
} from '@aws-sdk/client-elastic-load-balancing-v2'
import { DescribeEventsCommand, RDSClient } from '@aws-sdk/client-rds'
import { ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { startSimulator } from '../src/index.js'
import type { Simulator } from '../src/simulator.js'
import { awsJson, clientConfig } from './aws-support.js'
import { openWebUiTaskDefinition } from './ecs-test-world.js'

/**
 * Enum members are validated as the services' Coral front ends validate them, before any handler runs. The
 * message format: "1 validation error detected: Value 'X' at 'path' failed to satisfy constraint: Member must
 * satisfy enum value set: [A, B]" (seen from ECS's siblings on the same framework, e.g. Lambda's
 * startingPosition, Elasticsearch's elasticsearchClusterConfig.instanceType); a list of enums is reported once,
 * at the list, with the list as Java prints it: "Value '[CAPABILITY_IAM, …]' at 'capabilities' failed to satisfy
 * constraint: Member must satisfy constraint: [Member must satisfy enum value set: …]" (CloudFormation,
 * CodeGenieApp/serverless-express#59). The service's own error code carries it (ECS: InvalidParameterException,
 * Secrets Manager and Application Auto Scaling: ValidationException, CloudWatch Logs and ECR:
 * InvalidParameterException, the awsQuery services: ValidationError / InvalidParameterValue). The order of the
 * value set is the recorded model's (the SDK's, alphabetical); the real service lists it in its own order.
 */

let sim: Simulator
beforeAll(async () => {
  sim = await startSimulator({})
})
afterAll(() => sim.stop())

const LAUNCH_TYPES = '[EC2, EXTERNAL, FARGATE, MANAGED_INSTANCES]'

describe('ECS enum members', () => {
  it('refuses a top-level member outside its enum, through the real SDK', async () => {
    await expect(
      new ECSClient(clientConfig(sim)).send(
        new CreateServiceCommand({
          cluster: 'prod',
          serviceName: 'typo',
          taskDefinition: 'open-webui',
          launchType: 'FARGATEE' as never
        })
      )
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message:
        "1 validation error detected: Value 'FARGATEE' at 'launchType' failed to satisfy constraint: " +
        `Member must satisfy enum value set: ${LAUNCH_TYPES}`
    })
    expect(sim.ecs.service('prod', 'typo')).toBeUndefined()
  })

  it('knows the deployment strategies of 2025 and refuses others, leaving the service untouched', async () => {
    const ecs = new ECSClient(clientConfig(sim))
    const before = structuredClone(sim.ecs.service('prod', 'open-webui')?.deploymentConfiguration)
    await expect(
      ecs.send(
        new UpdateServiceCommand({
          cluster: 'prod',
          service: 'open-webui',
          deploymentConfiguration: { strategy: 'BLUEGREEN' as never, bakeTimeInMinutes: 5 }
        })
      )
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message:
        "1 validation error detected: Value 'BLUEGREEN' at 'deploymentConfiguration.strategy' failed to " +
        'satisfy constraint: Member must satisfy enum value set: [BLUE_GREEN, CANARY, LINEAR, ROLLING]'
    })
    expect(sim.ecs.service('prod', 'open-webui')?.deploymentConfiguration).toEqual(before)

    const lifecycle = await awsJson(sim, 'AmazonEC2ContainerServiceV20141113.UpdateService', {
      cluster: 'prod',
      service: 'open-webui',
      deploymentConfiguration: {
        strategy: 'LINEAR',
        linearConfiguration: { stepPercent: 25, stepBakeTimeInMinutes: 2 },
        lifecycleHooks: [
          {
            hookTargetArn: 'arn:aws:lambda:us-east-1:123456789012:function:check',
            roleArn: 'arn:aws:iam::123456789012:role/hooks',
            lifecycleStages: ['POST_SCALE_UP', 'PRODUCTION_TRAFFIC_SHIFT', 'AFTER_LUNCH']
          }
        ],
        alarms: { alarmNames: ['5xx'], enable: true, rollback: true }
      }
    })
    expect(lifecycle.json.message).toBe(
      "1 validation error detected: Value '[POST_SCALE_UP, PRODUCTION_TRAFFIC_SHIFT, AFTER_LUNCH]' at " +
        "'deploymentConfiguration.lifecycleHooks.1.member.lifecycleStages' failed to satisfy constraint: " +
        'Member must satisfy constraint: [Member must satisfy enum value set: [POST_PRODUCTION_TRAFFIC_SHIFT, ' +
        'POST_SCALE_UP, POST_TEST_TRAFFIC_SHIFT, PRE_PRODUCTION_TRAFFIC_SHIFT, PRE_SCALE_UP, ' +
        'PRODUCTION_TRAFFIC_SHIFT, RECONCILE_SERVICE, TEST_TRAFFIC_SHIFT]]'
    )
  })

  it('checks enums nested in lists of structures and lists of enums, each once', async () => {
    const input = openWebUiTaskDefinition('v0.6.7')
    const [container] = input.containerDefinitions as Record<string, unknown>[]
    container.logConfiguration = { logDriver: 'cloudwatch', options: {} }
    container.portMappings = [{ containerPort: 8080, protocol: 'TCP' }]
    await expect(
      new ECSClient(clientConfig(sim)).send(
        new RegisterTaskDefinitionCommand({
          ...(input as unknown as RegisterTaskDefinitionCommandInput),
          networkMode: 'awsvpc',
          requiresCompatibilities: ['FARGATE', 'FARGATEE' as never]
        })
      )
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message:
        '3 validation errors detected: ' +
        "Value 'TCP' at 'containerDefinitions.1.member.portMappings.1.member.protocol' failed to satisfy " +
        'constraint: Member must satisfy enum value set: [tcp, udp]; ' +
        "Value 'cloudwatch' at 'containerDefinitions.1.member.logConfiguration.logDriver' failed to satisfy " +
        'constraint: Member must satisfy enum value set: [awsfirelens, awslogs, fluentd, gelf, journald, ' +
        'json-file, splunk, syslog]; ' +
        "Value '[FARGATE, FARGATEE]' at 'requiresCompatibilities' failed to satisfy constraint: " +
        `Member must satisfy constraint: [Member must satisfy enum value set: ${LAUNCH_TYPES}]`
    })
  })

  it('validates the service-deployment operations too', async () => {
    await expect(
      new ECSClient(clientConfig(sim)).send(
        new ListServiceDeploymentsCommand({ service: 'open-webui', status: ['SUCCESSFUL', 'DONE' as never] })
      )
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: expect.stringContaining("Value '[SUCCESSFUL, DONE]' at 'status' failed to satisfy constraint")
    })
  })
})

describe('enum members of the other services', () => {
  it('Secrets Manager, Application Auto Scaling, CloudWatch Logs and ECR answer with their own codes', async () => {
    await expect(
      new SecretsManagerClient(clientConfig(sim)).send(
        new ListSecretsCommand({ Filters: [{ Key: 'label' as never, Values: ['x'] }] })
      )
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining("Value 'label' at 'Filters.1.member.Key' failed to satisfy constraint")
    })
    await expect(
      new ApplicationAutoScalingClient(clientConfig(sim)).send(
        new DescribeScalableTargetsCommand({ ServiceNamespace: 'ECS' as never })
      )
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringMatching(
        /^1 validation error detected: Value 'ECS' at 'ServiceNamespace' failed to satisfy constraint: Member must satisfy enum value set: \[.*\becs\b.*\]$/
      )
    })
    await expect(
      new CloudWatchLogsClient(clientConfig(sim)).send(
        new DescribeLogStreamsCommand({
          logGroupName: '/ecs/open-webui',
          orderBy: 'LastEventTimestamp' as never
        })
      )
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message:
        "1 validation error detected: Value 'LastEventTimestamp' at 'orderBy' failed to satisfy constraint: " +
        'Member must satisfy enum value set: [LastEventTime, LogStreamName]'
    })
    await expect(
      new ECRClient(clientConfig(sim)).send(
        new DescribeImagesCommand({ repositoryName: 'open-webui', filter: { tagStatus: 'ALL' as never } })
      )
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: expect.stringContaining("Value 'ALL' at 'filter.tagStatus' failed to satisfy constraint")
    })
  })

  it('the awsQuery services check enums after decoding the form', async () => {
    await expect(
      new ElasticLoadBalancingV2Client(clientConfig(sim)).send(
        new DescribeTargetHealthCommand({
          TargetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/open-webui-tg/1',
          Include: ['AnomalyDetection', 'Everything' as never]
        })
      )
    ).rejects.toMatchObject({
      name: 'ValidationError',
      message: expect.stringContaining(
        "Value '[AnomalyDetection, Everything]' at 'Include' failed to satisfy"
      )
    })
    await expect(
      new RDSClient(clientConfig(sim)).send(
        new DescribeEventsCommand({ SourceType: 'db-instances' as never })
      )
    ).rejects.toMatchObject({
      name: 'InvalidParameterValue',
      message: expect.stringContaining("Value 'db-instances' at 'SourceType' failed to satisfy constraint")
    })
  })

  it('lets every value of the value set through to the service', async () => {
    const logs = new CloudWatchLogsClient(clientConfig(sim))
    for (const orderBy of ['LogStreamName', 'LastEventTime'] as const) {
      // The handler's own answer: validation let the request through.
      await expect(
        logs.send(new DescribeLogStreamsCommand({ logGroupName: '/ecs/missing', orderBy }))
      ).rejects.toMatchObject({ name: 'ResourceNotFoundException' })
    }
  })
})
