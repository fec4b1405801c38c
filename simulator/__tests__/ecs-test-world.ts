import { performance } from 'node:perf_hooks'
import { TargetGroupStore } from '../src/aws/elbv2/target-groups.js'
import { createEcsService, type EcsSimulator } from '../src/ecs/index.js'
import type { EcsTiming, Scenario, ServiceSeed } from '../src/scenario.js'
import type { World } from '../src/world.js'

/** Fast timings: a rollout of a few tasks takes a few hundred milliseconds. */
export const fastTiming: EcsTiming = {
  provisioningMs: 20,
  pendingMs: 20,
  healthyAfterMs: 60,
  stoppingMs: 20,
  unhealthyGraceMs: 40,
  tickMs: 10
}

export const registryHost = '127.0.0.1:5999'

export interface TestWorld {
  world: World
  ecs: EcsSimulator
  /** group -> stream -> lines, as CloudWatch Logs would hold them. */
  logs: Map<string, Map<string, string[]>>
  /** Images the registry refuses; secrets that cannot be read; scaling bounds per `cluster/service`. */
  unpullable: Set<string>
  unreadable: Set<string>
  capacity: Map<string, { min: number; max: number }>
  /** The scenario's target groups, with the targets ECS registers. */
  targetGroups: TargetGroupStore
}

/** A hand-made World around the engine, standing in for the rest of the simulator. */
export function createTestWorld(scenario: Scenario = {}): TestWorld {
  const started = performance.now()
  const logs = new Map<string, Map<string, string[]>>()
  const unpullable = new Set<string>()
  const unreadable = new Set<string>()
  const capacity = new Map<string, { min: number; max: number }>()
  const timing = { ...fastTiming, ...scenario.timing }
  const targetGroups = new TargetGroupStore('us-east-1', '123456789012', scenario.targetGroups, {
    now: () => performance.now() - started,
    secondMs: () => timing.secondMs ?? 1
  })
  const world: World = {
    scenario,
    region: 'us-east-1',
    accountId: '123456789012',
    timing,
    now: () => performance.now() - started,
    url: `http://${registryHost}`,
    registryHost,
    calls: [],
    timeline: [],
    secrets: { canResolve: valueFrom => !unreadable.has(valueFrom) },
    logs: {
      append(group, stream, messages) {
        const streams = logs.get(group) ?? new Map<string, string[]>()
        streams.set(stream, [...(streams.get(stream) ?? []), ...messages])
        logs.set(group, streams)
      }
    },
    autoScaling: { capacityFor: (cluster, service) => capacity.get(`${cluster}/${service}`) },
    registry: { canPull: image => !unpullable.has(image) },
    targetGroups
  }
  const ecs = createEcsService(world)
  return { world, ecs, logs, unpullable, unreadable, capacity, targetGroups }
}

export const secretArn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:openwebui/database-AbCdEf'

export function openWebUiImage(version: string): string {
  return `${registryHost}/open-webui/open-webui:${version}`
}

/** A Fargate task definition as the action renders it: health check, awslogs, secrets by reference. */
export function openWebUiTaskDefinition(
  version: string,
  options: { migrations?: string; healthCheck?: boolean; family?: string } = {}
): Record<string, unknown> & { tags?: { key: string; value: string }[] } {
  const environment = [{ name: 'WEBSOCKET_MANAGER', value: 'redis' }]
  if (options.migrations !== undefined)
    environment.push({ name: 'ENABLE_DB_MIGRATIONS', value: options.migrations })
  return {
    family: options.family ?? 'open-webui',
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: '1024',
    memory: '2048',
    executionRoleArn: 'arn:aws:iam::123456789012:role/open-webui-execution',
    containerDefinitions: [
      {
        name: 'open-webui',
        image: openWebUiImage(version),
        essential: true,
        portMappings: [{ containerPort: 8080 }],
        environment,
        secrets: [{ name: 'DATABASE_URL', valueFrom: secretArn }],
        logConfiguration: {
          logDriver: 'awslogs',
          options: {
            'awslogs-group': '/ecs/open-webui',
            'awslogs-region': 'us-east-1',
            'awslogs-stream-prefix': 'ecs'
          }
        },
        ...(options.healthCheck === false
          ? {}
          : {
              healthCheck: {
                command: ['CMD-SHELL', 'curl -sf http://localhost:8080/health || exit 1'],
                startPeriod: 60
              }
            })
      }
    ]
  }
}

export function serviceSeed(overrides: Partial<ServiceSeed> = {}): ServiceSeed {
  return {
    name: 'open-webui',
    taskDefinition: openWebUiTaskDefinition('v0.6.5', { migrations: 'false' }),
    desiredCount: 2,
    ...overrides
  }
}

export function scenarioWith(...services: ServiceSeed[]): Scenario {
  return { ecs: { clusters: [{ name: 'production', services }] } }
}

/** Polls (ticking the engine) until the condition holds; fails the test when it never does. */
export async function waitFor(ecs: EcsSimulator, condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    ecs.tick()
    if (condition()) return
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise(resolve => setTimeout(resolve, 5))
  }
}

/** Calls the engine as the server would, returning the JSON the SDK would see. */
export async function call<T = Record<string, unknown>>(
  ecs: EcsSimulator,
  operation: string,
  input: object
): Promise<T> {
  return JSON.parse(JSON.stringify(await ecs.handle(operation, input as Record<string, unknown>))) as T
}
