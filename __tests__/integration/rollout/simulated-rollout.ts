import { migrationInvariants as timelineInvariants } from '../../support/deploy-world.js'
import { captureLog, type CapturedLog } from '../../support/captured-log.js'
import { FAST_TIMING } from '../../support/timing.js'
import { settingsOf } from '../../support/mode-settings.js'
import type { DeploySettings } from '../../../src/settings/settings.js'
import type { UpdateServiceRequest } from '@aws-sdk/client-ecs'
import { startSimulator, type Simulator } from '../../../simulator/src/index.js'
import type { Scenario } from '../../../simulator/src/scenario.js'
import { createPorts } from '../../../src/adapters/create-ports.js'
import type { ModeContext } from '../../../src/modes/mode-context.js'
import { buildPlan } from '../../../src/plan/build-plan.js'
import type { Plan } from '../../../src/domain/plan.js'
import { systemClock, type Clock } from '../../../src/ports/clock.js'
import type { EcsPort } from '../../../src/ports/ecs.js'
import type { Ports } from '../../../src/ports/ports.js'
import type { Outcome } from '../../../src/report/outcome.js'
import { executeRollout } from '../../../src/rollout/execute-rollout.js'
import { INPUT_NAMES, type RawInputs } from '../../../src/settings/inputs.js'
import { parseSettings } from '../../../src/settings/parse-settings.js'
import {
  CLUSTER,
  SECRETS_INPUT,
  SERVICE,
  standardScenario,
  type StandardScenarioOptions
} from '../../fixtures/open-webui.js'

/**
 * The rollout in-process against the simulator, with the production SDK adapters: fast enough for many cases
 * per file, and it reaches corners the bundled e2e runs cannot (a hand-made plan, an injected clock).
 */

/** The scenario builders need the registry host before the simulator exists: images name a fixed host. */
export const RUNNING_REGISTRY = 'registry.example.test'

export async function startStandardSimulator(
  options: Partial<StandardScenarioOptions> = {},
  extend: (scenario: Scenario) => Scenario = scenario => scenario
): Promise<Simulator> {
  const scenario = extend({
    ...standardScenario({ registryHost: RUNNING_REGISTRY, ...options }),
    timing: FAST_TIMING
  })
  return startSimulator(scenario)
}

export interface RolloutHarness {
  sim: Simulator
  context: ModeContext
  log: CapturedLog
  controller: AbortController
  plan(): Promise<Plan>
  rollout(plan?: Plan): Promise<Outcome>
}

export function harness(
  sim: Simulator,
  inputs: Partial<RawInputs> = {},
  ports: Partial<Ports> = {}
): RolloutHarness {
  for (const [name, value] of Object.entries(sim.env)) process.env[name] = value
  const raw = Object.fromEntries(INPUT_NAMES.map(name => [name, ''])) as RawInputs
  Object.assign(raw, {
    mode: 'deploy',
    cluster: CLUSTER,
    service: SERVICE,
    'container-name': 'open-webui',
    image: `${sim.registryHost}/open-webui/open-webui`,
    'release-repository': 'open-webui/open-webui',
    'pin-digest': 'true',
    secrets: SECRETS_INPUT,
    migration: 'auto',
    'timeout-minutes': '1',
    rollback: 'auto',
    'github-token': 'ghs_simulatedActionsToken',
    comment: 'false',
    'min-release-age-days': '0',
    'dry-run': 'false',
    version: '0.6.6',
    ...inputs
  })
  // The input takes whole minutes from 1; these tests drive the rollout's own timeout in seconds, so a shorter
  // one is set on the parsed settings (the input's minimum is the bad-input corpus's business).
  const timeoutMinutes = Number(raw['timeout-minutes'])
  if (timeoutMinutes < 1) raw['timeout-minutes'] = '1'
  const parsed = parseSettings(raw, {
    ...process.env,
    GITHUB_WORKSPACE: process.cwd(),
    GITHUB_REPOSITORY: 'acme/platform'
  })
  const settings = settingsOf('deploy', timeoutMinutes < 1 ? { ...parsed, timeoutMinutes } : parsed)
  const log = captureLog()
  const controller = new AbortController()
  const context: ModeContext<DeploySettings> = {
    settings,
    ports: { ...createPorts(settings), ...ports },
    log,
    signal: controller.signal
  }
  return {
    sim,
    context,
    log,
    controller,
    plan: () => buildPlan(context),
    async rollout(plan) {
      return executeRollout(plan ?? (await buildPlan(context)), context)
    }
  }
}

/**
 * Timeline invariants of a migrate rollout, over the tasks' serving windows (RUNNING until SIGTERM, DEACTIVATING
 * included): the e2e tests' rule (support/deploy-world.ts), for this harness's simulator.
 */
export function migrationInvariants(sim: Simulator): { maxMigrators: number; oldBesideMigrator: boolean } {
  const { maxMigrators, oldBesideMigrator } = timelineInvariants(sim.timeline, CLUSTER, SERVICE)
  return { maxMigrators, oldBesideMigrator }
}

/** The SDK ECS port, except that one call never answers: the job "dies" there, leaving the service as it was. */
export function dyingOn(
  ecs: EcsPort,
  dies: (request: UpdateServiceRequest) => boolean
): EcsPort & { died: Promise<void> } {
  let markDead: () => void = () => undefined
  const died = new Promise<void>(resolve => (markDead = resolve))
  return new Proxy(ecs, {
    get(target, property, receiver) {
      if (property === 'died') return died
      if (property === 'updateService') {
        return (request: UpdateServiceRequest) => {
          if (!dies(request)) return target.updateService(request)
          markDead()
          return new Promise(() => undefined)
        }
      }
      const value = Reflect.get(target, property, receiver)
      return typeof value === 'function' ? value.bind(target) : value
    }
  }) as EcsPort & { died: Promise<void> }
}

/** Tasks that ever ran with migrations enabled, from the timeline. */
export function migratorTasksLaunched(sim: Simulator): string[] {
  return [
    ...new Set(
      sim.timeline
        .filter(
          entry => entry.service === SERVICE && entry.migrationsEnabled && entry.event === 'PROVISIONING'
        )
        .map(entry => entry.taskArn)
    )
  ]
}

/** Real time, but every sleep is `factor` times shorter: retries and backoffs without the wait. */
export function hurriedClock(factor = 20): Clock {
  return { now: () => systemClock.now(), sleep: (ms, signal) => systemClock.sleep(ms / factor, signal) }
}
