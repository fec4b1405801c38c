import { afterEach, describe, expect, test } from '@jest/globals'
import { createOpenWebUiService } from '../src/openwebui/index.js'
import type { HttpService, SimResponse } from '../src/world.js'
import {
  call,
  createTestWorld,
  openWebUiTaskDefinition,
  scenarioWith,
  serviceSeed,
  waitFor,
  type TestWorld
} from './ecs-test-world.js'

let sim: TestWorld
afterEach(() => sim?.ecs.stop())

async function get(openWebUi: HttpService, path: string): Promise<SimResponse> {
  return openWebUi.handle({ method: 'GET', path, query: new URLSearchParams(), headers: {}, body: '' })
}

describe('Open WebUI endpoints of a service', () => {
  test('answer from the healthy tasks: status, and the version of the image they run', async () => {
    sim = createTestWorld(scenarioWith(serviceSeed({ desiredCount: 2 })))
    const openWebUi = createOpenWebUiService(sim.ecs)
    expect(await get(openWebUi, '/production/open-webui/health')).toMatchObject({
      status: 200,
      body: { status: true }
    })
    expect(await get(openWebUi, '/openwebui/production/open-webui/api/version')).toMatchObject({
      status: 200,
      body: { version: '0.6.5', deployment_id: '' }
    })
    expect((await get(openWebUi, '/production/missing/health')).status).toBe(404)
  })

  test('follow a rollout and answer 503 while no task is healthy', async () => {
    // A slow start leaves a wide gap between the old task leaving and the new one turning healthy.
    sim = createTestWorld({
      ...scenarioWith(serviceSeed({ desiredCount: 1 })),
      timing: { provisioningMs: 300 }
    })
    const openWebUi = createOpenWebUiService(sim.ecs)
    await call(sim.ecs, 'RegisterTaskDefinition', openWebUiTaskDefinition('v0.7.0', { migrations: 'true' }))
    await call(sim.ecs, 'UpdateService', {
      cluster: 'production',
      service: 'open-webui',
      taskDefinition: 'open-webui:2',
      deploymentConfiguration: { minimumHealthyPercent: 0, maximumPercent: 100 }
    })
    await waitFor(sim.ecs, () => sim.ecs.healthyTasks('production', 'open-webui').length === 0)
    expect((await get(openWebUi, '/production/open-webui/health')).status).toBe(503)
    await waitFor(
      sim.ecs,
      () => sim.ecs.service('production', 'open-webui')!.deployments[0].rolloutState === 'COMPLETED'
    )
    expect((await get(openWebUi, '/production/open-webui/api/version')).body).toMatchObject({
      version: '0.7.0'
    })
  })

  test('a digest-only image reports the tag the registry knows it by', async () => {
    const digest = `sha256:${'a'.repeat(64)}`
    const definition = openWebUiTaskDefinition('v0.6.5')
    const [container] = definition.containerDefinitions as Record<string, unknown>[]
    container.image = `127.0.0.1:5999/open-webui/open-webui@${digest}`
    sim = createTestWorld(scenarioWith(serviceSeed({ taskDefinition: definition })))
    const openWebUi = createOpenWebUiService(sim.ecs, {
      canPull: () => true,
      tagOf: image => (image.endsWith(digest) ? 'v0.6.9' : undefined)
    })
    expect((await get(openWebUi, '/production/open-webui/api/version')).body).toMatchObject({
      version: '0.6.9'
    })
  })
})
