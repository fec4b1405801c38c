import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Simulator } from '../../simulator/src/index.js'
import type { CallRecord } from '../../simulator/src/simulator.js'
import { SECRET_CANARIES, openWebuiTaskDefinition } from '../fixtures/open-webui.js'
import { runnerLog, type ActionRun } from '../e2e/harness.js'
import {
  deployInputs,
  describeRun,
  errorAnnotations,
  mutatingAwsCalls,
  runAgainst,
  type RunRecord
} from '../support/deploy-world.js'
import {
  TASK_DEFINITION_PATH,
  WORKFLOW_REPOSITORY,
  runModeFlows,
  startFlowWorld
} from '../support/mode-flows.js'
import { pullRequestEvent } from '../support/workflow-repository.js'

/**
 * Secret canaries across every mode. The simulator's secrets hold canary values (SECRET_CANARIES), and plain
 * values that look like credentials are canaries too: SOME_API_TOKEN in a task-definition file and
 * OPENAI_API_KEY in the environment input. No canary may show in stdout, stderr, the job summary, the outputs,
 * or the body or path of any request to GitHub, the registry or AWS.
 *
 * The one body allowed to carry a plain canary is a RegisterTaskDefinition request: a plain environment value the
 * user put in the task definition is what ECS stores. Lint flags such a value as an error, so deploy refuses
 * before registering anything and no request carries it in these runs either; the check below would still let a
 * RegisterTaskDefinition body carry a plain canary, never a Secrets Manager value.
 */
const PLAIN_TOKEN = 'CANARY-plain-api-token-2b7e151628'
const PLAIN_OPENAI_KEY = 'sk-CANARYplainopenaikey0123456789'
const SECRET_VALUES = Object.values(SECRET_CANARIES)
const PLAIN_VALUES = [PLAIN_TOKEN, PLAIN_OPENAI_KEY]

let sim: Simulator
const runs: (RunRecord & { name: string })[] = []

function canaryTaskDefinition(): string {
  const definition = openWebuiTaskDefinition({
    image: `${sim.registryHost}/open-webui/open-webui:v0.6.5`,
    environment: [
      { name: 'WEBSOCKET_MANAGER', value: 'redis' },
      { name: 'VECTOR_DB', value: 'pgvector' },
      { name: 'SOME_API_TOKEN', value: PLAIN_TOKEN }
    ]
  })
  return JSON.stringify(definition, null, 2)
}

beforeAll(async () => {
  sim = await startFlowWorld()
  for (const flow of await runModeFlows(sim, {
    taskDefinitionFile: canaryTaskDefinition(),
    // The canary file holds SOME_API_TOKEN as plain environment, which deploy refuses.
    dryRunRefused: true
  }))
    runs.push(flow)
  runs.push({
    name: 'deploy of a task definition with a plain token',
    ...(await runAgainst(sim, deployInputs(sim, { 'task-definition': TASK_DEFINITION_PATH }), {
      files: { [TASK_DEFINITION_PATH]: canaryTaskDefinition() }
    }))
  })
  runs.push({
    name: 'plan with a plain OpenAI key in the environment input',
    ...(await runAgainst(
      sim,
      deployInputs(sim, { mode: 'plan', environment: `OPENAI_API_KEY=${PLAIN_OPENAI_KEY}` }),
      {
        event: pullRequestEvent(),
        repository: WORKFLOW_REPOSITORY
      }
    ))
  })
})

afterAll(async () => {
  await sim?.stop()
})

function visibleText(run: ActionRun): Record<string, string> {
  return {
    stdout: runnerLog(run.stdout),
    stderr: run.stderr,
    summary: run.summary,
    outputs: JSON.stringify(run.outputs)
  }
}

function leaks(text: string, canaries: string[]): string[] {
  return canaries.filter(canary => text.includes(canary))
}

/** Where a request may carry a canary: only RegisterTaskDefinition, and only a plain value the user put there. */
function allowedIn(call: CallRecord): string[] {
  return call.service === 'ecs' && call.operation === 'RegisterTaskDefinition' ? PLAIN_VALUES : []
}

describe('secret canaries', () => {
  it('the runs covered every mode and carried the canaries in', () => {
    for (const run of runs.filter(item => 'exit' in item) as (RunRecord & { name: string; exit: number })[]) {
      if (run.run.code !== run.exit) throw new Error(`${run.name}: ${describeRun(run.run)}`)
    }
    const modes = new Set(runs.map(run => run.name.split(' ')[0]))
    expect([...modes].sort()).toEqual(['bump', 'deploy', 'plan', 'resolve'])
    expect(SECRET_VALUES.every(value => value.includes('CANARY'))).toBe(true)
    // The canaries were where the action could have leaked them: the file and input it read.
    const planned = runs.find(run => run.name === 'plan on a pull request')!
    expect(planned.run.summary).toMatch(/SOME\\?_API\\?_TOKEN/)
  })

  it.each(['stdout', 'stderr', 'summary', 'outputs'] as const)('no canary in the %s of any run', where => {
    const found = runs.flatMap(run =>
      leaks(visibleText(run.run)[where], [...SECRET_VALUES, ...PLAIN_VALUES, 'CANARY']).map(
        canary => `${run.name}: ${canary}`
      )
    )
    expect(found).toEqual([])
  })

  it('no canary in the body or path of any request to GitHub, the registry or AWS', () => {
    const found: string[] = []
    for (const run of runs) {
      for (const call of run.calls) {
        const allowed = allowedIn(call)
        const text = `${call.operation}\n${call.rawBody}`
        for (const canary of leaks(text, [...SECRET_VALUES, ...PLAIN_VALUES])) {
          if (!allowed.includes(canary))
            found.push(`${run.name}: ${call.service} ${call.operation} carries ${canary}`)
        }
      }
    }
    expect(found).toEqual([])
  })

  it('never calls GetSecretValue', () => {
    expect(sim.calls.filter(call => call.operation === 'GetSecretValue')).toEqual([])
    expect(sim.calls.filter(call => call.service === 'secretsmanager').map(call => call.operation)).toEqual(
      expect.arrayContaining(['DescribeSecret'])
    )
  })

  it('flags the plain token without repeating it, and deploy refuses it before any write', () => {
    const refused = runs.find(run => run.name === 'deploy of a task definition with a plain token')!
    if (refused.run.code !== 1) throw new Error(describeRun(refused.run))
    expect(errorAnnotations(refused.run).map(annotation => annotation.title)).toContain(
      'SOME_API_TOKEN is plain environment'
    )
    expect(mutatingAwsCalls(refused.calls)).toEqual([])
    const keyed = runs.find(run => run.name === 'plan with a plain OpenAI key in the environment input')!
    if (keyed.run.code !== 0) throw new Error(describeRun(keyed.run))
    // Plan mode reports findings in the plan (summary and comment), not as annotations.
    expect(keyed.run.summary).toMatch(/OPENAI\\?_API\\?_KEY is plain environment/)
  })
})
