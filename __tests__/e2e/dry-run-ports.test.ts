import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startSimulator, type Simulator } from '../../simulator/src/index.js'
import {
  CLUSTER,
  SECRETS_INPUT,
  SERVICE,
  TARGET_GROUP_ARN,
  standardScenario
} from '../fixtures/open-webui.js'
import {
  PUBLISHED_PORT_80_LOAD_BALANCER,
  PUBLISHED_PORT_80_TARGET_GROUP,
  publishedPort80TaskDefinition
} from '../fixtures/published-task-definitions.js'
import { runAction, type ActionRun } from './harness.js'

/**
 * A dry run of the bundled action on a service shaped like a published Open WebUI deployment: containerPort
 * 80, no PORT, the load balancer on containerPort 80. The plan warns about the container port and refuses
 * (an error) because the load balancer cannot reach the port Open WebUI listens on; with PORT=80 both go.
 */
let sim: Simulator

const PORT_TITLES = [
  'The load balancer cannot reach Open WebUI',
  'The load balancer port is not mapped',
  'The load balancer checks another port',
  'Container port is not the port Open WebUI listens on'
]
const portAnnotations = (run: ActionRun) =>
  run.annotations.filter(annotation => PORT_TITLES.includes(annotation.title ?? ''))

beforeAll(async () => {
  const scenario = standardScenario({ registryHost: 'ghcr.io' })
  const service = scenario.ecs?.clusters?.[0]?.services?.[0]
  if (!service) throw new Error('the standard scenario has no service')
  service.taskDefinition = publishedPort80TaskDefinition('ghcr.io/open-webui/open-webui:v0.6.5')
  service.loadBalancers = [{ targetGroupArn: TARGET_GROUP_ARN, ...PUBLISHED_PORT_80_LOAD_BALANCER }]
  scenario.targetGroups = [
    { name: 'open-webui-tg', arn: TARGET_GROUP_ARN, ...PUBLISHED_PORT_80_TARGET_GROUP }
  ]
  sim = await startSimulator(scenario)
})

afterAll(async () => {
  await sim?.stop()
})

async function dryRun(inputs: Record<string, string> = {}): Promise<ActionRun> {
  return runAction({
    simulatorEnv: sim.env,
    inputs: {
      mode: 'deploy',
      'dry-run': 'true',
      cluster: CLUSTER,
      service: SERVICE,
      'container-name': 'openwebui',
      image: `${sim.registryHost}/open-webui/open-webui`,
      version: 'latest',
      secrets: SECRETS_INPUT,
      ...inputs
    }
  })
}

describe('dry run on a published task definition that maps containerPort 80 with no PORT', () => {
  it('warns about the container port and refuses because the load balancer cannot reach Open WebUI', async () => {
    const run = await dryRun()
    const mine = portAnnotations(run)
    expect(mine).toEqual([
      expect.objectContaining({
        level: 'error',
        title: 'The load balancer cannot reach Open WebUI',
        message: expect.stringMatching(/containerPort 80, but Open WebUI listens on 8080 \(PORT is not set\)/)
      }),
      expect.objectContaining({
        level: 'warning',
        title: 'Container port is not the port Open WebUI listens on',
        message: expect.stringMatching(/Set PORT=80/)
      })
    ])
    expect(run.summary).toMatch(/Target group open-webui-tg \| ❌ NG \| traffic goes to containerPort 80/)
    expect(run.summary).toMatch(/Deploy will refuse this plan/)
  })

  it('goes once PORT=80 is set', async () => {
    const run = await dryRun({ environment: 'PORT=80' })
    expect(portAnnotations(run)).toEqual([])
    expect(run.summary).not.toMatch(/traffic goes to containerPort/)
  })
})
