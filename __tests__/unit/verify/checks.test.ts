import { deploymentsInProgress } from '../../../src/plan/current-state.js'
import { describe, expect, it } from '@jest/globals'
import type { RegisterTaskDefinitionRequest } from '@aws-sdk/client-ecs'
import type { Service } from '../../../src/ports/ecs.js'
import type { LoadBalancerPort } from '../../../src/ports/load-balancer.js'
import type { SecretDescription, SecretsManagerPort } from '../../../src/ports/secrets-manager.js'
import { autoScalingState, verifyAutoScaling } from '../../../src/verify/autoscaling-check.js'
import { verifyHealthCheck } from '../../../src/verify/health-check.js'
import { verifyTargetGroups } from '../../../src/verify/load-balancer-check.js'
import { SecretLookup, verifySecrets } from '../../../src/verify/secret-checks.js'
import {
  runsOnFargate,
  verifyCluster,
  verifyNoDeploymentInProgress,
  verifyService
} from '../../../src/verify/service-checks.js'
import { verifyTaskSize } from '../../../src/verify/task-size-check.js'

const PREFIX = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:'

/** Secrets Manager that knows a few secrets by name and by (partial or full) ARN, and counts its calls. */
function secretsManager(
  secrets: { name: string; deleted?: boolean; versions?: Record<string, string[]> }[]
): SecretsManagerPort & { calls: string[] } {
  const calls: string[] = []
  return {
    calls,
    describeSecret: async (secretId: string): Promise<SecretDescription | undefined> => {
      calls.push(secretId)
      if (secretId.endsWith('boom')) throw new Error('AccessDeniedException: not allowed')
      const secret = secrets.find(candidate =>
        [candidate.name, `${PREFIX}${candidate.name}`, `${PREFIX}${candidate.name}-AbCdEf`].includes(secretId)
      )
      if (!secret) return undefined
      return {
        name: secret.name,
        arn: `${PREFIX}${secret.name}-AbCdEf`,
        ...(secret.deleted ? { deletedDate: new Date('2025-07-01T00:00:00Z') } : {}),
        ...(secret.versions ? { versionIdsToStages: secret.versions } : {})
      }
    }
  }
}

function fleetWith(
  secrets: { name: string; valueFrom: string }[],
  sidecar: { name: string; valueFrom: string }[] = []
) {
  return {
    family: 'f',
    containerDefinitions: [
      { name: 'open-webui', secrets },
      { name: 'tika', secrets: sidecar }
    ]
  } as unknown as RegisterTaskDefinitionRequest
}

describe('SecretLookup and verifySecrets', () => {
  it('resolves names to full ARNs and describes each secret once', async () => {
    const port = secretsManager([{ name: 'open-webui/db' }])
    const lookup = new SecretLookup(port)
    const arns = await lookup.resolveArns([
      { name: 'DATABASE_URL', secretId: 'open-webui/db' },
      { name: 'X', secretId: 'missing' }
    ])
    expect([...arns]).toEqual([['open-webui/db', `${PREFIX}open-webui/db-AbCdEf`]])
    const fleet = fleetWith([{ name: 'DATABASE_URL', valueFrom: `${PREFIX}open-webui/db-AbCdEf` }])
    const result = await verifySecrets(lookup, fleet, {
      containerName: 'open-webui',
      secrets: [{ name: 'DATABASE_URL', secretId: 'open-webui/db' }]
    })
    expect(result.checks).toEqual([
      {
        name: 'Secret DATABASE_URL',
        status: 'OK',
        detail: `open-webui/db exists (${PREFIX}open-webui/db-AbCdEf)`
      }
    ])
    expect(result.findings).toEqual([])
    expect(port.calls).toEqual(['open-webui/db', 'missing'])
  })

  it('checks secrets already in the task definition, sidecars included, by the ARN without json-key parts', async () => {
    const port = secretsManager([{ name: 'open-webui/key' }, { name: 'tika/token', deleted: true }])
    const fleet = fleetWith(
      [
        { name: 'WEBUI_SECRET_KEY', valueFrom: `${PREFIX}open-webui/key-AbCdEf:key::` },
        { name: 'GONE', valueFrom: `${PREFIX}gone-XyZ123` },
        { name: 'PARAM', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/open-webui/param' },
        { name: 'DENIED', valueFrom: `${PREFIX}boom` }
      ],
      [{ name: 'TOKEN', valueFrom: `${PREFIX}tika/token` }]
    )
    const result = await verifySecrets(new SecretLookup(port), fleet, {
      containerName: 'open-webui',
      secrets: []
    })
    expect(result.checks.map(check => [check.name, check.status])).toEqual([
      ['Secret WEBUI_SECRET_KEY', 'OK'],
      ['Secret GONE', 'NG'],
      ['Secret PARAM', 'SKIP'],
      ['Secret DENIED', 'NG'],
      ['Secret tika/TOKEN', 'NG']
    ])
    expect(port.calls).toContain(`${PREFIX}open-webui/key-AbCdEf`)
    expect(result.findings.map(finding => finding.code)).toEqual([
      'secret-not-found',
      'secret-not-described',
      'secret-scheduled-for-deletion'
    ])
    expect(result.checks[1].detail).toBe(
      'the valueFrom of GONE names no secret in Secrets Manager (the value is not repeated)'
    )
    expect(JSON.stringify(result)).not.toContain('gone-XyZ123')
    expect(result.checks[3].detail).toContain('AccessDeniedException')
    expect(result.checks[4].detail).toContain('scheduled for deletion (2025-07-01)')
    expect(result.findings[2].fix).toContain('restore-secret')
  })
})

describe('secret versions', () => {
  const CURRENT = '11111111-1111-4111-8111-111111111111'
  const PREVIOUS = '22222222-2222-4222-8222-222222222222'
  const versions = { [CURRENT]: ['AWSCURRENT'], [PREVIOUS]: ['AWSPREVIOUS'] }

  it('checks each version stage and id against VersionIdsToStages, from the input and from the task definition', async () => {
    const port = secretsManager([
      { name: 'open-webui/db', versions },
      { name: 'open-webui/redis', versions: { [CURRENT]: ['AWSCURRENT'] } }
    ])
    const fleet = fleetWith([
      { name: 'DATABASE_URL', valueFrom: `${PREFIX}open-webui/db-AbCdEf::AWSPREVIOUS:` },
      { name: 'REDIS_URL', valueFrom: `${PREFIX}open-webui/redis-AbCdEf::AWSPREVIOUS:` },
      { name: 'BY_ID', valueFrom: `${PREFIX}open-webui/db-AbCdEf:::${PREVIOUS}` },
      {
        name: 'UNKNOWN_ID',
        valueFrom: `${PREFIX}open-webui/db-AbCdEf:::33333333-3333-4333-8333-333333333333`
      },
      { name: 'MISMATCH', valueFrom: `${PREFIX}open-webui/db-AbCdEf::AWSCURRENT:${PREVIOUS}` },
      { name: 'JSON_KEY', valueFrom: `${PREFIX}open-webui/db-AbCdEf:password::` }
    ])
    const result = await verifySecrets(new SecretLookup(port), fleet, {
      containerName: 'open-webui',
      secrets: [{ name: 'REDIS_URL', secretId: 'open-webui/redis', versionStage: 'AWSPREVIOUS' }]
    })
    expect(result.checks.map(check => [check.name, check.status, check.detail])).toEqual([
      [
        'Secret DATABASE_URL',
        'OK',
        `open-webui/db exists (${PREFIX}open-webui/db-AbCdEf), version AWSPREVIOUS found`
      ],
      ['Secret REDIS_URL', 'NG', 'open-webui/redis has no version labelled AWSPREVIOUS'],
      [
        'Secret BY_ID',
        'OK',
        `open-webui/db exists (${PREFIX}open-webui/db-AbCdEf), version ${PREVIOUS} found`
      ],
      ['Secret UNKNOWN_ID', 'NG', 'open-webui/db has no version 33333333-3333-4333-8333-333333333333'],
      ['Secret MISMATCH', 'NG', `open-webui/db's version ${PREVIOUS} is not labelled AWSCURRENT`],
      // A JSON key is inside the value, which the action never reads: not an error here.
      ['Secret JSON_KEY', 'OK', `open-webui/db exists (${PREFIX}open-webui/db-AbCdEf)`]
    ])
    expect(result.findings.map(finding => finding.code)).toEqual([
      'secret-version-not-found',
      'secret-version-not-found',
      'secret-version-not-found'
    ])
    expect(result.findings[0].message).toContain('ResourceInitializationError')
    expect(result.findings[0].fix).toBe(
      `Point REDIS_URL at a version the secret has (${CURRENT}: AWSCURRENT), or drop the version part to read AWSCURRENT`
    )
  })
})

describe('service checks', () => {
  it('reports the cluster and service state', () => {
    expect(verifyCluster(undefined, 'prod', 'us-east-1').checks).toEqual([
      { name: 'Cluster', status: 'NG', detail: 'prod was not found in us-east-1' }
    ])
    expect(
      verifyCluster({ clusterName: 'prod', status: 'INACTIVE' }, 'prod', 'us-east-1').findings[0].code
    ).toBe('cluster-not-active')
    expect(
      verifyCluster({ clusterName: 'prod', status: 'ACTIVE' }, 'prod', 'us-east-1').checks[0].status
    ).toBe('OK')
    expect(verifyService(undefined, 'web', 'prod').findings[0].code).toBe('service-not-found')
    expect(verifyService({ serviceName: 'web', status: 'DRAINING' }, 'web', 'prod').checks[0]).toEqual({
      name: 'Service',
      status: 'NG',
      detail: 'web is DRAINING'
    })
    expect(
      verifyService({ serviceName: 'web', status: 'ACTIVE', desiredCount: 2, runningCount: 1 }, 'web', 'prod')
        .checks[0].detail
    ).toBe('web is ACTIVE (desired 2, running 1)')
  })

  it('refuses services that ECS rolling updates do not drive: CodeDeploy, external, blue/green, linear, canary', () => {
    const base: Service = { serviceName: 'web', status: 'ACTIVE' }
    const refusal = (service: Service) => verifyService(service, 'web', 'prod')
    expect(refusal({ ...base, deploymentController: { type: 'ECS' } }).findings).toEqual([])
    expect(refusal({ ...base, deploymentConfiguration: { strategy: 'ROLLING' } }).findings).toEqual([])
    for (const [service, detail] of [
      [
        { ...base, deploymentController: { type: 'CODE_DEPLOY' } },
        'web uses the CODE_DEPLOY deployment controller'
      ],
      [
        { ...base, deploymentController: { type: 'EXTERNAL' } },
        'web uses the EXTERNAL deployment controller'
      ],
      [
        { ...base, deploymentConfiguration: { strategy: 'BLUE_GREEN' } },
        'web uses the BLUE_GREEN deployment strategy'
      ],
      [
        { ...base, deploymentConfiguration: { strategy: 'LINEAR' } },
        'web uses the LINEAR deployment strategy'
      ],
      [
        { ...base, deploymentConfiguration: { strategy: 'CANARY' } },
        'web uses the CANARY deployment strategy'
      ]
    ] as [Service, string][]) {
      const result = refusal(service)
      expect(result.checks).toEqual([
        { name: 'Service', status: 'NG', detail: `${detail}: the action only drives ECS rolling updates` }
      ])
      expect(result.findings).toHaveLength(1)
      expect(result.findings[0]).toMatchObject({ level: 'error', code: 'service-deployment-not-rolling' })
      expect(result.findings[0].message).toContain(detail)
      expect(result.findings[0].fix).not.toBe('')
    }
  })

  it('warns about a deployment in progress (deploy waits for it)', () => {
    const service: Service = {
      deployments: [
        { id: 'ecs-svc/1', rolloutState: 'COMPLETED' },
        { id: 'ecs-svc/2', rolloutState: 'IN_PROGRESS' }
      ]
    }
    expect(verifyNoDeploymentInProgress(deploymentsInProgress(service))).toMatchObject({
      status: 'WARN',
      detail: expect.stringContaining('ecs-svc/2 in progress')
    })
    expect(
      verifyNoDeploymentInProgress(deploymentsInProgress({ deployments: [{ rolloutState: 'COMPLETED' }] }))
        .status
    ).toBe('OK')
  })

  it('tells Fargate from its launch type, capacity providers or the task definition', () => {
    expect(runsOnFargate({ launchType: 'EC2' }, ['FARGATE'])).toBe(false)
    expect(runsOnFargate({ capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT' }] }, [])).toBe(true)
    expect(runsOnFargate(undefined, ['FARGATE'])).toBe(true)
    expect(runsOnFargate({}, undefined)).toBe(false)
  })

  it('checks the Fargate size only on Fargate', () => {
    const fleet = {
      family: 'f',
      cpu: '256',
      memory: '4096',
      containerDefinitions: []
    } as RegisterTaskDefinitionRequest
    expect(verifyTaskSize(fleet, false).checks[0].status).toBe('SKIP')
    expect(verifyTaskSize(fleet, true).checks[0].status).toBe('NG')
    expect(verifyTaskSize(fleet, true).findings[0]).toMatchObject({ level: 'error', code: 'fargate-size' })
    expect(verifyTaskSize({ ...fleet, memory: '2048' }, true).checks[0]).toEqual({
      name: 'Fargate size',
      status: 'OK',
      detail: 'cpu 256, memory 2048'
    })
  })

  it('checks the container health check and suggests one', () => {
    expect(
      verifyHealthCheck(
        { healthCheck: { command: ['CMD-SHELL', 'curl -sf http://localhost:8080/health || exit 1'] } },
        true
      ).status
    ).toBe('OK')
    expect(verifyHealthCheck({}, false).detail).toContain(
      'CMD-SHELL curl -sf http://localhost:8080/health || exit 1'
    )
    expect(verifyHealthCheck({}, false).detail).toContain('no container health check')
    // A sidecar's health check decides HEALTHY: the plan's one rule says so, the check does not deny it.
    expect(verifyHealthCheck({}, true).detail).toContain('another essential container')
    expect(verifyHealthCheck({ healthCheck: { command: ['CMD', 'true'] } }, true).status).toBe('WARN')
  })
})

describe('verifyAutoScaling', () => {
  const state = autoScalingState({
    MinCapacity: 2,
    MaxCapacity: 10,
    SuspendedState: { DynamicScalingInSuspended: false }
  } as never)

  it('reads the scalable target', () => {
    expect(state).toEqual({ minCapacity: 2, maxCapacity: 10, suspended: false })
    expect(autoScalingState(undefined)).toBeUndefined()
  })

  it('says the rollout suspends scaling for a migration', () => {
    const result = verifyAutoScaling(state, 'migrate', 2)
    expect(result.checks[0]).toEqual({
      name: 'Auto Scaling',
      status: 'OK',
      detail: 'min 2, max 10: the rollout suspends scaling while one migrator runs and restores it afterwards'
    })
    expect(verifyAutoScaling(undefined, 'migrate', 2).checks[0].status).toBe('SKIP')
  })

  it('warns when the fleet size is outside the scaling range', () => {
    const result = verifyAutoScaling(state, 'rolling', 1)
    expect(result.checks[0].status).toBe('WARN')
    expect(result.findings[0].code).toBe('desired-count-outside-scaling-range')
  })
})

describe('verifyTargetGroups', () => {
  const TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/owui/abc'
  function loadBalancer(path: string | undefined, sticky: string): LoadBalancerPort & { asked: string[] } {
    const asked: string[] = []
    return {
      asked,
      describeTargetGroup: async arn => {
        asked.push(arn)
        return arn === TG ? { TargetGroupArn: arn, HealthCheckPath: path } : undefined
      },
      describeTargetGroupAttributes: async () => [{ Key: 'stickiness.enabled', Value: sticky }]
    }
  }
  const service: Service = {
    loadBalancers: [{ targetGroupArn: TG, containerName: 'open-webui', containerPort: 8080 }]
  }

  it('is OK with /health and stickiness on', async () => {
    const result = await verifyTargetGroups(loadBalancer('/health', 'true'), service, 'open-webui')
    expect(result).toEqual({
      checks: [{ name: 'Target group owui', status: 'OK', detail: 'health check /health, stickiness on' }],
      findings: [],
      // The group's delay as AWS defaults it when the attributes leave it out: the plan's drain estimate.
      deregistrationDelays: [{ name: 'owui', deregistrationDelaySeconds: 300 }]
    })
  })

  it('warns with the fix for another path and stickiness off', async () => {
    const result = await verifyTargetGroups(loadBalancer('/', 'false'), service, 'open-webui')
    expect(result.checks[0]).toEqual({
      name: 'Target group owui',
      status: 'WARN',
      detail: 'health check path is /; stickiness is off'
    })
    expect(result.findings.map(finding => finding.code)).toEqual([
      'target-group-health-check',
      'target-group-stickiness'
    ])
    expect(result.findings[0].fix).toContain('--health-check-path /health')
    expect(result.findings[1].fix).toContain('stickiness.enabled,Value=true')
  })

  it('skips services without a load balancer and ignores other containers', async () => {
    const port = loadBalancer('/health', 'true')
    expect((await verifyTargetGroups(port, {}, 'open-webui')).checks[0].status).toBe('SKIP')
    const other = { loadBalancers: [{ targetGroupArn: TG, containerName: 'tika' }] }
    expect((await verifyTargetGroups(port, other, 'open-webui')).checks[0].status).toBe('SKIP')
    expect(port.asked).toEqual([])
  })
})
