import { describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import type { RegisterTaskDefinitionRequest } from '@aws-sdk/client-ecs'
import { canonicalTaskDefinition } from '../../../src/taskdef/canonical-task-definition.js'
import { sameTaskDefinition } from '../../../src/taskdef/same-task-definition.js'
import { hiddenValue, taskDefinitionDiff } from '../../../src/taskdef/task-definition-diff.js'

const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:open-webui/db-AbCdEf'

function taskDefinition(overrides: Record<string, unknown> = {}, container: Record<string, unknown> = {}) {
  return {
    family: 'open-webui',
    cpu: '1024',
    memory: '2048',
    containerDefinitions: [
      {
        name: 'open-webui',
        image: 'ghcr.io/open-webui/open-webui:v0.6.5',
        environment: [
          { name: 'WEBSOCKET_MANAGER', value: 'redis' },
          { name: 'ENABLE_DB_MIGRATIONS', value: 'false' }
        ],
        secrets: [{ name: 'DATABASE_URL', valueFrom: ARN }],
        portMappings: [{ containerPort: 8080 }],
        ...container
      }
    ],
    ...overrides
  } as unknown as RegisterTaskDefinitionRequest
}

/** What DescribeTaskDefinition reports for the same registration: defaults filled in, lists reordered, our tag. */
function asDescribed() {
  return {
    taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/open-webui:4',
    revision: 4,
    status: 'ACTIVE',
    compatibilities: ['EC2', 'FARGATE'],
    registeredAt: new Date(),
    memory: '2048',
    volumes: [],
    placementConstraints: [],
    enableFaultInjection: false,
    cpu: '1024',
    family: 'open-webui',
    tags: [{ key: 'open-webui-ecs-deploy:role', value: 'fleet' }],
    containerDefinitions: [
      {
        secrets: [{ name: 'DATABASE_URL', valueFrom: ARN }],
        environment: [
          { name: 'ENABLE_DB_MIGRATIONS', value: 'false' },
          { name: 'WEBSOCKET_MANAGER', value: 'redis' }
        ],
        image: 'ghcr.io/open-webui/open-webui:v0.6.5',
        name: 'open-webui',
        cpu: 0,
        essential: true,
        mountPoints: [],
        volumesFrom: [],
        systemControls: [],
        portMappings: [{ containerPort: 8080, hostPort: 8080, protocol: 'tcp' }]
      }
    ]
  }
}

describe('sameTaskDefinition', () => {
  it('sees a file and its described registration as the same', () => {
    expect(sameTaskDefinition(asDescribed(), taskDefinition())).toBe(true)
  })

  it('sees a changed image, variable, secret or size', () => {
    expect(
      sameTaskDefinition(
        taskDefinition(),
        taskDefinition({}, { image: 'ghcr.io/open-webui/open-webui:v0.6.6' })
      )
    ).toBe(false)
    expect(
      sameTaskDefinition(
        taskDefinition(),
        taskDefinition({}, { environment: [{ name: 'WEBSOCKET_MANAGER', value: 'redis' }] })
      )
    ).toBe(false)
    expect(
      sameTaskDefinition(
        taskDefinition(),
        taskDefinition({}, { secrets: [{ name: 'DATABASE_URL', valueFrom: `${ARN}:url::` }] })
      )
    ).toBe(false)
    expect(sameTaskDefinition(taskDefinition(), taskDefinition({ memory: '4096' }))).toBe(false)
    expect(
      sameTaskDefinition(taskDefinition(), taskDefinition({ tags: [{ key: 'team', value: 'ai' }] }))
    ).toBe(false)
  })

  it('is false when either side is missing', () => {
    expect(sameTaskDefinition(undefined, taskDefinition())).toBe(false)
  })
})

describe('canonicalTaskDefinition', () => {
  it('sorts keys and the name lists, leaves out our tags and describe defaults', () => {
    const canonical = canonicalTaskDefinition(asDescribed())
    expect(Object.keys(canonical)).toEqual(['containerDefinitions', 'cpu', 'family', 'memory'])
    const [container] = canonical.containerDefinitions as Record<string, unknown>[]
    expect(Object.keys(container)).toEqual(['environment', 'image', 'name', 'portMappings', 'secrets'])
    expect(container.environment).toEqual([
      { name: 'ENABLE_DB_MIGRATIONS', value: 'false' },
      { name: 'WEBSOCKET_MANAGER', value: 'redis' }
    ])
  })
})

describe('taskDefinitionDiff', () => {
  it('is empty when nothing changes', () => {
    expect(
      taskDefinitionDiff(asDescribed() as unknown as RegisterTaskDefinitionRequest, taskDefinition())
    ).toBe('')
  })

  it('shows a changed image and variable as one line each, in canonical order', () => {
    const next = taskDefinition(
      {},
      {
        image: 'ghcr.io/open-webui/open-webui:v0.6.6@sha256:abc',
        environment: [
          { name: 'WEBSOCKET_MANAGER', value: 'redis' },
          { name: 'ENABLE_DB_MIGRATIONS', value: 'false' },
          { name: 'VECTOR_DB', value: 'pgvector' }
        ]
      }
    )
    const diff = taskDefinitionDiff(asDescribed() as unknown as RegisterTaskDefinitionRequest, next)
    const changed = diff.split('\n').filter(line => /^[-+][^-+]/.test(line))
    expect(changed).toEqual([
      '+        {"name": "VECTOR_DB", "value": "pgvector"},',
      '-      "image": "ghcr.io/open-webui/open-webui:v0.6.5",',
      '+      "image": "ghcr.io/open-webui/open-webui:v0.6.6@sha256:abc",'
    ])
    expect(diff.startsWith('--- running\n+++ rendered\n@@')).toBe(true)
  })

  it('shows the whole rendered task definition as added when nothing runs', () => {
    const diff = taskDefinitionDiff(undefined, taskDefinition())
    expect(
      diff
        .split('\n')
        .slice(2)
        .every(line => line.startsWith('+') || line.startsWith('@@'))
    ).toBe(true)
    expect(diff).toContain(ARN)
  })

  it('never shows a plain value that looks like a credential, and shows a change by a per-run tag', () => {
    const canary = 'postgresql://owui:CANARY-pw@db:5432/app'
    const running = taskDefinition(
      {},
      {
        environment: [
          { name: 'DATABASE_URL', value: canary },
          { name: 'API_TOKEN', value: 'CANARY-tok' }
        ]
      }
    )
    const next = taskDefinition(
      {},
      {
        environment: [
          { name: 'DATABASE_URL', value: canary },
          { name: 'API_TOKEN', value: 'CANARY-tok2' }
        ]
      }
    )
    const diff = taskDefinitionDiff(running, next)
    expect(diff).not.toContain('CANARY')
    const tag = (sign: string) =>
      new RegExp(
        `^\\${sign} +\\{"name": "API_TOKEN", "value": "\\(hidden: looks like a credential #([0-9a-f]{6})\\)"\\}`,
        'm'
      ).exec(diff)?.[1]
    const [removed, added] = [tag('-'), tag('+')]
    expect(removed).toBeDefined()
    expect(added).toBeDefined()
    // The change stays visible: the two tags differ.
    expect(added).not.toBe(removed)
    // An unchanged hidden value is no line of the diff.
    expect(diff).not.toMatch(/^[-+].*DATABASE_URL/m)
    // The tag is the same for the same value within a run, and not a bare hash of the value.
    expect(hiddenValue('open-webui', 'API_TOKEN', 'CANARY-tok')).toBe(
      `(hidden: looks like a credential #${removed})`
    )
    expect(removed).not.toBe(createHash('sha256').update('CANARY-tok').digest('hex').slice(0, 6))
  })
})
