import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Simulator } from '../../simulator/src/index.js'
import type { CallRecord } from '../../simulator/src/simulator.js'
import { SECRETS_INPUT, openWebuiTaskDefinition } from '../fixtures/open-webui.js'
import { runnerLog } from './harness.js'
import {
  ENVIRONMENT_PLANTS,
  INPUT_PLANTS,
  PASTED_PASSWORDS,
  SECRET_VARIABLES
} from '../support/canary-corpus.js'
import { deployInputs, describeRun, runAgainst, type RunRecord } from '../support/deploy-world.js'
import {
  TASK_DEFINITION_PATH,
  VERSION_FILE,
  WORKFLOW_REPOSITORY,
  startFlowWorld
} from '../support/mode-flows.js'
import { pullRequestEvent } from '../support/workflow-repository.js'

/**
 * The canary corpus: credentials pasted where they do not belong (support/canary-corpus.ts), planted in every
 * mode and on failure paths, each value unique to its run. None may show in the job log as the runner shows it
 * (`::add-mask::` lines consumed), stderr, the summary, the outputs, or any request to AWS, GitHub or the
 * registry (PR comments and bodies are such requests).
 *
 * Two requests may carry a plant, and only the one the user put there: RegisterTaskDefinition a plain
 * environment value (what ECS stores; deploy refuses such values before registering anything, so none does
 * here), and DescribeSecret a `secrets` value with the shape of a secret name (`opensesame`): whether such a
 * name is a secret can only be asked. Pasted passwords with digits or symbols are refused before any request.
 */
interface PlantedRun extends RunRecord {
  name: string
  exit: number
  canaries: string[]
  /** Canaries a DescribeSecret request may carry (asked as secret names). */
  askedAsNames?: string[]
}

let sim: Simulator
const runs: PlantedRun[] = []

function plantedEnvironment(tag: string): {
  lines: string
  entries: { name: string; value: string }[]
  canaries: string[]
} {
  const entries = ENVIRONMENT_PLANTS.map(plant => ({ name: plant.name, value: plant.value(tag) }))
  const canaries = ENVIRONMENT_PLANTS.map((plant, index) =>
    (plant.canary ?? (value => value))(entries[index].value)
  )
  return { lines: entries.map(entry => `${entry.name}=${entry.value}`).join('\n'), entries, canaries }
}

function plantedTaskDefinition(tag: string): { file: string; canaries: string[] } {
  const { entries, canaries } = plantedEnvironment(tag)
  const definition = openWebuiTaskDefinition({
    image: `${sim.registryHost}/open-webui/open-webui:v0.6.5`,
    environment: [
      { name: 'WEBSOCKET_MANAGER', value: 'redis' },
      { name: 'VECTOR_DB', value: 'pgvector' },
      ...entries
    ]
  })
  return { file: JSON.stringify(definition, null, 2), canaries }
}

let passwordIndex = 0
/** Three pasted passwords, one per secret variable, the rest of the secrets input as usual. */
function pastedSecrets(): { secrets: string; canaries: string[] } {
  const canaries = SECRET_VARIABLES.map(() => PASTED_PASSWORDS[passwordIndex++ % PASTED_PASSWORDS.length])
  const lines = SECRET_VARIABLES.map((name, index) => `${name}=${canaries[index]}`)
  return { secrets: lines.join('\n'), canaries }
}

async function planted(
  name: string,
  exit: number,
  canaries: string[],
  record: Promise<RunRecord>,
  askedAsNames: string[] = []
): Promise<void> {
  runs.push({ name, exit, canaries, askedAsNames, ...(await record) })
}

beforeAll(async () => {
  sim = await startFlowWorld()
  const pr = { event: pullRequestEvent(), repository: WORKFLOW_REPOSITORY }

  // Plain credentials in the environment input and in a task-definition file, in every mode.
  for (const mode of ['plan', 'dry-run', 'deploy', 'resolve', 'bump'] as const) {
    const environment = plantedEnvironment(`E${mode.replace('-', '')}`)
    const inputs =
      mode === 'plan'
        ? deployInputs(sim, { mode: 'plan' })
        : mode === 'dry-run'
          ? deployInputs(sim, { 'dry-run': 'true' })
          : mode === 'deploy'
            ? deployInputs(sim)
            : {
                mode,
                image: `${sim.registryHost}/open-webui/open-webui`,
                ...(mode === 'bump' ? { 'version-file': VERSION_FILE } : {})
              }
    await planted(
      `${mode} with credentials in the environment input`,
      mode === 'plan' || mode === 'resolve' || mode === 'bump' ? 0 : 1,
      environment.canaries,
      runAgainst(
        sim,
        { ...inputs, environment: environment.lines },
        mode === 'plan' ? pr : mode === 'bump' ? { repository: WORKFLOW_REPOSITORY } : {}
      )
    )
  }
  for (const mode of ['plan', 'dry-run'] as const) {
    const taskDefinition = plantedTaskDefinition(`T${mode.replace('-', '')}`)
    await planted(
      `${mode} with credentials in the task-definition file`,
      mode === 'plan' ? 0 : 1,
      taskDefinition.canaries,
      runAgainst(
        sim,
        deployInputs(sim, {
          'task-definition': TASK_DEFINITION_PATH,
          ...(mode === 'plan' ? { mode: 'plan' } : { 'dry-run': 'true' })
        }),
        { files: { [TASK_DEFINITION_PATH]: taskDefinition.file }, ...(mode === 'plan' ? pr : {}) }
      )
    )
  }

  // Passwords pasted into secrets lines, in every mode.
  for (const mode of ['plan', 'dry-run', 'deploy', 'resolve', 'bump'] as const) {
    const { secrets, canaries } = pastedSecrets()
    const inputs =
      mode === 'plan'
        ? deployInputs(sim, { mode: 'plan' })
        : mode === 'dry-run'
          ? deployInputs(sim, { 'dry-run': 'true' })
          : mode === 'deploy'
            ? deployInputs(sim)
            : { mode, image: `${sim.registryHost}/open-webui/open-webui` }
    await planted(
      `${mode} with passwords in secrets lines`,
      1,
      canaries,
      runAgainst(sim, { ...inputs, secrets }, mode === 'plan' ? pr : {})
    )
  }
  // A pasted value shaped like a secret name is asked about, and then never repeated.
  for (const mode of ['plan', 'dry-run', 'deploy'] as const) {
    const canary = `opensesame${mode.replace('-', '')}`
    const secrets = `${SECRETS_INPUT.replace(/^WEBUI_SECRET_KEY=.*$/m, '')}\nWEBUI_SECRET_KEY=${canary}`
    const inputs =
      mode === 'plan'
        ? deployInputs(sim, { mode: 'plan', secrets })
        : deployInputs(sim, { secrets, ...(mode === 'dry-run' ? { 'dry-run': 'true' } : {}) })
    await planted(
      `${mode} with a name-shaped password in a secrets line`,
      mode === 'plan' ? 0 : 1,
      [canary],
      runAgainst(sim, inputs, mode === 'plan' ? pr : {}),
      [canary]
    )
  }

  // Inputs refused for what they carry, in deploy and plan.
  for (const plant of INPUT_PLANTS) {
    for (const mode of ['deploy', 'plan'] as const) {
      // Each run gets its own copy of the canary, so a leak names its run.
      const own = (text: string) => text.split(plant.canary).join(`${plant.canary}${mode}`)
      const values = Object.fromEntries(
        Object.entries(plant.inputs).map(([name, value]) => [name, own(value)])
      )
      const inputs = deployInputs(sim, { ...values, ...(mode === 'plan' ? { mode: 'plan' } : {}) })
      await planted(
        `${mode}: ${plant.shape}`,
        1,
        [own(plant.canary)],
        runAgainst(sim, inputs, mode === 'plan' ? pr : {})
      )
    }
  }
}, 600_000)

afterAll(async () => {
  await sim?.stop()
})

/** Where a request may carry a canary of this run. */
function allowedIn(call: CallRecord, run: PlantedRun): string[] {
  if (call.service === 'secretsmanager' && call.operation === 'DescribeSecret') return run.askedAsNames ?? []
  return []
}

describe('the canary corpus', () => {
  it('plants at least 70 canaries across every mode and failure path', () => {
    const plants = runs.flatMap(run => run.canaries)
    expect(plants.length).toBeGreaterThanOrEqual(70)
    expect(new Set(plants).size).toBe(plants.length)
    const failures = runs
      .filter(run => run.run.code !== run.exit)
      .map(run => `${run.name}: ${describeRun(run.run)}`)
    expect(failures).toEqual([])
  })

  it.each(['log', 'stderr', 'summary', 'outputs'] as const)('no canary in the %s of any run', where => {
    const found: string[] = []
    for (const run of runs) {
      const text = {
        log: runnerLog(run.run.stdout),
        stderr: run.run.stderr,
        summary: run.run.summary,
        outputs: JSON.stringify(run.run.outputs)
      }[where]
      for (const canary of run.canaries) if (text.includes(canary)) found.push(`${run.name}: ${canary}`)
    }
    expect(found).toEqual([])
  })

  it('no canary in any request to AWS, GitHub or the registry (PR comments and bodies included)', () => {
    const found: string[] = []
    for (const run of runs) {
      for (const call of run.calls) {
        const text = `${call.operation}\n${call.rawBody}`
        for (const canary of run.canaries) {
          if (text.includes(canary) && !allowedIn(call, run).includes(canary))
            found.push(`${run.name}: ${call.service} ${call.operation} carries ${canary}`)
        }
      }
    }
    expect(found).toEqual([])
  })
})
