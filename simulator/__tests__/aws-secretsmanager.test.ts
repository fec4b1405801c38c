import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  paginateListSecrets,
  SecretsManagerClient
} from '@aws-sdk/client-secrets-manager'
import { startSimulator } from '../src/index.js'
import type { Simulator } from '../src/simulator.js'
import { clientConfig } from './aws-support.js'

let sim: Simulator
let client: SecretsManagerClient
beforeAll(async () => {
  sim = await startSimulator({
    secrets: [
      { name: 'open-webui/database-url', value: 'CANARY-db-1' },
      { name: 'open-webui/redis-url', value: 'CANARY-redis-1' },
      {
        name: 'open-webui/oauth',
        value: JSON.stringify({ client_id: 'id', client_secret: 'CANARY-oauth-1' })
      },
      { name: 'open-webui/old-key', value: 'CANARY-old-1', deleted: true },
      { name: 'billing/api-key', value: 'CANARY-billing-1' }
    ]
  })
  client = new SecretsManagerClient(clientConfig(sim))
})
afterAll(() => sim.stop())

describe('DescribeSecret', () => {
  it('finds a secret by name, full ARN and partial ARN, never returning its value', async () => {
    const arn = sim.secretsManager.arnOf('open-webui/database-url')
    expect(arn).toMatch(
      /^arn:aws:secretsmanager:us-east-1:123456789012:secret:open-webui\/database-url-[A-Za-z0-9]{6}$/
    )
    for (const secretId of [
      'open-webui/database-url',
      arn,
      'arn:aws:secretsmanager:us-east-1:123456789012:secret:open-webui/database-url'
    ]) {
      const answer = await client.send(new DescribeSecretCommand({ SecretId: secretId }))
      expect(answer).toMatchObject({ ARN: arn, Name: 'open-webui/database-url' })
      expect(answer.DeletedDate).toBeUndefined()
      expect(JSON.stringify(answer)).not.toContain('CANARY')
    }
  })

  it('derives the same ARN suffix in every run', async () => {
    const again = await startSimulator({ secrets: [{ name: 'open-webui/database-url' }] })
    try {
      expect(again.secretsManager.arnOf('open-webui/database-url')).toBe(
        sim.secretsManager.arnOf('open-webui/database-url')
      )
    } finally {
      await again.stop()
    }
  })

  it('shows DeletedDate for a secret scheduled for deletion', async () => {
    const answer = await client.send(new DescribeSecretCommand({ SecretId: 'open-webui/old-key' }))
    expect(answer.DeletedDate).toBeInstanceOf(Date)
  })

  it('answers ResourceNotFoundException for unknown names and for ARNs of another region', async () => {
    for (const secretId of [
      'open-webui/nope',
      sim.secretsManager.arnOf('open-webui/database-url').replace('us-east-1', 'eu-west-1')
    ]) {
      await expect(client.send(new DescribeSecretCommand({ SecretId: secretId }))).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
        message: "Secrets Manager can't find the specified secret."
      })
    }
  })
})

describe('ListSecrets', () => {
  it('pages with MaxResults and NextToken, leaving out secrets scheduled for deletion', async () => {
    const first = await client.send(new ListSecretsCommand({ MaxResults: 2 }))
    expect(first.SecretList).toHaveLength(2)
    expect(first.NextToken).toBeDefined()
    const names: string[] = []
    for await (const page of paginateListSecrets({ client, pageSize: 2 }, {})) {
      names.push(...(page.SecretList ?? []).map(secret => secret.Name!))
    }
    expect(names.sort()).toEqual([
      'billing/api-key',
      'open-webui/database-url',
      'open-webui/oauth',
      'open-webui/redis-url'
    ])
    const withDeleted = await client.send(new ListSecretsCommand({ IncludePlannedDeletion: true }))
    expect(withDeleted.SecretList).toHaveLength(5)
  })

  it('filters by name prefix, with ! negating', async () => {
    const only = await client.send(
      new ListSecretsCommand({ Filters: [{ Key: 'name', Values: ['open-webui/'] }] })
    )
    expect(only.SecretList?.map(secret => secret.Name).sort()).toEqual([
      'open-webui/database-url',
      'open-webui/oauth',
      'open-webui/redis-url'
    ])
    const others = await client.send(
      new ListSecretsCommand({ Filters: [{ Key: 'name', Values: ['!open-webui/'] }] })
    )
    expect(others.SecretList?.map(secret => secret.Name)).toEqual(['billing/api-key'])
  })

  it('refuses a NextToken it did not issue and a page size out of bounds', async () => {
    await expect(client.send(new ListSecretsCommand({ NextToken: 'forged' }))).rejects.toMatchObject({
      name: 'InvalidNextTokenException'
    })
    await expect(client.send(new ListSecretsCommand({ MaxResults: 101 }))).rejects.toMatchObject({
      name: 'ValidationException'
    })
  })
})

describe('GetSecretValue', () => {
  it('returns the seeded value (the canary), and the call log shows every such call', async () => {
    const before = sim.calls.length
    const answer = await client.send(new GetSecretValueCommand({ SecretId: 'open-webui/redis-url' }))
    expect(answer.SecretString).toBe('CANARY-redis-1')
    expect(sim.calls.slice(before).map(call => call.operation)).toEqual(['GetSecretValue'])
  })

  it('refuses a secret scheduled for deletion', async () => {
    await expect(
      client.send(new GetSecretValueCommand({ SecretId: 'open-webui/old-key' }))
    ).rejects.toMatchObject({
      name: 'InvalidRequestException'
    })
  })
})

describe('what ECS can resolve at task start', () => {
  const arn = (name: string) => sim.secretsManager.arnOf(name)

  it('resolves full and partial ARNs of live secrets, with a JSON key only when the value has it', () => {
    const partial = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:open-webui/database-url'
    expect(sim.world.secrets.canResolve(arn('open-webui/database-url'))).toBe(true)
    expect(sim.world.secrets.canResolve(partial)).toBe(true)
    expect(sim.world.secrets.canResolve(`${arn('open-webui/oauth')}:client_secret::`)).toBe(true)
    expect(sim.world.secrets.canResolve(`${arn('open-webui/oauth')}:client_secret:AWSCURRENT:`)).toBe(true)
    expect(sim.world.secrets.canResolve(`${arn('open-webui/oauth')}:missing_key::`)).toBe(false)
    expect(sim.world.secrets.canResolve(`${arn('open-webui/database-url')}:url::`)).toBe(false)
    expect(sim.world.secrets.canResolve(`${arn('open-webui/oauth')}::AWSPREVIOUS:`)).toBe(false)
  })

  it('does not resolve deleted or unknown secrets, other regions, or bare names', () => {
    expect(sim.world.secrets.canResolve(arn('open-webui/old-key'))).toBe(false)
    expect(sim.world.secrets.canResolve(arn('open-webui/never'))).toBe(false)
    expect(
      sim.world.secrets.canResolve(arn('open-webui/database-url').replace('us-east-1', 'eu-west-1'))
    ).toBe(false)
    expect(sim.world.secrets.canResolve('open-webui/database-url')).toBe(false)
  })

  it('follows secrets changed at run time', async () => {
    sim.secretsManager.put({ name: 'open-webui/late', value: 'CANARY-late-1' })
    expect(sim.world.secrets.canResolve(arn('open-webui/late'))).toBe(true)
    sim.secretsManager.scheduleDeletion('open-webui/late')
    expect(sim.world.secrets.canResolve(arn('open-webui/late'))).toBe(false)
    const answer = await client.send(new DescribeSecretCommand({ SecretId: 'open-webui/late' }))
    expect(answer.DeletedDate).toBeInstanceOf(Date)
  })
})
