import { describe, expect, it } from '@jest/globals'
import type { RegisterTaskDefinitionRequest } from '@aws-sdk/client-ecs'
import type { Finding } from '../../../src/domain/finding.js'
import { lintOpenWebui, type LintInput } from '../../../src/verify/open-webui-lint.js'

const PINNED = `ghcr.io/open-webui/open-webui:v0.6.6@sha256:${'b'.repeat(64)}`
const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:'
const HEALTH = { command: ['CMD-SHELL', 'curl -sf http://localhost:8080/health || exit 1'] }

/** A configuration that passes every rule. */
function container(overrides: Record<string, unknown> = {}) {
  return {
    name: 'open-webui',
    image: PINNED,
    environment: [
      { name: 'WEBSOCKET_MANAGER', value: 'redis' },
      { name: 'VECTOR_DB', value: 'pgvector' },
      { name: 'STORAGE_PROVIDER', value: 's3' },
      { name: 'ENABLE_DB_MIGRATIONS', value: 'false' }
    ],
    secrets: [
      { name: 'DATABASE_URL', valueFrom: `${ARN}db-AbCdEf` },
      { name: 'REDIS_URL', valueFrom: `${ARN}redis-AbCdEf` },
      { name: 'WEBUI_SECRET_KEY', valueFrom: `${ARN}key-AbCdEf` }
    ],
    healthCheck: HEALTH,
    ...overrides
  }
}

function taskDefinition(
  containerOverrides: Record<string, unknown> = {},
  extra: Record<string, unknown> = {}
) {
  return {
    family: 'open-webui',
    containerDefinitions: [container(containerOverrides)],
    ...extra
  } as unknown as RegisterTaskDefinitionRequest
}

function env(...pairs: [string, string][]) {
  return pairs.map(([name, value]) => ({ name, value }))
}

function baseEnvironment(...without: string[]) {
  return container().environment.filter(variable => !without.includes(variable.name))
}

function lint(input: Partial<LintInput> = {}): Finding[] {
  return lintOpenWebui({
    containerName: 'open-webui',
    baseImage: 'ghcr.io/open-webui/open-webui:v0.6.5',
    fleet: taskDefinition(),
    environmentInput: [],
    ...input
  })
}

const codes = (findings: Finding[]) => findings.map(finding => `${finding.level}:${finding.code}`)

describe('lintOpenWebui', () => {
  it('finds nothing in a configuration that follows the guide', () => {
    expect(lint()).toEqual([])
  })

  it.each([
    'ghcr.io/open-webui/open-webui:main',
    'ghcr.io/open-webui/open-webui:latest',
    'ghcr.io/open-webui/open-webui:dev',
    'ghcr.io/open-webui/open-webui:0.6',
    'ghcr.io/open-webui/open-webui:v0.6-cuda',
    'ghcr.io/open-webui/open-webui'
  ])('warns about the moving tag in the input image %s', baseImage =>
    expect(codes(lint({ baseImage }))).toEqual(['warning:image-tag-moving'])
  )

  it.each([
    'ghcr.io/open-webui/open-webui:v0.6.5',
    'ghcr.io/open-webui/open-webui:0.6.5-cuda',
    `ghcr.io/open-webui/open-webui:main@sha256:${'c'.repeat(64)}`,
    'ghcr.io/open-webui/open-webui:git-1a2b3c4'
  ])('accepts the pinned input image %s', baseImage => expect(lint({ baseImage })).toEqual([]))

  it('is an error when the rendered image is not a pin', () => {
    expect(codes(lint({ fleet: taskDefinition({ image: 'ghcr.io/open-webui/open-webui:latest' }) }))).toEqual(
      ['error:rendered-image-not-pinned']
    )
  })

  it('is an error without DATABASE_URL, unless all the DATABASE_* parts are there', () => {
    const secrets = container().secrets.filter(secret => secret.name !== 'DATABASE_URL')
    expect(codes(lint({ fleet: taskDefinition({ secrets }) }))).toEqual(['error:database-url-missing'])
    const parts = [
      'DATABASE_TYPE',
      'DATABASE_USER',
      'DATABASE_PASSWORD',
      'DATABASE_HOST',
      'DATABASE_PORT',
      'DATABASE_NAME'
    ]
    const partSecrets = [...secrets, ...parts.map(name => ({ name, valueFrom: `${ARN}${name}` }))]
    expect(lint({ fleet: taskDefinition({ secrets: partSecrets }) })).toEqual([])
  })

  it('is an error for a SQLite DATABASE_URL and does not repeat its value', () => {
    const secrets = container().secrets.filter(secret => secret.name !== 'DATABASE_URL')
    const findings = lint({
      fleet: taskDefinition({
        secrets,
        environment: [...baseEnvironment(), ...env(['DATABASE_URL', 'sqlite:////app/backend/data/CANARY.db'])]
      })
    })
    expect(codes(findings)).toContain('error:sqlite-database')
    expect(JSON.stringify(findings)).not.toContain('CANARY')
  })

  it.each([
    ['WEBUI_SECRET_KEY', 'CANARY-key-123'],
    ['DATABASE_URL', 'postgresql://u:CANARY@db/app'],
    ['REDIS_URL', 'redis://:CANARY@redis:6379'],
    ['OPENAI_API_KEY', 'CANARY-openai'],
    ['SMTP_PASSWORD', 'CANARY-smtp'],
    ['UPSTREAM', 'https://user:CANARY@example.com']
  ])('is an error for %s in plain environment, without echoing the value', (name, value) => {
    const secrets = container().secrets.filter(secret => secret.name !== name)
    const findings = lint({
      fleet: taskDefinition({ secrets, environment: [...baseEnvironment(), ...env([name, value])] }),
      environmentInput: [name]
    })
    expect(codes(findings)).toEqual(['error:secret-in-environment'])
    expect(findings[0].message).toContain('the environment input')
    expect(findings[0].fix).toContain(`${name}=<secret name or ARN>`)
    expect(JSON.stringify(findings)).not.toContain(value)
  })

  it('is an error without REDIS_URL', () => {
    const secrets = container().secrets.filter(secret => secret.name !== 'REDIS_URL')
    expect(codes(lint({ fleet: taskDefinition({ secrets }) }))).toEqual(['error:redis-missing'])
  })

  it('is an error when WEBSOCKET_MANAGER is not redis, unless WebSockets are off', () => {
    expect(
      codes(lint({ fleet: taskDefinition({ environment: baseEnvironment('WEBSOCKET_MANAGER') }) }))
    ).toEqual(['error:websocket-manager'])
    const local = [...baseEnvironment('WEBSOCKET_MANAGER'), ...env(['WEBSOCKET_MANAGER', 'local'])]
    expect(lint({ fleet: taskDefinition({ environment: local }) })[0].message).toContain("'local'")
    const off = [...baseEnvironment('WEBSOCKET_MANAGER'), ...env(['ENABLE_WEBSOCKET_SUPPORT', 'false'])]
    expect(lint({ fleet: taskDefinition({ environment: off }) })).toEqual([])
  })

  it('warns about local Chroma, unless it is a Chroma server', () => {
    expect(codes(lint({ fleet: taskDefinition({ environment: baseEnvironment('VECTOR_DB') }) }))).toEqual([
      'warning:chroma-local'
    ])
    const chroma = [...baseEnvironment('VECTOR_DB'), ...env(['VECTOR_DB', 'chroma'])]
    expect(codes(lint({ fleet: taskDefinition({ environment: chroma }) }))).toEqual(['warning:chroma-local'])
    const server = [...chroma, ...env(['CHROMA_HTTP_HOST', 'chroma.internal'])]
    expect(lint({ fleet: taskDefinition({ environment: server }) })).toEqual([])
  })

  it('warns about local storage, unless an EFS volume is mounted on the data folder', () => {
    const local = baseEnvironment('STORAGE_PROVIDER')
    expect(codes(lint({ fleet: taskDefinition({ environment: local }) }))).toEqual(['warning:local-storage'])
    const mounted = taskDefinition(
      { environment: local, mountPoints: [{ sourceVolume: 'data', containerPath: '/app/backend/data/' }] },
      { volumes: [{ name: 'data', efsVolumeConfiguration: { fileSystemId: 'fs-1' } }] }
    )
    expect(lint({ fleet: mounted })).toEqual([])
    const notEfs = taskDefinition(
      { environment: local, mountPoints: [{ sourceVolume: 'data', containerPath: '/app/backend/data' }] },
      { volumes: [{ name: 'data' }] }
    )
    expect(codes(lint({ fleet: notEfs }))).toEqual(['warning:local-storage'])
  })

  it('warns about several Uvicorn workers', () => {
    expect(
      codes(
        lint({
          fleet: taskDefinition({ environment: [...baseEnvironment(), ...env(['UVICORN_WORKERS', '4'])] })
        })
      )
    ).toEqual(['warning:uvicorn-workers'])
    expect(
      lint({
        fleet: taskDefinition({ environment: [...baseEnvironment(), ...env(['UVICORN_WORKERS', '1'])] })
      })
    ).toEqual([])
  })

  it('warns about a missing health check or one that does not call /health, suggesting one', () => {
    const missing = lint({ fleet: taskDefinition({ healthCheck: undefined }) })
    expect(codes(missing)).toEqual(['warning:health-check-missing'])
    expect(missing[0].fix).toContain('curl -sf http://localhost:8080/health || exit 1')
    const other = lint({
      fleet: taskDefinition({ healthCheck: { command: ['CMD-SHELL', 'curl -sf localhost:8080/ || exit 1'] } })
    })
    expect(codes(other)).toEqual(['warning:health-check-path'])
    expect(
      lint({
        fleet: taskDefinition({
          healthCheck: { command: ['CMD-SHELL', 'curl -sf localhost:8080/health/db'] }
        })
      })
    ).toHaveLength(1)
  })

  it('notes a change to a persistent-config setting, unless persistent config is off', () => {
    const current = taskDefinition({ environment: [...baseEnvironment(), ...env(['ENABLE_SIGNUP', 'true'])] })
    const fleet = taskDefinition({
      environment: [...baseEnvironment(), ...env(['ENABLE_SIGNUP', 'false'], ['RAG_TOP_K', '5'])]
    })
    const findings = lint({ fleet, current })
    expect(codes(findings)).toEqual(['notice:persistent-config'])
    expect(findings[0].message).toContain('ENABLE_SIGNUP, RAG_TOP_K')
    expect(findings[0].message).toContain('may have no effect')
    expect(lint({ fleet: current, current })).toEqual([])
    const off = taskDefinition({
      environment: [
        ...baseEnvironment(),
        ...env(['ENABLE_SIGNUP', 'false'], ['ENABLE_PERSISTENT_CONFIG', 'false'])
      ]
    })
    expect(lint({ fleet: off, current })).toEqual([])
  })

  it('gives every finding a title, a message and a fix', () => {
    const findings = lint({
      baseImage: 'x:main',
      fleet: taskDefinition({ environment: [], secrets: [], healthCheck: undefined })
    })
    expect(findings.length).toBeGreaterThanOrEqual(6)
    for (const finding of findings) {
      expect(finding.title).not.toBe('')
      expect(finding.message).not.toBe('')
      expect(finding.fix).not.toBe('')
    }
  })
})

describe('lintOpenWebui: where Open WebUI gets its configuration (v0.10.2 env.py, start.sh)', () => {
  const withoutSecret = (...names: string[]) =>
    container().secrets.filter(secret => !names.includes(secret.name))
  const parts = (...pairs: [string, string][]) => [...baseEnvironment(), ...env(...pairs)]
  const DATABASE_PARTS: [string, string][] = [
    ['DATABASE_TYPE', 'postgresql'],
    ['DATABASE_USER', 'openwebui'],
    ['DATABASE_HOST', 'db.internal'],
    ['DATABASE_PORT', '5432'],
    ['DATABASE_NAME', 'openwebui']
  ]

  it('takes the database from its parts, the password optional (RDS IAM token auth)', () => {
    const secrets = withoutSecret('DATABASE_URL')
    expect(lint({ fleet: taskDefinition({ secrets, environment: parts(...DATABASE_PARTS) }) })).toEqual([])
    const iam = parts(...DATABASE_PARTS, ['DATABASE_ENABLE_IAM_TOKEN_AUTH', 'true'])
    expect(lint({ fleet: taskDefinition({ secrets, environment: iam }) })).toEqual([])
  })

  it('names the missing parts when only some are set', () => {
    const secrets = withoutSecret('DATABASE_URL')
    const findings = lint({
      fleet: taskDefinition({ secrets, environment: parts(...DATABASE_PARTS.slice(1)) })
    })
    expect(codes(findings)).toEqual(['error:database-url-missing'])
    expect(findings[0].message).toContain('DATABASE_TYPE is not set')
  })

  it('lets the parts win over a SQLite DATABASE_URL, as env.py does', () => {
    const secrets = withoutSecret('DATABASE_URL')
    const environment = parts(...DATABASE_PARTS, ['DATABASE_URL', 'sqlite:///app/backend/data/webui.db'])
    expect(lint({ fleet: taskDefinition({ secrets, environment }) })).toEqual([])
  })

  it('notes, without an error, a DATABASE_URL the container command assembles', () => {
    const secrets = withoutSecret('DATABASE_URL')
    const command = [
      '/bin/sh',
      '-lc',
      'export DATABASE_URL="postgresql://${DATABASE_USER}:${DATABASE_PASSWORD}@${DATABASE_HOST}/app" && exec bash start.sh'
    ]
    const findings = lint({ fleet: taskDefinition({ secrets, command }) })
    expect(codes(findings)).toEqual(['notice:database-url-from-command'])
    expect(findings[0].message).toContain('Not verified')
    const entryPoint = ['sh', '-c', 'DATABASE_URL=postgresql://db/app exec bash start.sh']
    expect(codes(lint({ fleet: taskDefinition({ secrets, entryPoint }) }))).toEqual([
      'notice:database-url-from-command'
    ])
    const unrelated = ['bash', 'start.sh', '--database-url-from-env']
    expect(codes(lint({ fleet: taskDefinition({ secrets, command: unrelated }) }))).toEqual([
      'error:database-url-missing'
    ])
  })

  it('asks for Redis and the Redis WebSocket manager only when more than one task can run', () => {
    const secrets = withoutSecret('REDIS_URL')
    const environment = baseEnvironment('WEBSOCKET_MANAGER')
    const fleet = taskDefinition({ secrets, environment })
    expect(lint({ fleet, maxTasks: 1 })).toEqual([])
    expect(codes(lint({ fleet, maxTasks: 2 }))).toEqual(['error:redis-missing', 'error:websocket-manager'])
    expect(codes(lint({ fleet }))).toEqual(['error:redis-missing', 'error:websocket-manager'])
  })

  it('refuses several tasks without WEBUI_SECRET_KEY, and warns about one', () => {
    const fleet = taskDefinition({ secrets: withoutSecret('WEBUI_SECRET_KEY') })
    const several = lint({ fleet, maxTasks: 3 })
    expect(codes(several)).toEqual(['error:webui-secret-key-missing'])
    expect(several[0].message).toContain('start.sh generates a random key in each container')
    expect(several[0].fix).toContain('WEBUI_SECRET_KEY=<secret name or ARN>')
    expect(codes(lint({ fleet, maxTasks: 1 }))).toEqual(['warning:webui-secret-key-generated'])
  })

  it('takes WEBUI_JWT_SECRET_KEY, or a key the command exports, as the key', () => {
    const secrets = [
      ...withoutSecret('WEBUI_SECRET_KEY'),
      { name: 'WEBUI_JWT_SECRET_KEY', valueFrom: `${ARN}jwt-AbCdEf` }
    ]
    expect(lint({ fleet: taskDefinition({ secrets }), maxTasks: 2 })).toEqual([])
    const command = ['sh', '-c', 'export WEBUI_SECRET_KEY="$(cat /run/key)" && exec bash start.sh']
    expect(
      lint({ fleet: taskDefinition({ secrets: withoutSecret('WEBUI_SECRET_KEY'), command }), maxTasks: 2 })
    ).toEqual([])
  })

  it('judges Redis URLs by what they hold, not by their name', () => {
    const secrets = withoutSecret('REDIS_URL')
    const plain = parts(
      ['REDIS_URL', 'rediss://cache.internal:6379'],
      ['WEBSOCKET_REDIS_URL', 'rediss://cache.internal:6379/0']
    )
    expect(lint({ fleet: taskDefinition({ secrets, environment: plain }), environmentInput: [] })).toEqual([])
    const withPassword = parts(['REDIS_URL', 'rediss://:CANARY-pw@cache.internal:6379'])
    const findings = lint({ fleet: taskDefinition({ secrets, environment: withPassword }) })
    expect(codes(findings)).toEqual(['error:secret-in-environment'])
    expect(findings[0].message).toContain('its value looks like a credential')
    expect(JSON.stringify(findings)).not.toContain('CANARY')
  })

  describe('persistent settings follow the release being deployed', () => {
    const running = (...pairs: [string, string][]) => taskDefinition({ environment: parts(...pairs) })

    it('from v0.9.6, oauth.* settings persist only with ENABLE_OAUTH_PERSISTENT_CONFIG', () => {
      const current = running(['OAUTH_SCOPES', 'openid email'])
      const fleet = running(['OAUTH_SCOPES', 'openid email profile'])
      expect(lint({ fleet, current, targetVersion: '0.10.2' })).toEqual([])
      const persisted = running(
        ['OAUTH_SCOPES', 'openid email profile'],
        ['ENABLE_OAUTH_PERSISTENT_CONFIG', 'true']
      )
      const findings = lint({ fleet: persisted, current, targetVersion: '0.10.2' })
      expect(codes(findings)).toEqual(['notice:persistent-config'])
      expect(findings[0].message).toContain('OAUTH_SCOPES')
    })

    it('before v0.9.6, the PersistentConfig entries; from v0.9.6, DEFAULT_CONFIG', () => {
      // RAG_ prefixed names were PersistentConfig; ENABLE_API_KEY and MODEL_ORDER_LIST are not in DEFAULT_CONFIG.
      const current = running(['MODEL_ORDER_LIST', 'a'], ['ENABLE_API_KEY', 'true'])
      const fleet = running(['MODEL_ORDER_LIST', 'b'], ['ENABLE_API_KEY', 'false'])
      const old = lint({ fleet, current, targetVersion: '0.9.5' })
      expect(codes(old)).toEqual(['notice:persistent-config'])
      expect(old[0].message).toContain('ENABLE_API_KEY, MODEL_ORDER_LIST')
      expect(lint({ fleet, current, targetVersion: '0.9.6' })).toEqual([])
      // USER_PERMISSIONS_* all feed DEFAULT_CONFIG's user.permissions.
      const permissions = lint({
        fleet: running(['USER_PERMISSIONS_CHAT_DELETE', 'false']),
        current: running(['USER_PERMISSIONS_CHAT_DELETE', 'true']),
        targetVersion: '0.10.2'
      })
      expect(codes(permissions)).toEqual(['notice:persistent-config'])
    })
  })
})
