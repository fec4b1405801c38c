import { startSimulator, type Simulator } from '../simulator/src/index.js'
import { CLUSTER, SECRETS_INPUT, SERVICE, standardScenario } from '../__tests__/fixtures/open-webui.js'

/**
 * The benchmark's world: the shared production-like fixture (PostgreSQL and Redis from Secrets Manager, awslogs,
 * /health check, ALB target group) at a given fleet size, with every task taking the same time to become healthy.
 * From v0.6.5 the upgrade to v0.6.7 crosses a migration (migrator phase, then fleet phase); from v0.6.6 it
 * crosses none (one rolling update).
 */

export type Upgrade = 'migrate' | 'rolling'

export interface FleetWorld {
  tasks: number
  healthyAfterMs: number
  upgrade: Upgrade
}

export async function startFleetSimulator(world: FleetWorld): Promise<Simulator> {
  return startSimulator(({ registryHost }) => ({
    ...standardScenario({
      registryHost,
      desiredCount: world.tasks,
      runningVersion: world.upgrade === 'migrate' ? '0.6.5' : '0.6.6'
    }),
    timing: { healthyAfterMs: world.healthyAfterMs }
  }))
}

/** `mode: deploy` to the newest stable release, with the health probe at the end. */
export function deployInputs(sim: Simulator, extra: Record<string, string> = {}): Record<string, string> {
  return {
    mode: 'deploy',
    cluster: CLUSTER,
    service: SERVICE,
    image: `${sim.registryHost}/open-webui/open-webui`,
    version: 'latest',
    secrets: SECRETS_INPUT,
    'health-url': sim.openWebUiUrl(CLUSTER, SERVICE),
    ...extra
  }
}

export function resolveInputs(sim: Simulator): Record<string, string> {
  return { mode: 'resolve', image: `${sim.registryHost}/open-webui/open-webui` }
}

/** Converts this process's performance.now() to the simulator's clock (ms since it started). */
export function simClock(sim: Simulator): (performanceNow: number) => number {
  const offset = performance.now() - sim.world.now()
  return at => at - offset
}

/** When the simulated ECS finished a deployment (its service deployment's finishedAt), by deployment id. */
export function completedAt(sim: Simulator, deploymentId: string): number | undefined {
  return sim.ecs.deployment(CLUSTER, SERVICE, deploymentId)?.serviceDeployment.finishedAt
}

/** The service deployments started after `since` (simulator ms), in order: the rollout's own. */
export function serviceDeploymentsSince(sim: Simulator, since: number) {
  return (sim.ecs.service(CLUSTER, SERVICE)?.serviceDeployments ?? [])
    .filter(record => record.createdAt >= since)
    .sort((a, b) => a.createdAt - b.createdAt)
}

export { CLUSTER, SERVICE }
