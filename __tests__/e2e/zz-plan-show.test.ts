import { it } from '@jest/globals'
import { startSimulator } from '../../simulator/src/index.js'
import { CLUSTER, SECRETS_INPUT, SERVICE, standardScenario } from '../../__tests__/fixtures/open-webui.js'
import { runAction } from '../../__tests__/e2e/harness.js'
it('shows', async () => {
  const sim = await startSimulator(standardScenario({ registryHost: 'ghcr.io', autoScalingMin: 2 }))
  const run = await runAction({ simulatorEnv: sim.env, inputs: { mode: 'deploy', 'dry-run': 'true', cluster: CLUSTER, service: SERVICE, image: `${sim.registryHost}/open-webui/open-webui`, version: 'latest', secrets: SECRETS_INPUT, environment: 'UVICORN_WORKERS=2\nENABLE_SIGNUP=false' } })
  require('fs').writeFileSync('/tmp/plan-show.md', run.summary + '\n=====STDOUT\n' + run.stdout)
  await sim.stop()
})
