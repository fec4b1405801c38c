import { describe, expect, test } from '@jest/globals'
import type { Simulator } from '../../simulator/src/index.js'
import type { Scenario, ServiceSeed } from '../../simulator/src/scenario.js'
import {
  errorAnnotations,
  expectExit,
  mutatingAwsCalls,
  runDeploy,
  startDeployWorld
} from '../support/deploy-world.js'
import { stopAfterEach } from '../support/simulator-lifecycle.js'

/**
 * Issue 11.5: services the action cannot drive are refused before any write. (ECS's own blue/green, linear and
 * canary strategies are driven since issue 25: deploy-ecs-strategies.test.ts.)
 */
let sim: Simulator | undefined
stopAfterEach(() => sim)

function withService(change: Partial<ServiceSeed>): (scenario: Scenario) => Scenario {
  return scenario => {
    const [cluster] = scenario.ecs!.clusters!
    const [service, ...others] = cluster.services!
    return {
      ...scenario,
      ecs: { clusters: [{ ...cluster, services: [{ ...service, ...change }, ...others] }] }
    }
  }
}

describe.each([
  [
    'a CODE_DEPLOY service',
    { deploymentController: 'CODE_DEPLOY' },
    /uses the CODE_DEPLOY deployment controller/,
    /CodeDeploy/
  ],
  [
    'an EXTERNAL service',
    { deploymentController: 'EXTERNAL' },
    /uses the EXTERNAL deployment controller/,
    /task sets/
  ]
] as const)('deploy to %s', (_name, change, detail, fix) => {
  test('is refused with an error that says why and what to do, zero writes', async () => {
    sim = await startDeployWorld({}, withService(change as Partial<ServiceSeed>))
    const { run, calls } = await runDeploy(sim)
    expectExit(run, 1)
    expect(run.outputs.result).toBe('failed')
    expect(mutatingAwsCalls(calls)).toEqual([])
    const refusal = errorAnnotations(run).find(
      annotation => annotation.title === 'The service is not deployed by ECS rolling updates'
    )
    expect(refusal?.message).toMatch(detail)
    expect(refusal?.message).toMatch(fix)
    expect(run.summary).toContain('### Deploy refused')
  })

  test('dry-run shows the same error and writes nothing', async () => {
    sim = await startDeployWorld({}, withService(change as Partial<ServiceSeed>))
    const { run, calls } = await runDeploy(sim, { 'dry-run': 'true' })
    expect(mutatingAwsCalls(calls)).toEqual([])
    expect(errorAnnotations(run).map(annotation => annotation.title)).toContain(
      'The service is not deployed by ECS rolling updates'
    )
    expect(run.summary).toMatch(/\| Service \| .*NG.* \|/)
  })
})
