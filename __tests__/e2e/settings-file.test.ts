import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startSimulator, type Simulator } from '../../simulator/src/index.js'
import { CLUSTER, SECRETS_INPUT, SERVICE, standardScenario } from '../fixtures/open-webui.js'
import { runAction, type ActionRun } from './harness.js'

/**
 * `settings-file` through the bundle: a deploy whose step names only the mode and the file plans exactly what
 * the same inputs written in the step plan, and a refused file ends the step like any bad input.
 */
let sim: Simulator

beforeAll(async () => {
  sim = await startSimulator(standardScenario({ registryHost: 'ghcr.io' }))
})

afterAll(async () => {
  await sim?.stop()
})

const SETTINGS_PATH = 'deploy/open-webui/settings.yml'

function settingsYaml(image: string): string {
  return [
    `cluster: ${CLUSTER}`,
    `service: ${SERVICE}`,
    `image: ${image}`,
    'secrets:',
    ...SECRETS_INPUT.split('\n').map(line => `  ${line.replace('=', ': ')}`),
    'environment:',
    '  UVICORN_WORKERS: 2',
    '  WEBUI_NAME: "Acme: chat"',
    ''
  ].join('\n')
}

function expectExit(run: ActionRun, code: number): void {
  if (run.code !== code) {
    throw new Error(`expected exit ${code}, got ${run.code}\n${run.stdout}\n${run.stderr}\n${run.summary}`)
  }
}

describe('settings-file', () => {
  it('plans from the file exactly what the same inputs in the step plan', async () => {
    const image = `${sim.registryHost}/open-webui/open-webui`
    const [fromFile, inStep] = await Promise.all([
      runAction({
        simulatorEnv: sim.env,
        inputs: { mode: 'deploy', 'dry-run': 'true', version: 'latest', 'settings-file': SETTINGS_PATH },
        files: { [SETTINGS_PATH]: settingsYaml(image) }
      }),
      runAction({
        simulatorEnv: sim.env,
        inputs: {
          mode: 'deploy',
          'dry-run': 'true',
          version: 'latest',
          cluster: CLUSTER,
          service: SERVICE,
          image,
          secrets: SECRETS_INPUT,
          environment: 'UVICORN_WORKERS=2\nWEBUI_NAME=Acme: chat'
        }
      })
    ])
    expectExit(fromFile, 0)
    expectExit(inStep, 0)
    expect(fromFile.outputs.result).toBe('planned')
    expect(fromFile.outputs.plan).toContain('WEBUI_NAME')
    expect(fromFile.outputs.plan).toContain(sim.secretsManager.arnOf('open-webui/database-url'))
    expect(fromFile.outputs.plan).toBe(inStep.outputs.plan)
    expect(fromFile.annotations.map(annotation => annotation.title)).toEqual(
      inStep.annotations.map(annotation => annotation.title)
    )
  })

  it('refuses a conflict between the step and the file before any call, naming the input', async () => {
    const before = sim.calls.length
    const run = await runAction({
      simulatorEnv: sim.env,
      inputs: { mode: 'deploy', cluster: 'staging', 'settings-file': SETTINGS_PATH },
      files: { [SETTINGS_PATH]: settingsYaml('ghcr.io/open-webui/open-webui') }
    })
    expectExit(run, 1)
    const errors = run.annotations.filter(annotation => annotation.level === 'error')
    expect(errors).toEqual([
      {
        level: 'error',
        title: 'Invalid input: cluster',
        message: expect.stringContaining(`given in the step and in ${SETTINGS_PATH} with different values`)
      }
    ])
    expect(sim.calls.slice(before)).toEqual([])
  })
})
