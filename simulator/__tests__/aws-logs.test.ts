import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  CloudWatchLogsClient,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand
} from '@aws-sdk/client-cloudwatch-logs'
import { startSimulator } from '../src/index.js'
import type { Simulator } from '../src/simulator.js'
import { clientConfig } from './aws-support.js'

const GROUP = '/ecs/open-webui'
const MIGRATOR = 'ecs/open-webui/0f3c2a1b9d8e4f5a6b7c8d9e0f1a2b3c'
const FLEET = 'ecs/open-webui/1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d'

let sim: Simulator
let client: CloudWatchLogsClient
beforeAll(async () => {
  sim = await startSimulator()
  client = new CloudWatchLogsClient(clientConfig(sim))
  // Fixed timestamps (epoch ms) so time windows are exact; the awslogs driver's view (world.logs) stamps `now`.
  sim.logs.append(
    GROUP,
    MIGRATOR,
    ['Loading WEBUI_SECRET_KEY from file', 'Running migrations', 'INFO  [alembic] upgrade'],
    1_000
  )
  sim.logs.append(GROUP, MIGRATOR, ['Error running migrations: relation "note" already exists'], 2_000)
  sim.logs.append(GROUP, FLEET, ['Started server process', 'Uvicorn running on http://0.0.0.0:8080'], 1_500)
})
afterAll(() => sim.stop())

const read = (input: Partial<ConstructorParameters<typeof GetLogEventsCommand>[0]> = {}) =>
  client.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: MIGRATOR, ...input }))

describe('GetLogEvents', () => {
  it('reads from the head in pages, and returns the same forward token once caught up', async () => {
    const first = await read({ startFromHead: true, limit: 3 })
    expect(first.events?.map(event => event.message)).toEqual([
      'Loading WEBUI_SECRET_KEY from file',
      'Running migrations',
      'INFO  [alembic] upgrade'
    ])
    const second = await read({ nextToken: first.nextForwardToken, limit: 3 })
    expect(second.events?.map(event => event.message)).toEqual([
      'Error running migrations: relation "note" already exists'
    ])
    const caughtUp = await read({ nextToken: second.nextForwardToken })
    expect(caughtUp.events).toEqual([])
    expect(caughtUp.nextForwardToken).toBe(second.nextForwardToken)

    sim.logs.append(GROUP, MIGRATOR, ['Application startup complete.'])
    const fresh = await read({ nextToken: caughtUp.nextForwardToken })
    expect(fresh.events?.map(event => event.message)).toEqual(['Application startup complete.'])
    expect(fresh.nextForwardToken).not.toBe(caughtUp.nextForwardToken)
  })

  it('reads the tail without startFromHead, and earlier events with the backward token', async () => {
    const tail = await read({ limit: 2, endTime: 2_001 })
    expect(tail.events?.map(event => event.message)).toEqual([
      'INFO  [alembic] upgrade',
      'Error running migrations: relation "note" already exists'
    ])
    const earlier = await read({ nextToken: tail.nextBackwardToken, limit: 2 })
    expect(earlier.events?.map(event => event.message)).toEqual([
      'Loading WEBUI_SECRET_KEY from file',
      'Running migrations'
    ])
  })

  it('keeps startTime inclusive and endTime exclusive', async () => {
    const window = await read({ startFromHead: true, startTime: 2_000, endTime: 2_001 })
    expect(window.events?.map(event => event.timestamp)).toEqual([2_000])
    const before = await read({ startFromHead: true, endTime: 2_000 })
    expect(before.events).toHaveLength(3)
  })

  it('answers ResourceNotFoundException for a stream or group that does not exist (yet)', async () => {
    await expect(read({ logStreamName: 'ecs/open-webui/none' })).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'The specified log stream does not exist.'
    })
    await expect(read({ logGroupName: '/ecs/none' })).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'The specified log group does not exist.'
    })
  })

  it('refuses a token it did not issue', async () => {
    await expect(read({ nextToken: 'f/123/s' })).rejects.toMatchObject({ name: 'InvalidParameterException' })
  })
})

describe('FilterLogEvents', () => {
  it('finds the migration error across streams by phrase', async () => {
    const found = await client.send(
      new FilterLogEventsCommand({ logGroupName: GROUP, filterPattern: '"Error running migrations"' })
    )
    expect(found.events?.map(event => [event.logStreamName, event.message])).toEqual([
      [MIGRATOR, 'Error running migrations: relation "note" already exists']
    ])
  })

  it('supports ?-alternatives, -exclusions and stream prefixes', async () => {
    const either = await client.send(
      new FilterLogEventsCommand({
        logGroupName: GROUP,
        filterPattern: '?Uvicorn ?alembic',
        logStreamNamePrefix: 'ecs/open-webui/'
      })
    )
    expect(either.events?.map(event => event.message)).toEqual([
      'INFO  [alembic] upgrade',
      'Uvicorn running on http://0.0.0.0:8080'
    ])
    const without = await client.send(
      new FilterLogEventsCommand({ logGroupName: GROUP, logStreamNames: [FLEET], filterPattern: '-Uvicorn' })
    )
    expect(without.events?.map(event => event.message)).toEqual(['Started server process'])
  })

  it('pages in timestamp order with nextToken, absent on the last page', async () => {
    const messages: string[] = []
    let nextToken: string | undefined
    let pages = 0
    do {
      const page = await client.send(
        new FilterLogEventsCommand({ logGroupName: GROUP, limit: 2, nextToken, endTime: 3_000 })
      )
      messages.push(...(page.events ?? []).map(event => event.message!))
      nextToken = page.nextToken
      pages++
    } while (nextToken)
    expect(pages).toBe(3)
    expect(messages).toEqual([
      'Loading WEBUI_SECRET_KEY from file',
      'Running migrations',
      'INFO  [alembic] upgrade',
      'Started server process',
      'Uvicorn running on http://0.0.0.0:8080',
      'Error running migrations: relation "note" already exists'
    ])
  })
})

describe('DescribeLogStreams', () => {
  it('lists streams by name or by last event time', async () => {
    const byName = await client.send(
      new DescribeLogStreamsCommand({ logGroupName: GROUP, logStreamNamePrefix: 'ecs/' })
    )
    expect(byName.logStreams?.map(stream => stream.logStreamName)).toEqual([MIGRATOR, FLEET])
    const latest = await client.send(
      new DescribeLogStreamsCommand({
        logGroupName: GROUP,
        orderBy: 'LastEventTime',
        descending: true,
        limit: 1
      })
    )
    expect(latest.logStreams?.[0]?.logStreamName).toBe(MIGRATOR)
    expect(latest.nextToken).toBeDefined()
  })

  it('refuses a prefix together with ordering by LastEventTime, as CloudWatch does', async () => {
    await expect(
      client.send(
        new DescribeLogStreamsCommand({
          logGroupName: GROUP,
          orderBy: 'LastEventTime',
          logStreamNamePrefix: 'ecs/'
        })
      )
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
  })
})
