import { describe, expect, test } from '@jest/globals'
import type { Simulator } from '../../simulator/src/index.js'
import {
  errorAnnotations,
  expectExit,
  mutatingAwsCalls,
  runDeploy,
  startDeployWorld
} from '../support/deploy-world.js'
import { stopAfterEach } from '../support/simulator-lifecycle.js'

/** Issue 11.7: secret references resolve before any write. */
let sim: Simulator | undefined
stopAfterEach(() => sim)

const PREVIOUS = '0b7e1c52-5d7a-4d43-9d8e-2b1f0c9a4e61'

function secretsInput(sim: Simulator, database: string): string {
  return [
    `DATABASE_URL=${database}`,
    'REDIS_URL=open-webui/redis-url',
    'WEBUI_SECRET_KEY=open-webui/secret-key'
  ].join('\n')
}

describe('deploy with a secret version the secret does not have', () => {
  test('a bad version stage is a pre-flight error, zero writes', async () => {
    sim = await startDeployWorld()
    const arn = sim.secretsManager.arnOf('open-webui/database-url')
    const { run, calls } = await runDeploy(sim, { secrets: secretsInput(sim, `${arn}::AWSPREVIOUS:`) })
    expectExit(run, 1)
    expect(run.outputs.result).toBe('failed')
    expect(mutatingAwsCalls(calls)).toEqual([])
    const [error] = errorAnnotations(run).filter(
      annotation => annotation.title === 'Secret DATABASE_URL names a version it does not have'
    )
    expect(error.message).toContain('open-webui/database-url has no version labelled AWSPREVIOUS')
    expect(error.message).toContain('Fix: Point DATABASE_URL at a version the secret has (')
    expect(run.summary).toContain('### Deploy refused')
    expect(calls.some(call => call.operation === 'GetSecretValue')).toBe(false)
  })

  test('a version id that exists passes; one that does not is refused', async () => {
    sim = await startDeployWorld({}, scenario => ({
      ...scenario,
      secrets: scenario.secrets!.map(secret =>
        secret.name === 'open-webui/database-url'
          ? { ...secret, otherVersions: [{ versionId: PREVIOUS, stages: ['AWSPREVIOUS'] }] }
          : secret
      )
    }))
    const arn = sim.secretsManager.arnOf('open-webui/database-url')
    const good = await runDeploy(sim, {
      secrets: secretsInput(sim, `${arn}::AWSPREVIOUS:${PREVIOUS}`),
      'dry-run': 'true'
    })
    expect(errorAnnotations(good.run)).toEqual([])
    expect(good.run.summary).toContain(`version AWSPREVIOUS ${PREVIOUS} found`)
    const bad = await runDeploy(sim, {
      secrets: secretsInput(sim, `${arn}:::${PREVIOUS.replace('0b7e', 'ffff')}`)
    })
    expectExit(bad.run, 1)
    expect(mutatingAwsCalls(bad.calls)).toEqual([])
    expect(errorAnnotations(bad.run).map(annotation => annotation.title)).toContain(
      'Secret DATABASE_URL names a version it does not have'
    )
  })
})

describe('a JSON key on a secret', () => {
  test('is flagged as unverifiable in the plan secrets table, not as an error', async () => {
    sim = await startDeployWorld()
    const { run, calls } = await runDeploy(sim, {
      secrets: secretsInput(sim, 'open-webui/database-url:url'),
      'dry-run': 'true'
    })
    expectExit(run, 0)
    expect(errorAnnotations(run)).toEqual([])
    expect(mutatingAwsCalls(calls)).toEqual([])
    expect(run.summary).toMatch(
      /\| `DATABASE_URL` \| `arn:aws:secretsmanager:.*:url::` \| ⚠️ JSON key `url` not verifiable: the action never reads secret values \|/
    )
    expect(run.summary).toMatch(/\| `REDIS_URL` \| `arn:aws:secretsmanager:[^|`]*` \| {2}\|/)
  })
})
