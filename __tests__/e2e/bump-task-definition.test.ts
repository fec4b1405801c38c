import { describe, expect, it } from '@jest/globals'
import type { Scenario } from '../../simulator/src/scenario.js'
import { startSimulator, type Simulator } from '../../simulator/src/index.js'
import {
  openWebuiTaskDefinition,
  registryTags,
  releaseFiles,
  releaseHistory,
  RELEASE_REPOSITORY
} from '../fixtures/open-webui.js'
import { runAction, type ActionRun } from './harness.js'

/**
 * mode: bump with no version file: the pin is the Open WebUI image in the task-definition file. Only the image
 * text changes; registry, repository and variant suffix stay; a digest-pinned image gets the new digest.
 */

const PLATFORM = 'acme/platform'
const TASK_DEFINITION = 'deploy/open-webui/task-definition.json'
const BRANCH = 'open-webui-ecs-deploy/bump'
const RELEASES = releaseHistory().filter(release => release.tag !== 'v0.6.7')

/** A hand-written file: 4-space indentation, a sidecar, key order of its own, no final newline. */
function taskDefinitionText(image: string): string {
  const taskDefinition = openWebuiTaskDefinition({ image })
  const containers = taskDefinition.containerDefinitions as Record<string, unknown>[]
  containers.push({ name: 'tika', image: 'apache/tika:2.9.2.1-full', essential: false })
  return JSON.stringify(taskDefinition, null, 4)
}

function scenario(): Scenario {
  return {
    github: { repositories: { [RELEASE_REPOSITORY]: { releases: RELEASES, files: releaseFiles() } } },
    registry: { repositories: registryTags() }
  }
}

async function bumpTaskDefinition(
  image: (sim: Simulator) => { onMain: string; inWorkspace?: string },
  inputs: Record<string, string> = {}
): Promise<{ run: ActionRun; sim: Simulator; onMain: string; onBranch?: string }> {
  // The image names the simulator's registry, known once it listens: the platform repository is added then.
  const sim = await startSimulator(scenario())
  const texts = image(sim)
  sim.github.addRepository(PLATFORM, { files: { main: { [TASK_DEFINITION]: texts.onMain } } })
  try {
    const run = await runAction({
      simulatorEnv: sim.env,
      inputs: { mode: 'bump', 'task-definition': TASK_DEFINITION, ...inputs },
      files: { [TASK_DEFINITION]: texts.inWorkspace ?? texts.onMain }
    })
    return { run, sim, onMain: texts.onMain, onBranch: sim.github.file(PLATFORM, BRANCH, TASK_DEFINITION) }
  } finally {
    await sim.stop()
  }
}

describe('bump: pin in the task-definition image', () => {
  it('rewrites only the tag, keeping registry, repository and variant suffix, from the default branch copy', async () => {
    const { run, onMain, onBranch, sim } = await bumpTaskDefinition(sim => ({
      onMain: taskDefinitionText(`${sim.registryHost}/open-webui/open-webui:v0.6.5-cuda`),
      // A stale checkout: the default branch is authoritative, since the bump branch is made from it.
      inWorkspace: taskDefinitionText(`${sim.registryHost}/open-webui/open-webui:v0.6.4-cuda`)
    }))
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.outputs).toMatchObject({
      result: 'bump-opened',
      version: 'v0.6.6',
      'previous-version': 'v0.6.5'
    })
    expect(onBranch).toBe(
      onMain.replace(
        `${sim.registryHost}/open-webui/open-webui:v0.6.5-cuda`,
        `${sim.registryHost}/open-webui/open-webui:v0.6.6-cuda`
      )
    )
    expect(onBranch).not.toBe(onMain)
    expect(run.outputs.image).toBe(`${sim.registryHost}/open-webui/open-webui:v0.6.6-cuda`)
  })

  it('gives a digest-pinned image the new digest from the registry', async () => {
    let oldDigest = ''
    let newDigest = ''
    const { run, onMain, onBranch, sim } = await bumpTaskDefinition(sim => {
      oldDigest = sim.registry.digestOf('open-webui/open-webui', 'v0.6.5')!
      newDigest = sim.registry.digestOf('open-webui/open-webui', 'v0.6.6')!
      return { onMain: taskDefinitionText(`${sim.registryHost}/open-webui/open-webui:v0.6.5@${oldDigest}`) }
    })
    expect(run.code).toBe(0)
    expect(newDigest).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(newDigest).not.toBe(oldDigest)
    const image = `${sim.registryHost}/open-webui/open-webui:v0.6.6@${newDigest}`
    expect(run.outputs.image).toBe(image)
    expect(onBranch).toBe(
      onMain.replace(`${sim.registryHost}/open-webui/open-webui:v0.6.5@${oldDigest}`, image)
    )
    const [pull] = sim.github.pullRequests(PLATFORM)
    expect(pull.body).toContain(`| Digest | – | \`${newDigest}\` |`)
    expect(pull.body).toContain(`in \`${TASK_DEFINITION}\``)
  })

  it('drops a stale digest when pin-digest is off', async () => {
    const { run, onMain, onBranch, sim } = await bumpTaskDefinition(
      sim => ({
        onMain: taskDefinitionText(
          `${sim.registryHost}/open-webui/open-webui:v0.6.5@${sim.registry.digestOf('open-webui/open-webui', 'v0.6.5')}`
        )
      }),
      { 'pin-digest': 'false' }
    )
    expect(run.code).toBe(0)
    const [before] = /"[^"]*open-webui:v0\.6\.5@sha256:[0-9a-f]{64}"/.exec(onMain)!
    expect(onBranch).toBe(onMain.replace(before, `"${sim.registryHost}/open-webui/open-webui:v0.6.6"`))
  })

  it('keeps a tag without the v, and says when the image pins no release', async () => {
    const plain = await bumpTaskDefinition(sim => ({
      onMain: taskDefinitionText(`${sim.registryHost}/open-webui/open-webui:0.6.5`)
    }))
    expect(plain.run.code).toBe(0)
    expect(plain.onBranch).toContain(`${plain.sim.registryHost}/open-webui/open-webui:0.6.6"`)

    const moving = await bumpTaskDefinition(sim => ({
      onMain: taskDefinitionText(`${sim.registryHost}/open-webui/open-webui:main`)
    }))
    expect(moving.run.code).toBe(1)
    expect(moving.run.annotations.find(annotation => annotation.level === 'error')?.message).toMatch(
      /pins no release/
    )
    expect(moving.onBranch).toBeUndefined()
  })
})
