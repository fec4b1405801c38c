import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  SecretsManagerClient
} from '@aws-sdk/client-secrets-manager'
import { ECSClient, RegisterTaskDefinitionCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs'
import { startSimulator } from '../src/index.js'
import type { Simulator } from '../src/simulator.js'
import { clientConfig } from './aws-support.js'
import { openWebUiTaskDefinition } from './ecs-test-world.js'

/**
 * Secret versions and staging labels. DescribeSecret's `VersionIdsToStages` lists the versions that have
 * staging labels (AWSCURRENT, AWSPENDING, AWSPREVIOUS); unlabelled versions are deprecated
 * (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DescribeSecret.html). GetSecretValue by a
 * stage or version the secret does not have answers ResourceNotFoundException "Secrets Manager can't find the
 * specified secret value for staging label: X" / "... for VersionId: X"
 * (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html). ECS fetches a
 * `valueFrom` of `ARN:json-key:version-stage:version-id` that way at task start
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html) and stops the
 * task with ResourceInitializationError when it cannot
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/resource-initialization-error.html).
 */
const PREVIOUS = 'a1b2c3d4-0000-4000-8000-000000000001'
const DEPRECATED = 'a1b2c3d4-0000-4000-8000-000000000002'

let sim: Simulator
let client: SecretsManagerClient
beforeAll(async () => {
  sim = await startSimulator({
    secrets: [
      {
        name: 'openwebui/database',
        value: 'CANARY-db',
        otherVersions: [
          { versionId: PREVIOUS, stages: ['AWSPREVIOUS'] },
          { versionId: DEPRECATED, stages: [] }
        ]
      },
      { name: 'openwebui/redis', value: 'CANARY-redis' }
    ],
    ecs: {
      clusters: [
        {
          name: 'production',
          services: [
            { name: 'open-webui', desiredCount: 1, taskDefinition: openWebUiTaskDefinition('v0.6.5') }
          ]
        }
      ]
    }
  })
  client = new SecretsManagerClient(clientConfig(sim))
})
afterAll(() => sim.stop())

const current = (name: string) => sim.secretsManager.find(name)!.versionId

describe('secret versions', () => {
  it('DescribeSecret lists the labelled versions in VersionIdsToStages, never the value', async () => {
    const rotated = await client.send(new DescribeSecretCommand({ SecretId: 'openwebui/database' }))
    expect(rotated.VersionIdsToStages).toEqual({
      [current('openwebui/database')]: ['AWSCURRENT'],
      [PREVIOUS]: ['AWSPREVIOUS']
    })
    const plain = await client.send(new DescribeSecretCommand({ SecretId: 'openwebui/redis' }))
    expect(plain.VersionIdsToStages).toEqual({ [current('openwebui/redis')]: ['AWSCURRENT'] })
    expect(JSON.stringify([rotated, plain])).not.toContain('CANARY')
  })

  it('GetSecretValue by stage or version id, and the errors for ones the secret does not have', async () => {
    const previous = await client.send(
      new GetSecretValueCommand({ SecretId: 'openwebui/database', VersionStage: 'AWSPREVIOUS' })
    )
    expect(previous).toMatchObject({ VersionId: PREVIOUS, VersionStages: ['AWSPREVIOUS'] })
    await expect(
      client.send(new GetSecretValueCommand({ SecretId: 'openwebui/redis', VersionStage: 'AWSPREVIOUS' }))
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: "Secrets Manager can't find the specified secret value for staging label: AWSPREVIOUS"
    })
    await expect(
      client.send(new GetSecretValueCommand({ SecretId: 'openwebui/redis', VersionId: PREVIOUS }))
    ).rejects.toMatchObject({
      message: `Secrets Manager can't find the specified secret value for VersionId: ${PREVIOUS}`
    })
  })

  it('ECS resolves a valueFrom by its stage and version id', () => {
    const database = sim.secretsManager.arnOf('openwebui/database')
    const redis = sim.secretsManager.arnOf('openwebui/redis')
    expect(sim.world.secrets.canResolve(`${database}::AWSPREVIOUS:`)).toBe(true)
    expect(sim.world.secrets.canResolve(`${database}:::${PREVIOUS}`)).toBe(true)
    expect(sim.world.secrets.canResolve(`${database}::AWSCURRENT:${PREVIOUS}`)).toBe(false)
    expect(sim.world.secrets.canResolve(`${redis}::AWSPREVIOUS:`)).toBe(false)
    expect(sim.world.secrets.canResolve(`${redis}::AWSCURRENT:`)).toBe(true)
  })

  it('a task whose valueFrom names a stage the secret does not have stops with ResourceInitializationError', async () => {
    const redis = sim.secretsManager.arnOf('openwebui/redis')
    const definition = openWebUiTaskDefinition('v0.6.6')
    const [container] = definition.containerDefinitions as Record<string, unknown>[]
    container.secrets = [{ name: 'REDIS_URL', valueFrom: `${redis}::AWSPREVIOUS:` }]
    const ecs = new ECSClient(clientConfig(sim))
    const registered = await ecs.send(new RegisterTaskDefinitionCommand(definition as never))
    await ecs.send(
      new UpdateServiceCommand({
        cluster: 'production',
        service: 'open-webui',
        taskDefinition: registered.taskDefinition!.taskDefinitionArn
      })
    )
    const failed = () =>
      sim.ecs.tasks('production', 'open-webui').find(task => task.stopCode === 'TaskFailedToStart')
    for (let waited = 0; !failed() && waited < 5000; waited += 20) await new Promise(r => setTimeout(r, 20))
    expect(failed()!.stoppedReason).toBe(
      `ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 5 time(s): failed to fetch secret ${redis}::AWSPREVIOUS: from secrets manager: ResourceNotFoundException: Secrets Manager can't find the specified secret value for staging label: AWSPREVIOUS`
    )
    expect(failed()!.startedAt).toBeUndefined()
  })
})
