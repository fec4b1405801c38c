import { describe, expect, it } from '@jest/globals'
import type { Simulator } from '../../simulator/src/index.js'
import type { TaskBehaviour } from '../../simulator/src/scenario.js'
import { CLUSTER, SERVICE, openWebuiTaskDefinition, releaseHistory } from '../fixtures/open-webui.js'
import { describeRun, runDeploy, startDeployWorld, TARGET_MIGRATOR } from '../support/deploy-world.js'
import { stopAfterEach } from '../support/simulator-lifecycle.js'
import { runAction, type ActionRun } from './harness.js'
import { TASK_DEFINITION_PATH, runPlan, startPlanWorld } from './plan-world.js'

/**
 * The runner obeys any stdout line that starts with `::` (after white space) and any legacy `##[command]`. Every
 * path that prints text the action did not write is fed the payloads below, in every mode; no stdout line may
 * then be a command the action did not author. The action's own commands (groups, masks, annotations) are
 * allowed only with their data escaped onto their one line, and no mask is chosen from outside.
 */
const PAYLOADS = [
  (tag: string) => `::stop-commands::tok${tag}`,
  (tag: string) => `::add-mask::mask-${tag}`,
  (tag: string) => `::error title=Deployed::forged-${tag}`,
  (tag: string) => `::set-output name=result::deployed-${tag}`,
  (tag: string) => `\r::warning::bare-cr-${tag}`,
  (tag: string) => `\u200b::notice::zero-width-${tag}`,
  (tag: string) => `legacy ##[add-mask]legacy-${tag}`
]

/** All payloads for one printing path, separated by every kind of line break. */
function hostile(tag: string): string {
  return PAYLOADS.map(payload => payload(`PWN${tag}`)).join(['\n', '\r\n', '\r'][tag.length % 3])
}

const OWN_COMMAND = /^::(group|endgroup|debug|error|warning|notice|add-mask)( [^:]*)?::(.*)$/

/** Every line as the runner reads it: no command from outside, and the payloads of `tags` shown inert. */
function expectNoForeignCommand(run: ActionRun, tags: string[]): void {
  const lines = `${run.stdout}\n${run.stderr}`.split(/\r\n|\r|\n/)
  const context = () => describeRun(run)
  for (const line of lines) {
    if (line.includes('##[')) throw new Error(`a legacy command reached stdout: ${line}\n${context()}`)
    if (!/^\s*::/.test(line)) continue
    const own = OWN_COMMAND.exec(line)
    if (!own) throw new Error(`a foreign workflow command reached stdout: ${line}\n${context()}`)
    // Properties may quote text from outside only escaped (no raw `:` or `,` can end or split them).
    if (own[1] === 'add-mask' && own[3].includes('PWN'))
      throw new Error(`a mask chosen from outside: ${line}\n${context()}`)
  }
  // The test feeds what it claims: each path's text reached the log, made inert.
  for (const tag of tags) expect(run.stdout).toContain(`forged-PWN${tag}`)
}

let sim: Simulator | undefined
stopAfterEach(() => sim)

/** A task-definition file whose family, container environment names and values carry payloads. */
function hostileTaskDefinition(tag: string, image = 'ghcr.io/open-webui/open-webui:v0.6.5'): string {
  const definition = openWebuiTaskDefinition({ image }) as Record<string, unknown> & {
    containerDefinitions: { environment?: { name: string; value: string }[] }[]
  }
  definition.containerDefinitions[0].environment = [
    ...(definition.containerDefinitions[0].environment ?? []),
    { name: `OPENAI_API_KEY${hostile(`${tag}name`)}`, value: 'x' },
    { name: 'WEBUI_BANNERS', value: hostile(`${tag}value`) }
  ]
  return JSON.stringify(definition, null, 2)
}

async function deployWith(behaviours: TaskBehaviour[]): Promise<Simulator> {
  sim = await startDeployWorld({ desiredCount: 2 }, scenario => ({ ...scenario, taskBehaviours: behaviours }))
  return sim
}

describe('no text from outside starts a workflow command', () => {
  it('deploy: migrator container logs, the migration error line and the failure it ends in', async () => {
    const world = await deployWith([
      {
        match: TARGET_MIGRATOR,
        logLines: [hostile('log1'), hostile('log22')],
        migrationError: hostile('err')
      }
    ])
    const { run } = await runDeploy(world)
    expect(run.code).toBe(1)
    expectNoForeignCommand(run, ['log1', 'log22', 'err'])
  })

  it('deploy: stopped reasons of a migrator that never starts', async () => {
    const world = await deployWith([
      {
        match: TARGET_MIGRATOR,
        startFailure: {
          stopCode: 'TaskFailedToStart',
          stoppedReason: `CannotPullContainerError: ${hostile('stop')}`,
          containerReason: hostile('reason')
        }
      }
    ])
    const { run } = await runDeploy(world)
    expect(run.code).toBe(1)
    expectNoForeignCommand(run, ['stop'])
  })

  it('deploy: service events, a placement failure among them', async () => {
    const world = await deployWith([])
    world.ecs.setPlacementFailure(CLUSTER, SERVICE, hostile('place'))
    const { run } = await runDeploy(world, { migration: 'never' })
    expect(run.code).toBe(1)
    expectNoForeignCommand(run, ['place'])
  })

  it('deploy and dry-run: task-definition names and values in the findings', async () => {
    const world = await deployWith([])
    for (const dryRun of ['true', 'false']) {
      const { run } = await runDeploy(
        world,
        { 'task-definition': TASK_DEFINITION_PATH, 'dry-run': dryRun, version: 'v0.6.5' },
        { files: { [TASK_DEFINITION_PATH]: hostileTaskDefinition(`td${dryRun}`) } }
      )
      expectNoForeignCommand(run, [`td${dryRun}name`])
    }
  })

  it('plan: release notes and task-definition text', async () => {
    const releases = releaseHistory().map(release =>
      release.tag === 'v0.6.6' ? { ...release, body: hostile('notes') } : release
    )
    sim = await startPlanWorld({ releases })
    const { run } = await runPlan(sim, {
      files: { [TASK_DEFINITION_PATH]: hostileTaskDefinition('plan') }
    })
    expectNoForeignCommand(run, [])
    expect(run.stdout).not.toMatch(/^\s*::error title=Deployed/m)
  })

  it('bump and resolve: release notes and a task-definition file', async () => {
    const releases = releaseHistory().map(release =>
      release.tag === 'v0.6.7' ? { ...release, body: hostile('bump') } : release
    )
    sim = await startPlanWorld({
      releases,
      baseFiles: { [TASK_DEFINITION_PATH]: hostileTaskDefinition('base') }
    })
    for (const mode of ['bump', 'resolve']) {
      const run = await runAction({
        simulatorEnv: sim.env,
        inputs: {
          mode,
          'task-definition': TASK_DEFINITION_PATH,
          image: `${sim.registryHost}/open-webui/open-webui`
        },
        files: { [TASK_DEFINITION_PATH]: hostileTaskDefinition(mode) },
        repository: 'acme/platform'
      })
      expectNoForeignCommand(run, [])
    }
  })
})
