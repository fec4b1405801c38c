import { describe, expect, it } from '@jest/globals'
import { InputError } from '../../../src/errors.js'
import { renderTaskDefinitions, type RenderInput } from '../../../src/taskdef/render-task-definitions.js'
import { toRegisterRequest } from '../../../src/taskdef/strip-describe-fields.js'

const IMAGE = `ghcr.io/open-webui/open-webui:v0.6.6@sha256:${'a'.repeat(64)}`
const ARN_PREFIX = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:'

/** A file as a user writes it: unusual key order, fields the SDK does not know, a sidecar. */
const FILE_TEXT = `{
  "containerDefinitions": [
    {
      "name": "open-webui",
      "x-team-note": {"owner": "platform", "nested": [1, "two", null]},
      "image": "ghcr.io/open-webui/open-webui:main",
      "environment": [
        {"value": "redis", "name": "WEBSOCKET_MANAGER"},
        {"name": "ENABLE_DB_MIGRATIONS", "value": "true"},
        {"name": "LOG_LEVEL", "value": "INFO"},
        {"name": "ENABLE_DB_MIGRATIONS", "value": "true"}
      ],
      "secrets": [
        {"name": "WEBUI_SECRET_KEY", "valueFrom": "${ARN_PREFIX}open-webui/key-AbCdEf"},
        {"name": "DATABASE_URL", "valueFrom": "${ARN_PREFIX}old-db-XyZ123"}
      ],
      "essential": true
    },
    {"name": "tika", "image": "apache/tika:2.9.2.1-full", "environment": [{"name": "LOG_LEVEL", "value": "WARN"}]}
  ],
  "family": "open-webui",
  "futureField": {"enabled": true},
  "cpu": "1024",
  "memory": "2048",
  "tags": [{"key": "team", "value": "ai"}, {"key": "open-webui-ecs-deploy:role", "value": "fleet"}]
}`

function render(overrides: Partial<RenderInput> = {}, settings: Partial<RenderInput['settings']> = {}) {
  return renderTaskDefinitions({
    base: JSON.parse(FILE_TEXT),
    image: IMAGE,
    secretArns: new Map([
      ['open-webui/db', `${ARN_PREFIX}open-webui/db-Db1234`],
      ['open-webui/redis', `${ARN_PREFIX}open-webui/redis-Rd5678`]
    ]),
    settings: {
      containerName: 'open-webui',
      environment: [
        { name: 'LOG_LEVEL', value: 'DEBUG' },
        { name: 'VECTOR_DB', value: 'pgvector' }
      ],
      secrets: [
        { name: 'DATABASE_URL', secretId: 'open-webui/db' },
        { name: 'REDIS_URL', secretId: 'open-webui/redis', jsonKey: 'url' }
      ],
      ...settings
    },
    ...overrides
  })
}

type Json = Record<string, unknown>
const container = (taskDefinition: unknown, index = 0) =>
  (taskDefinition as { containerDefinitions: Json[] }).containerDefinitions[index]

describe('renderTaskDefinitions', () => {
  it('keeps everything the user wrote byte for byte, except image, environment, secrets and our tags', () => {
    const { fleet } = render()
    const expected = JSON.parse(FILE_TEXT)
    const rendered = JSON.parse(JSON.stringify(fleet))
    for (const key of ['image', 'environment', 'secrets']) {
      delete expected.containerDefinitions[0][key]
      delete rendered.containerDefinitions[0][key]
    }
    expected.tags = [{ key: 'team', value: 'ai' }]
    expect(JSON.stringify(rendered)).toBe(JSON.stringify(expected))
    expect(Object.keys(fleet)).toEqual([
      'containerDefinitions',
      'family',
      'futureField',
      'cpu',
      'memory',
      'tags'
    ])
    expect(Object.keys(container(fleet))).toEqual([
      'name',
      'x-team-note',
      'image',
      'environment',
      'secrets',
      'essential'
    ])
    expect(container(fleet, 1)).toEqual(JSON.parse(FILE_TEXT).containerDefinitions[1])
  })

  it('pins the image on the Open WebUI container only', () => {
    const { fleet } = render()
    expect(container(fleet).image).toBe(IMAGE)
    expect(container(fleet, 1).image).toBe('apache/tika:2.9.2.1-full')
  })

  it('merges environment by name: overrides in place, one ENABLE_DB_MIGRATIONS, new names at the end', () => {
    const { fleet, migrator } = render()
    expect(container(fleet).environment).toEqual([
      { value: 'redis', name: 'WEBSOCKET_MANAGER' },
      { name: 'ENABLE_DB_MIGRATIONS', value: 'false' },
      { name: 'LOG_LEVEL', value: 'DEBUG' },
      { name: 'VECTOR_DB', value: 'pgvector' }
    ])
    expect(container(migrator).environment).toEqual([
      { value: 'redis', name: 'WEBSOCKET_MANAGER' },
      { name: 'ENABLE_DB_MIGRATIONS', value: 'true' },
      { name: 'LOG_LEVEL', value: 'DEBUG' },
      { name: 'VECTOR_DB', value: 'pgvector' }
    ])
  })

  it('fleet and migrator differ only in ENABLE_DB_MIGRATIONS', () => {
    const { fleet, migrator } = render()
    const text = JSON.stringify(migrator).replace(
      '"name":"ENABLE_DB_MIGRATIONS","value":"true"',
      '"name":"ENABLE_DB_MIGRATIONS","value":"false"'
    )
    expect(text).toBe(JSON.stringify(fleet))
  })

  it('merges secrets over the existing ones by name, as full ARNs with the json-key positions ECS expects', () => {
    const { fleet } = render()
    expect(container(fleet).secrets).toEqual([
      { name: 'WEBUI_SECRET_KEY', valueFrom: `${ARN_PREFIX}open-webui/key-AbCdEf` },
      { name: 'DATABASE_URL', valueFrom: `${ARN_PREFIX}open-webui/db-Db1234` },
      { name: 'REDIS_URL', valueFrom: `${ARN_PREFIX}open-webui/redis-Rd5678:url::` }
    ])
  })

  it('keeps version stage and id in their positions', () => {
    const { fleet } = render(
      {},
      {
        secrets: [{ name: 'DATABASE_URL', secretId: 'open-webui/db', versionStage: 'AWSPREVIOUS' }],
        environment: []
      }
    )
    expect((container(fleet).secrets as Json[])[1]).toEqual({
      name: 'DATABASE_URL',
      valueFrom: `${ARN_PREFIX}open-webui/db-Db1234::AWSPREVIOUS:`
    })
  })

  it('shows a secret it could not resolve by its variable only (verification blocks it)', () => {
    const { fleet } = render(
      {},
      { secrets: [{ name: 'X_TOKEN', secretId: 'missing/secret' }], environment: [] }
    )
    expect((container(fleet).secrets as Json[]).at(-1)).toEqual({
      name: 'X_TOKEN',
      valueFrom: '(X_TOKEN: secret not confirmed, not shown)'
    })
  })

  it('moves a variable between environment and secrets when the input says so', () => {
    const base = JSON.parse(FILE_TEXT)
    base.containerDefinitions[0].environment.push({ name: 'REDIS_URL', value: 'redis://plain' })
    const { fleet } = render({ base }, { environment: [{ name: 'WEBUI_SECRET_KEY', value: 'x' }] })
    const names = (list: unknown) => (list as Json[]).map(entry => entry.name)
    expect(names(container(fleet).environment)).not.toContain('REDIS_URL')
    expect(names(container(fleet).secrets)).toContain('REDIS_URL')
    expect(names(container(fleet).secrets)).not.toContain('WEBUI_SECRET_KEY')
  })

  it('adds no secrets list when there is none and none is given', () => {
    const base = { family: 'f', containerDefinitions: [{ name: 'open-webui', image: 'x' }] }
    const { fleet } = render({ base }, { secrets: [], environment: [] })
    expect(container(fleet)).toEqual({
      name: 'open-webui',
      image: IMAGE,
      environment: [{ name: 'ENABLE_DB_MIGRATIONS', value: 'false' }]
    })
  })

  it('never writes into the object it was given', () => {
    const base = JSON.parse(FILE_TEXT)
    render({ base })
    expect(base).toEqual(JSON.parse(FILE_TEXT))
  })

  it('names container-name when the task definition lacks the container', () => {
    expect(() => render({}, { containerName: 'webui' })).toThrow(InputError)
    expect(() => render({}, { containerName: 'webui' })).toThrow(
      /container 'webui' \(it has: open-webui, tika\)/
    )
  })

  it('renders from a described task definition, without the describe-only fields', () => {
    const described = {
      ...JSON.parse(FILE_TEXT),
      taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/open-webui:7',
      revision: 7,
      status: 'ACTIVE',
      requiresAttributes: [{ name: 'com.amazonaws.ecs.capability.logging-driver.awslogs' }],
      compatibilities: ['EC2', 'FARGATE'],
      registeredAt: new Date('2025-01-01T00:00:00Z'),
      registeredBy: 'arn:aws:iam::123456789012:role/deployer',
      deregisteredAt: new Date('2025-02-01T00:00:00Z'),
      ipcMode: undefined
    }
    const { fleet } = render({ base: described })
    for (const key of [
      'taskDefinitionArn',
      'revision',
      'status',
      'requiresAttributes',
      'compatibilities',
      'registeredAt',
      'registeredBy',
      'deregisteredAt',
      'ipcMode'
    ]) {
      expect(fleet).not.toHaveProperty(key)
    }
    expect(fleet).toMatchObject({ family: 'open-webui', futureField: { enabled: true } })
  })
})

describe('toRegisterRequest', () => {
  it('drops describe-only fields and undefined values, turns dates into text, keeps order', () => {
    const request = toRegisterRequest({
      family: 'f',
      revision: 3,
      containerDefinitions: [{ name: 'a', cpu: undefined, extra: new Date('2025-01-01T00:00:00Z') }],
      status: 'ACTIVE',
      volumes: []
    }) as unknown as Json
    expect(request).toEqual({
      family: 'f',
      containerDefinitions: [{ name: 'a', extra: '2025-01-01T00:00:00.000Z' }],
      volumes: []
    })
    expect(Object.keys(request)).toEqual(['family', 'containerDefinitions', 'volumes'])
  })
})
