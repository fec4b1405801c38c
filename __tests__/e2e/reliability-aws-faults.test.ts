import { describe, expect, it } from '@jest/globals'
import type { Simulator } from '../../simulator/src/index.js'
import type { FaultRule } from '../../simulator/src/scenario.js'
import { CLUSTER, SERVICE, openWebuiTaskDefinition } from '../fixtures/open-webui.js'
import {
  describeRun,
  errorAnnotations,
  expectExit,
  healthyTaskDefinitions,
  migrationInvariants,
  primaryTaskDefinition,
  mutatingAwsCalls,
  runDeploy,
  stackedDeployments,
  startDeployWorld,
  type RunRecord
} from '../support/deploy-world.js'
import { stopAfterEach } from '../support/simulator-lifecycle.js'

/**
 * AWS transport faults on a real deploy (v0.6.5 -> v0.6.6, which adds a migration, under Auto Scaling) with the
 * bundled action. Retryable answers (throttling, 5xx, resets, slow answers) are ridden out: the deploy ends as
 * without them. A non-retryable answer (AccessDenied, a parameter ECS refuses) ends the step at once, with the
 * service's own message, the summary written and the service where the summary says it is.
 */
let sim: Simulator | undefined
stopAfterEach(() => sim)

async function deployUnder(
  faults: FaultRule[],
  overrides: Record<string, string> = {},
  files?: Record<string, string>
) {
  sim = await startDeployWorld({ autoScalingMin: 2 }, scenario => ({ ...scenario, faults, seed: 7 }))
  const record = await runDeploy(sim, overrides, files ? { files } : {})
  return { sim, record }
}

function previousTaskDefinition(world: Simulator): string {
  return `arn:aws:ecs:${world.region}:${world.accountId}:task-definition/open-webui:1`
}

/** Deployed, and the world agrees: the service runs the fleet revision on every task, and scaling is back. */
function expectDeployed(world: Simulator, record: RunRecord): void {
  expectExit(record.run, 0)
  expect(record.run.outputs.result).toBe('deployed')
  const fleet = record.run.outputs['task-definition-arn']
  expect(primaryTaskDefinition(world)).toBe(fleet)
  expect(healthyTaskDefinitions(world)).toEqual([fleet, fleet])
  expect(stackedDeployments(world)).toEqual([])
  const invariants = migrationInvariants(world.timeline)
  expect(invariants.maxMigrators).toBe(1)
  expect(invariants.oldBesideMigrator).toBe(false)
  expect(world.autoScaling.serviceTarget(CLUSTER, SERVICE)?.suspended).toEqual({
    DynamicScalingInSuspended: false,
    DynamicScalingOutSuspended: false,
    ScheduledScalingSuspended: false
  })
}

/** The step failed cleanly: exit 1, an ::error carrying `message`, a summary, no stack trace. */
function expectCleanFailure(record: RunRecord, message: RegExp): void {
  expectExit(record.run, 1)
  expect(record.run.outputs.result).toBe('failed')
  const errors = errorAnnotations(record.run)
  expect(errors.length).toBeGreaterThanOrEqual(1)
  expect(errors.map(error => error.message).join('\n')).toMatch(message)
  expect(record.run.summary.length).toBeGreaterThan(0)
  expect(`${record.run.stdout}\n${record.run.stderr}`).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/)
}

function errorCodes(record: RunRecord): string[] {
  return record.calls.map(call => call.errorCode).filter((code): code is string => code !== undefined)
}

const READ_SERVICES = ['ecs', 'secretsmanager', 'logs', 'autoscaling', 'elbv2'] as const

describe('retryable AWS faults: the deploy completes', () => {
  it('throttling on 30% of reads and on writes', async () => {
    const faults: FaultRule[] = [
      ...READ_SERVICES.map(
        service => ({ service, mutating: false, kind: 'throttle', probability: 0.3 }) as FaultRule
      ),
      { service: 'ecs', mutating: true, kind: 'throttle', probability: 0.5, times: 3 },
      { service: 'autoscaling', mutating: true, kind: 'throttle', times: 1 }
    ]
    const { sim: world, record } = await deployUnder(faults)
    expectDeployed(world, record)
    const codes = errorCodes(record)
    expect(codes.filter(code => code === 'ThrottlingException').length).toBeGreaterThan(3)
    expect(record.calls.some(call => call.mutating && call.errorCode === 'ThrottlingException')).toBe(true)
  })

  it('bursts of 500 and 503 answers', async () => {
    const faults: FaultRule[] = [
      { service: 'ecs', operation: 'DescribeServices', kind: 'server-error', times: 3 },
      { service: 'ecs', operation: 'UpdateService', kind: 'server-error', status: 503, times: 1 },
      { service: 'ecs', operation: 'RegisterTaskDefinition', kind: 'server-error', times: 1 },
      { service: 'ecs', operation: 'DescribeTasks', kind: 'server-error', status: 503, times: 2 },
      { service: 'secretsmanager', kind: 'server-error', times: 2 },
      { service: 'logs', kind: 'server-error', status: 503, times: 2 },
      { service: 'elbv2', kind: 'server-error', times: 1 },
      { service: 'autoscaling', kind: 'server-error', times: 1 }
    ]
    const { sim: world, record } = await deployUnder(faults)
    expectDeployed(world, record)
    expect(record.calls.filter(call => call.status >= 500).length).toBeGreaterThanOrEqual(10)
  })

  it('answers delayed by seconds', async () => {
    const faults: FaultRule[] = [
      { service: 'ecs', operation: 'UpdateService', kind: 'latency', latencyMs: 2000, times: 1 },
      { service: 'ecs', operation: 'DescribeServices', kind: 'latency', latencyMs: 1500, times: 2 },
      { service: 'secretsmanager', kind: 'latency', latencyMs: 1000, times: 1 }
    ]
    const { sim: world, record } = await deployUnder(faults)
    expectDeployed(world, record)
  })

  it('connections reset without an answer, on reads and on writes', async () => {
    const faults: FaultRule[] = [
      { service: 'ecs', operation: 'UpdateService', kind: 'reset', times: 1 },
      { service: 'ecs', operation: 'RegisterTaskDefinition', kind: 'reset', times: 1 },
      { service: 'ecs', operation: 'DescribeTasks', kind: 'reset', times: 2 },
      { service: 'ecs', operation: 'DescribeServices', kind: 'reset', times: 2 },
      { service: 'autoscaling', operation: 'RegisterScalableTarget', kind: 'reset', times: 1 }
    ]
    const { sim: world, record } = await deployUnder(faults)
    expectDeployed(world, record)
    expect(errorCodes(record).filter(code => code === 'ConnectionReset')).toHaveLength(7)
  })
})

describe('non-retryable AWS answers: the step fails at once with the service’s message', () => {
  it('AccessDenied on UpdateService: one attempt, the service left on its previous revision, scaling restored', async () => {
    const { sim: world, record } = await deployUnder([
      { service: 'ecs', operation: 'UpdateService', kind: 'access-denied' }
    ])
    expectCleanFailure(record, /AccessDenied[\s\S]*ecs:UpdateService|ecs:UpdateService[\s\S]*AccessDenied/)
    expect(primaryTaskDefinition(world)).toBe(previousTaskDefinition(world))
    expect(healthyTaskDefinitions(world)).toEqual([
      previousTaskDefinition(world),
      previousTaskDefinition(world)
    ])
    expect(migrationInvariants(world.timeline).migratorsLaunched).toBe(0)
    expect(world.autoScaling.serviceTarget(CLUSTER, SERVICE)?.suspended.DynamicScalingInSuspended).toBe(false)
    expect(record.run.summary).toMatch(/v0\.6\.5/)
    // Not retried, and truthful: a refused write changed nothing, so nothing is rolled back and the summary says so.
    expect(record.calls.filter(call => call.operation === 'UpdateService')).toHaveLength(1)
    expect(record.run.summary).toMatch(/Nothing was changed|still runs open-webui:1/)
  })

  it('AccessDenied on DescribeServices: one attempt, nothing written', async () => {
    const { record } = await deployUnder([
      { service: 'ecs', operation: 'DescribeServices', kind: 'access-denied' }
    ])
    if (record.run.code !== 1) throw new Error(describeRun(record.run))
    const errors = errorAnnotations(record.run)
    expect(errors.map(error => error.message).join('\n')).toMatch(/AccessDenied/)
    expect(errors.map(error => error.message).join('\n')).toMatch(/ecs:DescribeServices/)
    expect(record.calls.filter(call => call.operation === 'DescribeServices')).toHaveLength(1)
    expect(mutatingAwsCalls(record.calls)).toEqual([])
  })

  it.each([
    {
      answer: 'ClientException',
      // (A health-check timeout of 1, which ECS also refuses, is now refused as input before any request.)
      change: (container: Record<string, unknown>) => {
        container.essential = false
      },
      message: /does not have any essential container/
    },
    {
      answer: 'InvalidParameterException',
      change: (container: Record<string, unknown>) => {
        container.ulimits = [{ name: 'nofile', softLimit: 'many', hardLimit: 1024 }]
      },
      message: /ulimits.*softLimit|softLimit.*ulimits/
    }
  ])(
    'a task definition ECS refuses ($answer): one attempt, the service untouched',
    async ({ answer, change, message }) => {
      const definition = openWebuiTaskDefinition({ image: 'ghcr.io/open-webui/open-webui:v0.6.5' }) as {
        containerDefinitions: Record<string, unknown>[]
      }
      change(definition.containerDefinitions[0])
      const { sim: world, record } = await deployUnder(
        [],
        { 'task-definition': 'task-definition.json' },
        { 'task-definition.json': JSON.stringify(definition) }
      )
      if (record.run.code !== 1) throw new Error(describeRun(record.run))
      expect(
        errorAnnotations(record.run)
          .map(error => error.message)
          .join('\n')
      ).toMatch(message)
      expect(
        record.calls
          .filter(call => call.operation === 'RegisterTaskDefinition')
          .map(call => `${call.status} ${call.errorCode}`)
      ).toEqual([`400 ${answer}`])
      expect(record.calls.filter(call => call.operation === 'UpdateService')).toEqual([])
      expect(primaryTaskDefinition(world)).toBe(previousTaskDefinition(world))
      expect(record.run.summary).toMatch(/open-webui:1/)
    }
  )
})
