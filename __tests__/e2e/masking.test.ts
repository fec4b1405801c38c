import { afterEach, describe, expect, it } from '@jest/globals'
import type { Simulator } from '../../simulator/src/index.js'
import { openWebuiTaskDefinition } from '../fixtures/open-webui.js'
import { describeRun, runDeploy, startDeployWorld } from '../support/deploy-world.js'
import { runAction, type ActionRun } from './harness.js'
import { TASK_DEFINITION_PATH, runPlan, startPlanWorld } from './plan-world.js'

/**
 * A credential left as plain environment in a task definition is masked (`::add-mask::`) before anything the
 * action prints could show it: the mask is the first stdout line that holds the value, in every mode, whether
 * the task definition comes from the workspace or from the running service.
 */
const KEY = 'sk-canaryMaskedKey0123456789abcdef'
const PASSWORD_URL = 'postgresql://owui:canaryMaskPw@db.internal:5432/webui'

function leakyTaskDefinition(image = 'ghcr.io/open-webui/open-webui:v0.6.5'): Record<string, unknown> {
  const definition = openWebuiTaskDefinition({ image }) as Record<string, unknown> & {
    containerDefinitions: { environment?: { name: string; value: string }[] }[]
  }
  definition.containerDefinitions[0].environment = [
    ...(definition.containerDefinitions[0].environment ?? []),
    { name: 'OPENAI_API_KEY', value: KEY },
    { name: 'PGVECTOR_DB_URL', value: PASSWORD_URL }
  ]
  return definition
}

function expectMaskedFirst(run: ActionRun): void {
  const lines = run.stdout.split(/\r\n|\r|\n/)
  for (const value of [KEY, PASSWORD_URL]) {
    const first = lines.findIndex(line => line.includes(value))
    if (first < 0 || lines[first] !== `::add-mask::${value}`)
      throw new Error(`${value} was not masked before it was printed:\n${describeRun(run)}`)
  }
}

let sim: Simulator | undefined
afterEach(async () => {
  await sim?.stop()
  sim = undefined
})

describe('credentials in a task definition are masked before anything prints', () => {
  it('deploy, dry-run and resolve with the file in the workspace', async () => {
    sim = await startDeployWorld()
    const files = { [TASK_DEFINITION_PATH]: JSON.stringify(leakyTaskDefinition(), null, 2) }
    for (const overrides of <Record<string, string>[]>[
      { 'dry-run': 'true' },
      { 'dry-run': 'false' },
      { mode: 'resolve', cluster: '', service: '' }
    ]) {
      const { run } = await runDeploy(
        sim,
        { 'task-definition': TASK_DEFINITION_PATH, ...overrides },
        { files }
      )
      expectMaskedFirst(run)
    }
  })

  it("deploy and dry-run from the running service's own task definition", async () => {
    sim = await startDeployWorld({}, scenario => {
      scenario.ecs!.clusters![0].services![0].taskDefinition = leakyTaskDefinition()
      return scenario
    })
    for (const dryRun of ['true', 'false']) {
      const { run } = await runDeploy(sim, { 'dry-run': dryRun })
      expectMaskedFirst(run)
    }
  })

  it('plan and bump', async () => {
    sim = await startPlanWorld({
      baseFiles: { [TASK_DEFINITION_PATH]: JSON.stringify(leakyTaskDefinition(), null, 2) }
    })
    const files = { [TASK_DEFINITION_PATH]: JSON.stringify(leakyTaskDefinition(), null, 2) }
    const { run } = await runPlan(sim, { files })
    expectMaskedFirst(run)
    const bump = await runAction({
      simulatorEnv: sim.env,
      inputs: {
        mode: 'bump',
        'task-definition': TASK_DEFINITION_PATH,
        image: `${sim.registryHost}/open-webui/open-webui`
      },
      files,
      repository: 'acme/platform'
    })
    expectMaskedFirst(bump)
    expect(bump.stdout).toContain(`::add-mask::${KEY}`)
  })
})
