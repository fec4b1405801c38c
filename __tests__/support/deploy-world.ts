import {
  migratorBesideOldTasks,
  servingWindows,
  startSimulator,
  type Simulator
} from '../../simulator/src/index.js'
import type { CallRecord, TimelineEntry } from '../../simulator/src/simulator.js'
import type { Scenario } from '../../simulator/src/scenario.js'
import { runAction, type ActionRun, type RunOptions } from '../e2e/harness.js'
import { FAST_TIMING } from './timing.js'
import {
  CLUSTER,
  SECRETS_INPUT,
  SERVICE,
  standardScenario,
  type StandardScenarioOptions
} from '../fixtures/open-webui.js'

/**
 * The world the reliability e2e tests deploy into: the standard service (v0.6.5, two tasks) with its images on
 * the simulator's own registry, and ECS timings of tens of milliseconds so a whole rollout takes seconds.
 */

/** Task-behaviour matchers for the deploy these worlds make (v0.6.5 -> v0.6.6): its migrator and its fleet. */
export const TARGET_MIGRATOR = { image: 'v0.6.6', environment: { ENABLE_DB_MIGRATIONS: 'true' } }
export const TARGET_FLEET = { image: 'v0.6.6', environment: { ENABLE_DB_MIGRATIONS: 'false' } }

export const AWS_SERVICE_NAMES = new Set(['ecs', 'secretsmanager', 'logs', 'autoscaling', 'elbv2', 'rds'])

export async function startDeployWorld(
  options: Partial<StandardScenarioOptions> = {},
  extend: (scenario: Scenario) => Scenario = scenario => scenario
): Promise<Simulator> {
  return startSimulator(({ registryHost }) =>
    extend({ ...standardScenario({ registryHost, ...options }), timing: FAST_TIMING })
  )
}

export function deployInputs(sim: Simulator, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    mode: 'deploy',
    cluster: CLUSTER,
    service: SERVICE,
    image: `${sim.registryHost}/open-webui/open-webui`,
    version: 'v0.6.6',
    secrets: SECRETS_INPUT,
    'timeout-minutes': '2',
    ...overrides
  }
}

export interface RunRecord {
  run: ActionRun
  /** The simulator's calls made while this run was going (another process's too, when several run at once). */
  calls: CallRecord[]
}

/** Runs the bundled action against the simulator and keeps the calls it made. */
export async function runAgainst(
  sim: Simulator,
  inputs: Record<string, string>,
  options: Omit<RunOptions, 'simulatorEnv' | 'inputs'> = {}
): Promise<RunRecord> {
  const before = sim.calls.length
  const run = await runAction({ simulatorEnv: sim.env, inputs, ...options })
  return { run, calls: sim.calls.slice(before) }
}

export function runDeploy(
  sim: Simulator,
  overrides: Record<string, string> = {},
  options: Omit<RunOptions, 'simulatorEnv' | 'inputs'> = {}
): Promise<RunRecord> {
  return runAgainst(sim, deployInputs(sim, overrides), options)
}

export function describeRun(run: ActionRun): string {
  return `exit ${run.code}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}\n--- summary\n${run.summary}`
}

/** The exit code, with the action's output in the failure message when it is not the expected one. */
export function expectExit(run: ActionRun, code: number): void {
  if (run.code !== code) throw new Error(`expected exit ${code}, got ${describeRun(run)}`)
}

export function errorAnnotations(run: ActionRun) {
  return run.annotations.filter(annotation => annotation.level === 'error')
}

export function awsCalls(calls: CallRecord[]): CallRecord[] {
  return calls.filter(call => AWS_SERVICE_NAMES.has(call.service))
}

export function mutatingAwsCalls(calls: CallRecord[]): CallRecord[] {
  return awsCalls(calls).filter(call => call.mutating)
}

/**
 * Invariants over every instant of the service's task timeline: the most migration-enabled tasks alive at once,
 * and whether a task of another image was alive beside a migrator (version skew across a schema change).
 */
export function migrationInvariants(
  timeline: TimelineEntry[],
  cluster = CLUSTER,
  service = SERVICE
): { maxMigrators: number; oldBesideMigrator: boolean; migratorsLaunched: number } {
  // A task runs its code from RUNNING until ECS sends SIGTERM (STOPPING): DEACTIVATING behind a load balancer
  // still counts, as it still serves what it holds. Two migrators, or a migrator beside old code, in those
  // windows at once is what Open WebUI does not support.
  const windows = servingWindows(timeline, cluster, service)
  const migrators = windows.filter(window => window.migrationsEnabled)
  let maxMigrators = 0
  for (const migrator of migrators) {
    const overlapping = migrators.filter(other => other.from < migrator.to && migrator.from < other.to)
    maxMigrators = Math.max(maxMigrators, overlapping.length)
  }
  const launched = new Set(
    timeline
      .filter(entry => entry.cluster === cluster && entry.service === service && entry.migrationsEnabled)
      .map(entry => entry.taskArn)
  )
  return {
    maxMigrators,
    oldBesideMigrator: migratorBesideOldTasks(timeline, cluster, service).length > 0,
    migratorsLaunched: launched.size
  }
}

/** The task definition of the service's PRIMARY deployment: what ECS converges the service to. */
export function primaryTaskDefinition(
  sim: Simulator,
  cluster = CLUSTER,
  service = SERVICE
): string | undefined {
  return sim.ecs.service(cluster, service)?.deployments.find(deployment => deployment.status === 'PRIMARY')
    ?.taskDefinitionArn
}

/** Task definitions of the tasks a load balancer would send traffic to. */
export function healthyTaskDefinitions(sim: Simulator, cluster = CLUSTER, service = SERVICE): string[] {
  return sim.ecs.healthyTasks(cluster, service).map(task => task.taskDefinition.arn)
}

/**
 * Deployments started while another was still in progress (stacked), from the service's deployment history:
 * each one must have finished before the next began. Circuit-breaker rollbacks are ECS's own and do not count.
 */
export function stackedDeployments(sim: Simulator, cluster = CLUSTER, service = SERVICE): string[] {
  const history = [...(sim.ecs.service(cluster, service)?.serviceDeployments ?? [])]
    .filter(deployment => !deployment.rollback)
    .sort((a, b) => a.createdAt - b.createdAt)
  const stacked: string[] = []
  for (let index = 1; index < history.length; index++) {
    const before = history[index - 1]
    const ended = before.finishedAt ?? before.stoppedAt ?? Number.POSITIVE_INFINITY
    if (ended > history[index].createdAt) {
      stacked.push(
        `${history[index].targetTaskDefinitionArn} started while ${before.targetTaskDefinitionArn} ran`
      )
    }
  }
  return stacked
}
