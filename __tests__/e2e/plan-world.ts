import { expect } from '@jest/globals'
import { startSimulator, type Simulator } from '../../simulator/src/index.js'
import type { CallRecord } from '../../simulator/src/simulator.js'
import type { PullRequestSeed, ReleaseSeed, RepositorySeed } from '../../simulator/src/scenario.js'
import {
  CLUSTER,
  SECRET_CANARIES,
  SECRETS_INPUT,
  SERVICE,
  openWebuiTaskDefinition,
  releaseHistory,
  standardScenario
} from '../fixtures/open-webui.js'
import { PR_NUMBER, WORKFLOW_REPOSITORY, pullRequestEvent } from '../support/workflow-repository.js'
import { DEFAULT_TOKEN, runAction, runnerLog, type ActionRun } from './harness.js'

/** Shared world for the plan-mode e2e tests: the standard service plus the workflow repository and its PR. */

export { HEAD_SHA, PR_NUMBER, WORKFLOW_REPOSITORY, pullRequestEvent } from '../support/workflow-repository.js'
export { mutatingAwsCalls } from '../support/deploy-world.js'
export const TASK_DEFINITION_PATH = 'deploy/task-definition.json'

export interface PlanWorldOptions {
  releases?: ReleaseSeed[]
  /** Files on the workflow repository's main branch (the pull request's base). */
  baseFiles?: Record<string, string>
  pullRequest?: Partial<PullRequestSeed>
  comments?: RepositorySeed['comments']
  readOnlyToken?: boolean
}

export async function startPlanWorld(options: PlanWorldOptions = {}): Promise<Simulator> {
  // The running service pulls from ghcr.io; the action pins through the simulator's registry (a mirror).
  const scenario = standardScenario({
    registryHost: 'ghcr.io',
    releases: options.releases ?? releaseHistory()
  })
  scenario.github!.repositories![WORKFLOW_REPOSITORY] = {
    files: { main: options.baseFiles ?? { 'README.md': 'platform\n' } },
    pullRequests: [
      { number: PR_NUMBER, title: 'Open WebUI v0.6.6', head: 'open-webui-v0.6.6', ...options.pullRequest }
    ],
    comments: options.comments ?? []
  }
  if (options.readOnlyToken) {
    scenario.github!.tokens = {
      [DEFAULT_TOKEN]: { login: 'github-actions[bot]', kind: 'app', readOnly: true }
    }
  }
  return startSimulator(scenario)
}

export function taskDefinitionFile(image = 'ghcr.io/open-webui/open-webui:v0.6.5'): string {
  return JSON.stringify(openWebuiTaskDefinition({ image }), null, 2)
}

export function planInputs(sim: Simulator, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    mode: 'plan',
    cluster: CLUSTER,
    service: SERVICE,
    image: `${sim.registryHost}/open-webui/open-webui`,
    'task-definition': TASK_DEFINITION_PATH,
    version: 'v0.6.6',
    secrets: SECRETS_INPUT,
    ...overrides
  }
}

export async function runPlan(
  sim: Simulator,
  options: {
    inputs?: Record<string, string>
    event?: ReturnType<typeof pullRequestEvent>
    env?: Record<string, string>
    files?: Record<string, string>
    withoutAws?: boolean
  } = {}
): Promise<{ run: ActionRun; calls: CallRecord[] }> {
  const before = sim.calls.length
  const simulatorEnv = { ...sim.env }
  if (options.withoutAws) {
    // Endpoints stay on the simulator: should credentials turn up anyway, nothing could reach real AWS.
    for (const name of [
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_SESSION_TOKEN',
      'AWS_REGION',
      'AWS_DEFAULT_REGION'
    ]) {
      delete simulatorEnv[name]
    }
  }
  const run = await runAction({
    simulatorEnv,
    inputs: planInputs(sim, options.inputs),
    files: options.files ?? { [TASK_DEFINITION_PATH]: taskDefinitionFile() },
    event: options.event ?? pullRequestEvent(),
    repository: WORKFLOW_REPOSITORY,
    env: options.env
  })
  return { run, calls: sim.calls.slice(before) }
}

export function commentWrites(calls: CallRecord[]): CallRecord[] {
  return calls.filter(
    call => call.service === 'github' && call.mutating && /\/issues\/(\d+\/)?comments/.test(call.operation)
  )
}

/** No secret value anywhere the world can see: output, summary, outputs, and every request to GitHub. */
export function expectNoCanary(run: ActionRun, calls: CallRecord[]): void {
  const githubBodies = calls.filter(call => call.service === 'github').map(call => call.rawBody)
  const visible = [
    runnerLog(run.stdout),
    run.stderr,
    run.summary,
    JSON.stringify(run.outputs),
    ...githubBodies
  ].join('\n')
  for (const canary of Object.values(SECRET_CANARIES)) expect(visible).not.toContain(canary)
  expect(visible).not.toContain('CANARY-')
}

export function describeRun(run: ActionRun): string {
  return `exit ${run.code}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`
}

/** The exit code, with the action's output in the failure message when it is not the expected one. */
export function expectExit(run: ActionRun, code: number): void {
  if (run.code !== code)
    throw new Error(`expected exit ${code}, got ${describeRun(run)}\n--- summary\n${run.summary}`)
}
