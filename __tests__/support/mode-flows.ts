import type { Simulator } from '../../simulator/src/index.js'
import { CLUSTER, SERVICE, openWebuiTaskDefinition } from '../fixtures/open-webui.js'
import { deployInputs, runAgainst, startDeployWorld, type RunRecord } from './deploy-world.js'
import { PR_NUMBER, WORKFLOW_REPOSITORY, pullRequestEvent } from './workflow-repository.js'

/**
 * Representative runs of every mode against one simulated world, for the checks that look across modes:
 * which AWS operations and GitHub endpoints each mode uses (least privilege) and where secret values could leak
 * (canaries). The runs: resolve; plan on a pull request; deploy dry-run; a deploy whose migrator cannot pull
 * its image (rolled back); a deploy with migrations under Auto Scaling; a rolling deploy; bump.
 */

export { PR_NUMBER, WORKFLOW_REPOSITORY } from './workflow-repository.js'
export const VERSION_FILE = 'deploy/open-webui/version'
export const TASK_DEFINITION_PATH = 'deploy/open-webui/task-definition.json'

/** Which IAM role a run needs: the plan role reads only; the deploy role also writes. */
export type Role = 'none' | 'plan' | 'deploy'

export interface FlowRun extends RunRecord {
  name: string
  mode: 'resolve' | 'plan' | 'deploy' | 'bump'
  role: Role
  /** The exit code the run must end with. */
  exit: number
}

export interface FlowOptions {
  /** Extra plain environment lines for every run that takes `environment` (canaries go here). */
  environment?: string
  /** A task-definition file for plan and dry-run (the deploys render from the running service). */
  taskDefinitionFile?: string
  /** The task-definition file holds something deploy refuses: the dry run then fails the step (exit 1). */
  dryRunRefused?: boolean
}

export async function startFlowWorld(): Promise<Simulator> {
  return startDeployWorld({ autoScalingMin: 2 }, scenario => {
    scenario.github!.repositories![WORKFLOW_REPOSITORY] = {
      files: { main: { [VERSION_FILE]: 'v0.6.5\n', 'README.md': '# platform\n' } },
      pullRequests: [{ number: PR_NUMBER, title: 'Open WebUI v0.6.6', head: 'open-webui-v0.6.6' }]
    }
    return scenario
  })
}

export function defaultTaskDefinitionFile(sim: Simulator): string {
  return JSON.stringify(
    openWebuiTaskDefinition({ image: `${sim.registryHost}/open-webui/open-webui:v0.6.5` }),
    null,
    2
  )
}

const MIGRATOR_CANNOT_PULL = {
  match: { image: 'v0.6.6', environment: { ENABLE_DB_MIGRATIONS: 'true' } },
  startFailure: {
    stopCode: 'TaskFailedToStart',
    stoppedReason:
      'CannotPullContainerError: pull image manifest has been retried 5 time(s): manifest unknown',
    containerReason: 'CannotPullContainerError: manifest unknown'
  }
}

export async function runModeFlows(sim: Simulator, options: FlowOptions = {}): Promise<FlowRun[]> {
  const runs: FlowRun[] = []
  const environment: Record<string, string> = options.environment ? { environment: options.environment } : {}
  const taskDefinitionFile = options.taskDefinitionFile ?? defaultTaskDefinitionFile(sim)
  const healthUrl = sim.openWebUiUrl(CLUSTER, SERVICE)
  const add = async (flow: Omit<FlowRun, keyof RunRecord>, record: Promise<RunRecord>) => {
    runs.push({ ...flow, ...(await record) })
  }

  await add(
    { name: 'resolve', mode: 'resolve', role: 'none', exit: 0 },
    runAgainst(sim, { mode: 'resolve', image: `${sim.registryHost}/open-webui/open-webui` })
  )
  await add(
    { name: 'plan on a pull request', mode: 'plan', role: 'plan', exit: 0 },
    runAgainst(
      sim,
      { ...deployInputs(sim, { mode: 'plan', 'task-definition': TASK_DEFINITION_PATH, ...environment }) },
      {
        files: { [TASK_DEFINITION_PATH]: taskDefinitionFile },
        event: pullRequestEvent(),
        repository: WORKFLOW_REPOSITORY
      }
    )
  )
  await add(
    { name: 'deploy dry-run', mode: 'deploy', role: 'plan', exit: options.dryRunRefused ? 1 : 0 },
    runAgainst(
      sim,
      deployInputs(sim, { 'dry-run': 'true', 'task-definition': TASK_DEFINITION_PATH, ...environment }),
      {
        files: { [TASK_DEFINITION_PATH]: taskDefinitionFile }
      }
    )
  )
  sim.ecs.setTaskBehaviours([MIGRATOR_CANNOT_PULL])
  await add(
    { name: 'deploy rolled back (migrator image cannot be pulled)', mode: 'deploy', role: 'deploy', exit: 1 },
    runAgainst(sim, deployInputs(sim, environment))
  )
  sim.ecs.setTaskBehaviours([])
  await add(
    { name: 'deploy with migrations under Auto Scaling', mode: 'deploy', role: 'deploy', exit: 0 },
    runAgainst(sim, deployInputs(sim, { 'health-url': healthUrl, ...environment }))
  )
  await add(
    { name: 'deploy rolling (no migrations)', mode: 'deploy', role: 'deploy', exit: 0 },
    runAgainst(sim, deployInputs(sim, { version: 'v0.6.7', 'health-url': healthUrl, ...environment }))
  )
  await add(
    { name: 'bump', mode: 'bump', role: 'none', exit: 0 },
    runAgainst(
      sim,
      { mode: 'bump', 'version-file': VERSION_FILE, image: `${sim.registryHost}/open-webui/open-webui` },
      { repository: WORKFLOW_REPOSITORY }
    )
  )
  return runs
}
