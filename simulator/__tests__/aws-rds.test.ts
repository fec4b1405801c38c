import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  CreateDBClusterSnapshotCommand,
  CreateDBSnapshotCommand,
  DBClusterNotFoundFault,
  DBClusterSnapshotAlreadyExistsFault,
  DBClusterSnapshotNotFoundFault,
  DBInstanceNotFoundFault,
  DBSnapshotAlreadyExistsFault,
  DBSnapshotNotFoundFault,
  DescribeDBClusterSnapshotsCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  DescribeDBSnapshotsCommand,
  InvalidDBInstanceStateFault,
  RDSClient
} from '@aws-sdk/client-rds'
import { startSimulator } from '../src/index.js'
import type { Simulator } from '../src/simulator.js'
import { clientConfig } from './aws-support.js'

/**
 * RDS as the real @aws-sdk/client-rds sees it, over the Query protocol (form bodies, XML answers), after the
 * Amazon RDS API Reference (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/):
 * - CreateDBSnapshot (API_CreateDBSnapshot.html): 1 to 255 letters, digits or hyphens, a letter first, no
 *   trailing hyphen or two consecutive hyphens; errors DBInstanceNotFound (404), DBSnapshotAlreadyExists (400),
 *   InvalidDBInstanceState (400): the instance must be `available`.
 * - CreateDBClusterSnapshot (API_CreateDBClusterSnapshot.html): the same rules with at most 63 characters;
 *   errors DBClusterNotFoundFault (404), DBClusterSnapshotAlreadyExistsFault (400), InvalidDBClusterStateFault.
 * - DescribeDBSnapshots / DescribeDBClusterSnapshots (API_DescribeDBSnapshots.html,
 *   API_DescribeDBClusterSnapshots.html): DBSnapshotNotFound / DBClusterSnapshotNotFoundFault (404); MaxRecords
 *   20 to 100; a new snapshot is `creating` with PercentProgress until it is `available`.
 * - DescribeDBInstances / DescribeDBClusters (API_DescribeDBInstances.html, API_DescribeDBClusters.html):
 *   DBInstanceNotFound / DBClusterNotFoundFault (404) for an identifier that names nothing.
 */

const CREATION_MS = 400

let sim: Simulator
let client: RDSClient
beforeAll(async () => {
  sim = await startSimulator({
    rds: {
      instances: [{ identifier: 'open-webui-db' }, { identifier: 'busy-db', status: 'modifying' }],
      clusters: [{ identifier: 'open-webui-aurora', engine: 'aurora-postgresql' }],
      snapshotCreationMs: CREATION_MS
    }
  })
  client = new RDSClient(clientConfig(sim))
})
afterAll(() => sim.stop())

async function rejection(
  promise: Promise<unknown>
): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  return promise.then(
    () => {
      throw new Error('expected a rejection')
    },
    (error: Error) => error
  )
}

describe('DescribeDBInstances and DescribeDBClusters', () => {
  it('describe a seeded instance and cluster, parsed from XML by the real client', async () => {
    const instances = await client.send(
      new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'open-webui-db' })
    )
    expect(instances.DBInstances).toEqual([
      expect.objectContaining({
        DBInstanceIdentifier: 'open-webui-db',
        DBInstanceStatus: 'available',
        Engine: 'postgres',
        DBInstanceArn: 'arn:aws:rds:us-east-1:123456789012:db:open-webui-db'
      })
    ])
    const clusters = await client.send(
      new DescribeDBClustersCommand({ DBClusterIdentifier: 'open-webui-aurora' })
    )
    expect(clusters.DBClusters).toEqual([
      expect.objectContaining({
        DBClusterIdentifier: 'open-webui-aurora',
        Status: 'available',
        Engine: 'aurora-postgresql',
        DBClusterArn: 'arn:aws:rds:us-east-1:123456789012:cluster:open-webui-aurora'
      })
    ])
  })

  it('answer DBInstanceNotFound and DBClusterNotFoundFault (404) for an unknown identifier', async () => {
    const instance = await rejection(
      client.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'nope' }))
    )
    expect(instance).toBeInstanceOf(DBInstanceNotFoundFault)
    expect(instance.message).toBe('DBInstance nope not found.')
    expect(instance.$metadata?.httpStatusCode).toBe(404)
    expect(sim.calls.at(-1)?.errorCode).toBe('DBInstanceNotFound')
    const cluster = await rejection(
      client.send(new DescribeDBClustersCommand({ DBClusterIdentifier: 'nope' }))
    )
    expect(cluster).toBeInstanceOf(DBClusterNotFoundFault)
    expect(cluster.$metadata?.httpStatusCode).toBe(404)
  })

  it('are reads in the call log; identifiers are matched without regard to case', async () => {
    const answer = await client.send(
      new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'Open-WebUI-DB' })
    )
    expect(answer.DBInstances?.[0]?.DBInstanceIdentifier).toBe('open-webui-db')
    expect(sim.calls.at(-1)).toMatchObject({
      service: 'rds',
      operation: 'DescribeDBInstances',
      mutating: false
    })
  })
})

describe('CreateDBSnapshot and DescribeDBSnapshots', () => {
  it('creates a tagged snapshot that is creating, then available after the scenario time', async () => {
    const created = await client.send(
      new CreateDBSnapshotCommand({
        DBInstanceIdentifier: 'open-webui-db',
        DBSnapshotIdentifier: 'open-webui-db-v0-6-5-to-v0-6-6-run-42',
        Tags: [
          { Key: 'open-webui-ecs-deploy:from-version', Value: 'v0.6.5' },
          { Key: 'open-webui-ecs-deploy:to-version', Value: 'v0.6.6' }
        ]
      })
    )
    expect(created.DBSnapshot).toMatchObject({
      DBSnapshotIdentifier: 'open-webui-db-v0-6-5-to-v0-6-6-run-42',
      DBInstanceIdentifier: 'open-webui-db',
      Status: 'creating',
      SnapshotType: 'manual',
      DBSnapshotArn: 'arn:aws:rds:us-east-1:123456789012:snapshot:open-webui-db-v0-6-5-to-v0-6-6-run-42',
      TagList: [
        { Key: 'open-webui-ecs-deploy:from-version', Value: 'v0.6.5' },
        { Key: 'open-webui-ecs-deploy:to-version', Value: 'v0.6.6' }
      ]
    })
    expect(sim.calls.at(-1)).toMatchObject({ service: 'rds', operation: 'CreateDBSnapshot', mutating: true })
    // The Query protocol names RDS list members: Tags.Tag.1.Key, not Tags.member.1.Key.
    expect(sim.calls.at(-1)?.rawBody).toContain('Tags.Tag.1.Key=open-webui-ecs-deploy%3Afrom-version')

    const early = await client.send(
      new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: 'open-webui-db-v0-6-5-to-v0-6-6-run-42' })
    )
    expect(early.DBSnapshots?.[0]?.Status).toBe('creating')
    expect(early.DBSnapshots?.[0]?.PercentProgress).toBeLessThan(100)
    await new Promise(resolve => setTimeout(resolve, CREATION_MS + 50))
    const later = await client.send(new DescribeDBSnapshotsCommand({ DBInstanceIdentifier: 'open-webui-db' }))
    expect(later.DBSnapshots).toEqual([
      expect.objectContaining({
        DBSnapshotIdentifier: 'open-webui-db-v0-6-5-to-v0-6-6-run-42',
        Status: 'available',
        PercentProgress: 100
      })
    ])
  })

  it('answers DBSnapshotAlreadyExists for an identifier in use', async () => {
    const failure = await rejection(
      client.send(
        new CreateDBSnapshotCommand({
          DBInstanceIdentifier: 'open-webui-db',
          DBSnapshotIdentifier: 'open-webui-db-v0-6-5-to-v0-6-6-run-42'
        })
      )
    )
    expect(failure).toBeInstanceOf(DBSnapshotAlreadyExistsFault)
    expect(sim.calls.at(-1)?.errorCode).toBe('DBSnapshotAlreadyExists')
  })

  it('answers DBInstanceNotFound, InvalidDBInstanceState and DBSnapshotNotFound', async () => {
    const missing = await rejection(
      client.send(
        new CreateDBSnapshotCommand({ DBInstanceIdentifier: 'nope', DBSnapshotIdentifier: 'snap-a' })
      )
    )
    expect(missing).toBeInstanceOf(DBInstanceNotFoundFault)
    const busy = await rejection(
      client.send(
        new CreateDBSnapshotCommand({ DBInstanceIdentifier: 'busy-db', DBSnapshotIdentifier: 'snap-b' })
      )
    )
    expect(busy).toBeInstanceOf(InvalidDBInstanceStateFault)
    const unknown = await rejection(
      client.send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: 'snap-z' }))
    )
    expect(unknown).toBeInstanceOf(DBSnapshotNotFoundFault)
    expect(unknown.$metadata?.httpStatusCode).toBe(404)
  })

  it.each([
    ['a digit first', '1-starts-with-a-digit'],
    ['a trailing hyphen', 'ends-with-a-hyphen-'],
    ['two hyphens in a row', 'two--hyphens'],
    ['an underscore', 'under_score'],
    ['256 characters', 'a'.repeat(256)]
  ])('refuses a snapshot identifier with %s (InvalidParameterValue)', async (_why, identifier) => {
    const failure = await rejection(
      client.send(
        new CreateDBSnapshotCommand({
          DBInstanceIdentifier: 'open-webui-db',
          DBSnapshotIdentifier: identifier
        })
      )
    )
    expect(failure.name).toBe('InvalidParameterValue')
    expect(failure.message).toMatch(/^The parameter DBSnapshotIdentifier is not a valid identifier/)
  })
})

describe('CreateDBClusterSnapshot and DescribeDBClusterSnapshots', () => {
  it('creates a cluster snapshot that becomes available', async () => {
    const created = await client.send(
      new CreateDBClusterSnapshotCommand({
        DBClusterIdentifier: 'open-webui-aurora',
        DBClusterSnapshotIdentifier: 'open-webui-aurora-run-7',
        Tags: [{ Key: 'open-webui-ecs-deploy:run-id', Value: '7' }]
      })
    )
    expect(created.DBClusterSnapshot).toMatchObject({
      DBClusterSnapshotIdentifier: 'open-webui-aurora-run-7',
      DBClusterIdentifier: 'open-webui-aurora',
      Status: 'creating',
      Engine: 'aurora-postgresql',
      DBClusterSnapshotArn: 'arn:aws:rds:us-east-1:123456789012:cluster-snapshot:open-webui-aurora-run-7',
      TagList: [{ Key: 'open-webui-ecs-deploy:run-id', Value: '7' }]
    })
    await new Promise(resolve => setTimeout(resolve, CREATION_MS + 50))
    const later = await client.send(
      new DescribeDBClusterSnapshotsCommand({ DBClusterSnapshotIdentifier: 'open-webui-aurora-run-7' })
    )
    expect(later.DBClusterSnapshots?.[0]).toMatchObject({ Status: 'available', PercentProgress: 100 })
  })

  it('answers DBClusterNotFoundFault, DBClusterSnapshotAlreadyExistsFault and DBClusterSnapshotNotFoundFault', async () => {
    const missing = await rejection(
      client.send(
        new CreateDBClusterSnapshotCommand({
          DBClusterIdentifier: 'nope',
          DBClusterSnapshotIdentifier: 'snap-c'
        })
      )
    )
    expect(missing).toBeInstanceOf(DBClusterNotFoundFault)
    const again = await rejection(
      client.send(
        new CreateDBClusterSnapshotCommand({
          DBClusterIdentifier: 'open-webui-aurora',
          DBClusterSnapshotIdentifier: 'open-webui-aurora-run-7'
        })
      )
    )
    expect(again).toBeInstanceOf(DBClusterSnapshotAlreadyExistsFault)
    const unknown = await rejection(
      client.send(new DescribeDBClusterSnapshotsCommand({ DBClusterSnapshotIdentifier: 'snap-z' }))
    )
    expect(unknown).toBeInstanceOf(DBClusterSnapshotNotFoundFault)
  })

  it('holds cluster snapshot identifiers to 63 characters', async () => {
    const failure = await rejection(
      client.send(
        new CreateDBClusterSnapshotCommand({
          DBClusterIdentifier: 'open-webui-aurora',
          DBClusterSnapshotIdentifier: `a${'b'.repeat(63)}`
        })
      )
    )
    expect(failure.message).toMatch(/^The parameter DBClusterSnapshotIdentifier is not a valid identifier/)
  })
})

it('prints AWS_ENDPOINT_URL_RDS in its environment (the SDK reads AWS_ENDPOINT_URL_<serviceId>, serviceId RDS)', () => {
  expect(sim.env.AWS_ENDPOINT_URL_RDS).toBe(sim.url)
})
