import type { Service, TaskDefinition } from '../../../src/ports/ecs.js'
import type { Release } from '../../../src/domain/release.js'
import type { Ports } from '../../../src/ports/ports.js'
import type { SnapshotDescription } from '../../../src/ports/database-snapshots.js'
import { MIGRATIONS_DIR_REVISIONS } from './revisions.js'
import { publishedRelease } from '../../fixtures/releases.js'

/**
 * In-memory AWS, GitHub and registry for plan tests: reads answer from the state below, and every write
 * throws, because planning must never write.
 */
export const REGION = 'us-east-1'
export const ACCOUNT = '123456789012'
export const SECRET_PREFIX = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:`
export const DIGEST = `sha256:${'d'.repeat(64)}`
export const TG_ARN = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/owui/abc`
const NOW = Date.parse('2025-06-30T00:00:00Z')

export interface FakeWorld {
  runningImage: string
  desiredCount: number
  secrets: { name: string; deleted?: boolean }[]
  environment: { name: string; value: string }[]
  runningSecrets: { name: string; valueFrom: string }[]
  healthCheck: boolean
  scaling?: { min: number; max: number }
  targetGroup: { path: string; sticky: boolean }
  clusterMissing?: boolean
  serviceMissing?: boolean
  inProgress?: boolean
  registryTags?: string[]
  /** RDS DB instances by identifier, with their status. */
  databases?: Record<string, string>
  /** Manual snapshots by the identifier of the database they are of. */
  snapshots?: Record<string, SnapshotDescription[]>
}

export function defaultWorld(overrides: Partial<FakeWorld> = {}): FakeWorld {
  return {
    runningImage: 'ghcr.io/open-webui/open-webui:v0.6.5',
    desiredCount: 2,
    secrets: [{ name: 'open-webui/db' }, { name: 'open-webui/redis' }, { name: 'open-webui/key' }],
    environment: [
      { name: 'WEBSOCKET_MANAGER', value: 'redis' },
      { name: 'VECTOR_DB', value: 'pgvector' },
      { name: 'STORAGE_PROVIDER', value: 's3' },
      { name: 'ENABLE_DB_MIGRATIONS', value: 'false' }
    ],
    runningSecrets: [
      { name: 'DATABASE_URL', valueFrom: `${SECRET_PREFIX}open-webui/db-AbCdEf` },
      { name: 'REDIS_URL', valueFrom: `${SECRET_PREFIX}open-webui/redis-AbCdEf` },
      { name: 'WEBUI_SECRET_KEY', valueFrom: `${SECRET_PREFIX}open-webui/key-AbCdEf` }
    ],
    healthCheck: true,
    targetGroup: { path: '/health', sticky: true },
    ...overrides
  }
}

function release(tag: string, ageDays: number): Release {
  return publishedRelease(tag, { now: NOW, ageDays }, { body: `Notes for ${tag}` })
}

export const RELEASES = [
  release('v0.6.7', 3),
  release('v0.6.6', 10),
  release('v0.6.5', 20),
  release('v0.6.4', 30)
]

export function runningTaskDefinition(world: FakeWorld): TaskDefinition {
  return {
    taskDefinitionArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/open-webui:7`,
    family: 'open-webui',
    revision: 7,
    status: 'ACTIVE',
    compatibilities: ['EC2', 'FARGATE'],
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: '1024',
    memory: '2048',
    registeredAt: new Date(NOW - 86400000),
    containerDefinitions: [
      {
        name: 'open-webui',
        image: world.runningImage,
        essential: true,
        cpu: 0,
        portMappings: [{ containerPort: 8080, hostPort: 8080, protocol: 'tcp' }],
        environment: world.environment,
        secrets: world.runningSecrets,
        mountPoints: [],
        volumesFrom: [],
        ...(world.healthCheck
          ? {
              healthCheck: {
                command: ['CMD-SHELL', 'curl -sf http://localhost:8080/health || exit 1'],
                interval: 30,
                timeout: 5,
                retries: 3
              }
            }
          : {})
      }
    ],
    volumes: []
  } as TaskDefinition
}

function refuse(operation: string): never {
  throw new Error(`${operation} must not be called while planning`)
}

export function fakePorts(world: FakeWorld): { ports: Ports; reads: string[] } {
  const reads: string[] = []
  const read = (operation: string) => reads.push(operation)
  const service = (): Service => ({
    serviceName: 'open-webui',
    status: 'ACTIVE',
    desiredCount: world.desiredCount,
    runningCount: world.desiredCount,
    launchType: 'FARGATE',
    taskDefinition: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/open-webui:7`,
    loadBalancers: [{ targetGroupArn: TG_ARN, containerName: 'open-webui', containerPort: 8080 }],
    deployments: [
      { id: 'ecs-svc/1', status: 'PRIMARY', rolloutState: world.inProgress ? 'IN_PROGRESS' : 'COMPLETED' }
    ]
  })
  const tags = new Set(world.registryTags ?? RELEASES.flatMap(item => [item.tagName, `${item.tagName}-cuda`]))
  const ports: Ports = {
    ecs: {
      describeCluster: async name => (
        read('DescribeClusters'),
        world.clusterMissing ? undefined : { clusterName: name, status: 'ACTIVE' }
      ),
      describeService: async () => (read('DescribeServices'), world.serviceMissing ? undefined : service()),
      describeTaskDefinition: async () => (
        read('DescribeTaskDefinition'),
        {
          taskDefinition: runningTaskDefinition(world),
          tags: [{ key: 'open-webui-ecs-deploy:role', value: 'fleet' }]
        }
      ),
      registerTaskDefinition: async () => refuse('RegisterTaskDefinition'),
      updateService: async () => refuse('UpdateService'),
      listServiceTasks: async () => refuse('ListTasks'),
      describeTasks: async () => refuse('DescribeTasks'),
      serviceTags: async () => (read('DescribeServices'), world.serviceMissing ? undefined : []),
      tagResource: async () => refuse('TagResource'),
      untagResource: async () => refuse('UntagResource'),
      describeServiceDeployments: async () => refuse('DescribeServiceDeployments')
    },
    secretsManager: {
      describeSecret: async secretId => {
        read(`DescribeSecret ${secretId}`)
        const secret = world.secrets.find(candidate =>
          [
            candidate.name,
            `${SECRET_PREFIX}${candidate.name}`,
            `${SECRET_PREFIX}${candidate.name}-AbCdEf`
          ].includes(secretId)
        )
        return secret
          ? {
              name: secret.name,
              arn: `${SECRET_PREFIX}${secret.name}-AbCdEf`,
              ...(secret.deleted ? { deletedDate: new Date(NOW) } : {})
            }
          : undefined
      }
    },
    logs: { readStream: async () => refuse('GetLogEvents') },
    autoScaling: {
      describeServiceTarget: async () => (
        read('DescribeScalableTargets'),
        world.scaling
          ? ({ MinCapacity: world.scaling.min, MaxCapacity: world.scaling.max } as never)
          : undefined
      ),
      setSuspendedState: async () => refuse('RegisterScalableTarget')
    },
    loadBalancer: {
      describeTargetGroup: async arn => (
        read('DescribeTargetGroups'),
        { TargetGroupArn: arn, HealthCheckPath: world.targetGroup.path }
      ),
      describeTargetGroupAttributes: async () => (
        read('DescribeTargetGroupAttributes'),
        [{ Key: 'stickiness.enabled', Value: String(world.targetGroup.sticky) }]
      )
    },
    databaseSnapshots: {
      describeDatabase: async (kind, identifier) => {
        read(`DescribeDB${kind === 'instance' ? 'Instances' : 'Clusters'} ${identifier}`)
        const status = kind === 'instance' ? world.databases?.[identifier] : undefined
        return status ? { kind, identifier, engine: 'postgres', status } : undefined
      },
      createSnapshot: async () => refuse('CreateDBSnapshot'),
      describeSnapshot: async () => refuse('DescribeDBSnapshots'),
      listSnapshots: async (kind, identifier) => {
        read(`DescribeDB${kind === 'instance' ? '' : 'Cluster'}Snapshots ${identifier}`)
        return world.snapshots?.[identifier] ?? []
      }
    },
    releases: {
      listReleases: async () => (read('ListReleases'), RELEASES),
      listDirectory: async (_repository, path, ref) => {
        read(`ListDirectory ${ref}`)
        return path === 'backend/open_webui/migrations/versions' ? MIGRATIONS_DIR_REVISIONS[ref] : undefined
      }
    },
    comments: {
      currentLogin: async () => refuse('GET /user'),
      listComments: async () => refuse('listComments'),
      createComment: async () => refuse('createComment'),
      updateComment: async () => refuse('updateComment')
    },
    repository: new Proxy({} as Ports['repository'], { get: (_target, name) => () => refuse(String(name)) }),
    registry: {
      headManifest: async (_image, tag) => (
        read(`HEAD ${tag}`),
        tags.has(tag) ? { digest: DIGEST, mediaType: 'application/vnd.oci.image.index.v1+json' } : undefined
      )
    },
    clock: { now: () => NOW, sleep: async () => undefined }
  }
  return { ports, reads }
}
