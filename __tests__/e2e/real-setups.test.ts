import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startSimulator, type Simulator } from '../../simulator/src/index.js'
import type { Scenario } from '../../simulator/src/scenario.js'
import { CLUSTER, TARGET_GROUP_ARN, registryTags, standardScenario } from '../fixtures/open-webui.js'
import {
  AJUDA_DIGITAL,
  AWS_SAMPLES_BEDROCK,
  HORIZONS_OMNICHAT,
  SELF_HOST_LLM,
  type RealSetup
} from '../fixtures/real-task-definitions.js'
import { errorAnnotations, expectExit, mutatingAwsCalls, runAgainst } from '../support/deploy-world.js'

/**
 * Published task definitions (__tests__/fixtures/real-task-definitions.ts) as the running task definition of a
 * service, through `mode: deploy` with `dry-run: true` on the bundled action. Differences from the sources, so
 * that the simulator can serve them: every image runs v0.6.5 (the simulated release history ends at v0.6.7) from
 * the simulated registry, an ECR or Docker Hub repository keeping its path there (so `image` is always given, as
 * the simulated registry is not ghcr.io), and the secrets exist.
 */
const SECRET_NAMES = [
  'open-webui/webui-secret-key',
  'open-webui/cognito-client-secret',
  'datastack-aurora-credentials',
  'horizons-app-secrets'
]

const SERVICES: Record<string, RealSetup> = {
  'aws-samples': AWS_SAMPLES_BEDROCK,
  horizons: HORIZONS_OMNICHAT,
  'self-host-llm': SELF_HOST_LLM,
  ajuda: AJUDA_DIGITAL
}

/** The setup's task definition with its Open WebUI image moved to the simulated registry at v0.6.5. */
function servedTaskDefinition(setup: RealSetup, registry: string): Record<string, unknown> {
  const taskDefinition = structuredClone(setup.taskDefinition) as {
    containerDefinitions: { name: string; image: string }[]
  }
  for (const container of taskDefinition.containerDefinitions) {
    if (container.name !== setup.containerName) continue
    container.image = `${registry}/${repositoryPath(container.image)}:v0.6.5`
  }
  return taskDefinition
}

/** `123….amazonaws.com/horizons-webui:latest` -> `horizons-webui`; `xuyangbo/open-webui:v0.5.6` -> itself. */
function repositoryPath(image: string): string {
  const name = image.slice(0, image.lastIndexOf(':'))
  const [first, ...rest] = name.split('/')
  return first.includes('.') ? rest.join('/') : name
}

function scenario(registry: string): Scenario {
  const base = standardScenario({ registryHost: registry })
  const tags = registryTags()['open-webui/open-webui']
  const repositories = Object.fromEntries(
    Object.values(SERVICES).map(setup => [
      repositoryPath(
        (setup.taskDefinition.containerDefinitions as { name: string; image: string }[]).find(
          container => container.name === setup.containerName
        )!.image
      ),
      tags
    ])
  )
  return {
    ...base,
    registry: { repositories: { ...registryTags(), ...repositories } },
    secrets: SECRET_NAMES.map(name => ({ name, value: `{"value":"CANARY-${name}"}` })),
    ecs: {
      clusters: [
        {
          name: CLUSTER,
          services: Object.entries(SERVICES).map(([name, setup]) => ({
            name,
            desiredCount: setup.desiredCount,
            taskDefinition: servedTaskDefinition(setup, registry),
            loadBalancers: [
              { targetGroupArn: TARGET_GROUP_ARN, containerName: setup.containerName, containerPort: 8080 }
            ]
          }))
        }
      ]
    },
    autoScaling: Object.entries(SERVICES)
      .filter(([, setup]) => setup.autoScalingMax !== undefined)
      .map(([name, setup]) => ({
        cluster: CLUSTER,
        service: name,
        minCapacity: setup.desiredCount,
        maxCapacity: setup.autoScalingMax!
      }))
  }
}

let sim: Simulator

beforeAll(async () => {
  sim = await startSimulator(({ registryHost }) => scenario(registryHost))
})

afterAll(async () => {
  await sim?.stop()
})

/** The service's image repository in the simulated registry: what `image` names. */
function imageOf(service: string): string {
  const setup = SERVICES[service]
  const image = (setup.taskDefinition.containerDefinitions as { name: string; image: string }[]).find(
    container => container.name === setup.containerName
  )!.image
  return `${sim.registryHost}/${repositoryPath(image)}`
}

async function dryRun(service: string, inputs: Record<string, string> = {}) {
  return runAgainst(sim, {
    mode: 'deploy',
    'dry-run': 'true',
    cluster: CLUSTER,
    service,
    'container-name': SERVICES[service].containerName,
    version: 'v0.6.6',
    image: imageOf(service),
    ...inputs
  })
}

describe('published setups, dry-run', () => {
  it('aws-samples (CDK) passes: its command-built DATABASE_URL is a notice, its Redis URLs no error', async () => {
    const { run, calls } = await dryRun('aws-samples')
    expectExit(run, 0)
    expect(run.outputs.result).toBe('planned')
    expect(errorAnnotations(run)).toEqual([])
    const notices = run.annotations.filter(annotation => annotation.level === 'notice')
    expect(notices.map(annotation => annotation.title)).toContain(
      'DATABASE_URL is assembled by the container command'
    )
    expect(mutatingAwsCalls(calls)).toEqual([])
  })

  it('horizons-omnichat passes on one task without Redis or a WebSocket manager', async () => {
    const { run, calls } = await dryRun('horizons')
    expectExit(run, 0)
    expect(errorAnnotations(run)).toEqual([])
    const titles = run.annotations.map(annotation => annotation.title)
    expect(titles).not.toContain('No REDIS_URL')
    expect(titles).not.toContain('WEBSOCKET_MANAGER is not redis')
    expect(mutatingAwsCalls(calls)).toEqual([])
  })

  it('an image input naming another repository than the mirror says what replaces what', async () => {
    const { run, calls } = await dryRun('horizons', { image: `${sim.registryHost}/open-webui/open-webui` })
    expectExit(run, 0)
    expect(errorAnnotations(run)).toEqual([])
    expect(run.summary).toContain('is replaced by')
    expect(run.annotations.map(annotation => annotation.title)).toContain(
      `${sim.registryHost}/horizons-webui is replaced by ${sim.registryHost}/open-webui/open-webui`
    )
    expect(mutatingAwsCalls(calls)).toEqual([])
  })

  it.each([
    ['self-host-llm', {}],
    ['ajuda', { 'desired-count': '2' }]
  ])('%s runs several tasks without WEBUI_SECRET_KEY: refused, naming it', async (service, extra) => {
    const { run, calls } = await dryRun(service, extra)
    expectExit(run, 1)
    const errors = errorAnnotations(run)
    expect(errors.map(annotation => annotation.title)).toContain('No WEBUI_SECRET_KEY with several tasks')
    expect(errors.find(annotation => annotation.title?.includes('WEBUI_SECRET_KEY'))?.message).toContain(
      'Fix: Put a long random key in Secrets Manager and add WEBUI_SECRET_KEY='
    )
    expect(mutatingAwsCalls(calls)).toEqual([])
  })
})
