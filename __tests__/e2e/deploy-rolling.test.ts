import { expect, test } from '@jest/globals'
import type { Simulator } from '../../simulator/src/index.js'
import { CLUSTER, SERVICE } from '../fixtures/open-webui.js'
import { expectExit, migrationInvariants, runDeploy, startDeployWorld } from '../support/deploy-world.js'
import { stopAfterEach } from '../support/simulator-lifecycle.js'
import { fewestHealthy } from '../support/service-timeline.js'

/** Issue 3, "Done when": an upgrade without migrations is a rolling update with no outage. */
let sim: Simulator | undefined
stopAfterEach(() => sim)

test('upgrade without migrations: rolling update, the old tasks serve until the new ones are healthy, health-url checked', async () => {
  sim = await startDeployWorld({ runningVersion: '0.6.6', desiredCount: 3 })
  const { run, calls } = await runDeploy(sim, {
    version: 'v0.6.7',
    'health-url': `${sim.url}/openwebui/${CLUSTER}/${SERVICE}`
  })
  expectExit(run, 0)
  expect(run.outputs).toMatchObject({ result: 'deployed', version: 'v0.6.7', migrations: 'false' })
  expect(run.outputs['migrator-task-definition-arn']).toBeUndefined()
  expect(migrationInvariants(sim.timeline).migratorsLaunched).toBe(0)
  const update = calls.find(call => call.operation === 'UpdateService')!
  expect(update.request).not.toHaveProperty('deploymentConfiguration')
  expect(fewestHealthy(sim, update.at)).toBeGreaterThanOrEqual(3)
  expect(sim.ecs.healthyTasks(CLUSTER, SERVICE).map(task => task.appContainer.image)).toEqual(
    Array(3).fill(expect.stringContaining(':v0.6.7@sha256:'))
  )
  expect(run.summary).toMatch(/\| Rolling update \| ✅ OK \|/)
  expect(run.summary).toContain('#### Health check: ✅ OK')
  expect(run.summary).toMatch(/\| \/api\/version \| .+ \| 200 \| \d+ ms \| OK: 0\.6\.7 \|/)
  expect(run.annotations).toContainEqual({
    level: 'notice',
    title: 'Deployed',
    message: 'Open WebUI v0.6.7 running on 3/3 healthy tasks'
  })
})
