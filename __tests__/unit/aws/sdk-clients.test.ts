import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { SdkCloudWatchLogs } from '../../../src/aws/cloudwatch-logs-client.js'
import { SdkEcs } from '../../../src/aws/ecs-client.js'
import { SdkSecretsManager } from '../../../src/aws/secrets-manager-client.js'

/**
 * The production AWS adapters against a scripted AWS JSON 1.1 endpoint: what they send, how they page, and
 * which errors the SDK's retry strategy retries. The endpoint comes from the SDK's own AWS_ENDPOINT_URL_*.
 */
type Answer = { status: number; body: Record<string, unknown> }
type Handler = (target: string, body: Record<string, unknown>) => Answer

let server: Server
let handler: Handler
const requests: { target: string; body: Record<string, unknown> }[] = []
const savedEnv = { ...process.env }

const ok = (body: Record<string, unknown>): Answer => ({ status: 200, body })
const fault = (type: string, message: string, status = 400): Answer => ({
  status,
  body: { __type: type, message }
})

beforeAll(async () => {
  server = createServer((request, response) => {
    let text = ''
    request.on('data', chunk => (text += chunk))
    request.on('end', () => {
      const target = String(request.headers['x-amz-target'] ?? '')
      const body = JSON.parse(text || '{}') as Record<string, unknown>
      requests.push({ target, body })
      const answer = handler(target, body)
      response.writeHead(answer.status, { 'Content-Type': 'application/x-amz-json-1.1' })
      response.end(JSON.stringify(answer.body))
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_ECS: url,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: url,
    AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: url,
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'secret-example',
    AWS_EC2_METADATA_DISABLED: 'true'
  })
})

afterAll(async () => {
  process.env = savedEnv
  await new Promise(resolve => server.close(resolve))
})

beforeEach(() => {
  requests.length = 0
})

const targets = () => requests.map(request => request.target.split('.').at(-1))

describe('SdkEcs', () => {
  it('retries throttling and server errors, then returns the service', async () => {
    let calls = 0
    handler = () => {
      calls++
      if (calls === 1) return fault('ThrottlingException', 'Rate exceeded')
      if (calls === 2) return fault('ServerException', 'Internal error', 500)
      return ok({ services: [{ serviceName: 'open-webui', status: 'ACTIVE' }], failures: [] })
    }
    const service = await new SdkEcs('us-east-1').describeService('prod', 'open-webui')
    expect(service?.serviceName).toBe('open-webui')
    expect(targets()).toEqual(['DescribeServices', 'DescribeServices', 'DescribeServices'])
  })

  it.each(['AccessDeniedException', 'InvalidParameterException', 'ClientException'])(
    'fails at once on %s with the service message',
    async type => {
      handler = () => fault(type, 'User: arn:aws:sts::123456789012:assumed-role/deploy is not authorized')
      const attempt = new SdkEcs('us-east-1').describeService('prod', 'open-webui')
      await expect(attempt).rejects.toThrow(
        `ECS DescribeServices failed: ${type}: User: arn:aws:sts::123456789012:assumed-role/deploy`
      )
      expect(requests).toHaveLength(1)
    }
  )

  it('gives up after the attempt limit', async () => {
    handler = () => fault('ThrottlingException', 'Rate exceeded')
    await expect(new SdkEcs('us-east-1', { maxAttempts: 2 }).describeCluster('prod')).rejects.toThrow(
      /ThrottlingException/
    )
    expect(requests).toHaveLength(2)
  })

  it('answers undefined for a service reported MISSING and for a missing cluster', async () => {
    handler = () =>
      ok({
        services: [],
        failures: [{ arn: 'arn:aws:ecs:us-east-1:123456789012:service/prod/gone', reason: 'MISSING' }]
      })
    expect(await new SdkEcs('us-east-1').describeService('prod', 'gone')).toBeUndefined()
    handler = () => fault('ClusterNotFoundException', 'Cluster not found.')
    expect(await new SdkEcs('us-east-1').describeService('nope', 'gone')).toBeUndefined()
  })

  it('follows ListTasks pages to the end', async () => {
    handler = (_target, body) => {
      const page = Number(body.nextToken ?? 0)
      const taskArns = Array.from({ length: page < 2 ? 100 : 30 }, (_, i) => `arn:task/${page * 100 + i}`)
      return ok({ taskArns, ...(page < 2 ? { nextToken: String(page + 1) } : {}) })
    }
    const arns = await new SdkEcs('us-east-1').listServiceTasks('prod', 'open-webui', 'RUNNING')
    expect(arns).toHaveLength(230)
    expect(
      requests.map(request => [request.body.serviceName, request.body.desiredStatus, request.body.nextToken])
    ).toEqual([
      ['open-webui', 'RUNNING', undefined],
      ['open-webui', 'RUNNING', '1'],
      ['open-webui', 'RUNNING', '2']
    ])
  })

  it('describes tasks in batches of 100', async () => {
    handler = (_target, body) =>
      ok({ tasks: (body.tasks as string[]).map(taskArn => ({ taskArn })), failures: [] })
    const arns = Array.from({ length: 250 }, (_, i) => `arn:task/${i}`)
    const tasks = await new SdkEcs('us-east-1').describeTasks('prod', arns)
    expect(tasks.map(task => task.taskArn)).toEqual(arns)
    expect(requests.map(request => (request.body.tasks as string[]).length)).toEqual([100, 100, 50])
  })

  it('asks for the tags of a task definition', async () => {
    handler = () =>
      ok({
        taskDefinition: { family: 'open-webui', revision: 7 },
        tags: [{ key: 'open-webui-ecs-deploy:role', value: 'fleet' }]
      })
    const described = await new SdkEcs('us-east-1').describeTaskDefinition('open-webui:7')
    expect(described.tags).toEqual([{ key: 'open-webui-ecs-deploy:role', value: 'fleet' }])
    expect(requests[0].body).toEqual({ taskDefinition: 'open-webui:7', include: ['TAGS'] })
  })
})

describe('SdkSecretsManager', () => {
  it('describes a secret and never asks for its value', async () => {
    handler = () => ok({ ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf', Name: 'db' })
    expect(await new SdkSecretsManager('us-east-1').describeSecret('db')).toEqual({
      arn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf',
      name: 'db'
    })
    expect(targets()).toEqual(['DescribeSecret'])
  })

  it('answers undefined for a missing secret, without retrying', async () => {
    handler = () => fault('ResourceNotFoundException', "Secrets Manager can't find the specified secret.")
    expect(await new SdkSecretsManager('us-east-1').describeSecret('missing')).toBeUndefined()
    expect(requests).toHaveLength(1)
  })
})

describe('SdkCloudWatchLogs', () => {
  it('reads from the head until the forward token repeats', async () => {
    handler = (_target, body) => {
      const page = Number(body.nextToken ?? 0)
      const events = page < 2 ? [{ timestamp: page, message: `line ${page}` }] : []
      return ok({ events, nextForwardToken: String(Math.min(page + 1, 2)), nextBackwardToken: 'b' })
    }
    const lines = await new SdkCloudWatchLogs('us-east-1').readStream('/ecs/open-webui', 'ecs/open-webui/abc')
    expect(lines).toEqual([
      { timestamp: 0, message: 'line 0' },
      { timestamp: 1, message: 'line 1' }
    ])
    expect(requests[0].body).toMatchObject({
      logGroupName: '/ecs/open-webui',
      logStreamName: 'ecs/open-webui/abc',
      startFromHead: true
    })
    expect(requests).toHaveLength(3)
  })

  it('answers [] while the stream does not exist', async () => {
    handler = () => fault('ResourceNotFoundException', 'The specified log stream does not exist.')
    expect(
      await new SdkCloudWatchLogs('us-east-1').readStream('/ecs/open-webui', 'ecs/open-webui/abc')
    ).toEqual([])
  })
})
