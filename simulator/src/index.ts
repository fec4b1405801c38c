import { createAutoScalingService } from './aws/autoscaling/autoscaling-service.js'
import { ScalableTargets } from './aws/autoscaling/scalable-targets.js'
import { createEcrService } from './aws/ecr/ecr-service.js'
import { onSimulatedRegistry } from './aws/ecr/simulated-registry-image.js'
import { createElbv2Service } from './aws/elbv2/elbv2-service.js'
import { TargetGroupStore } from './aws/elbv2/target-groups.js'
import { LoadBalancerStore } from './aws/elbv2/load-balancers.js'
import { DatabaseStore } from './aws/rds/database-store.js'
import { createRdsService } from './aws/rds/rds-service.js'
import { LogStore } from './aws/logs/log-store.js'
import { createLogsService } from './aws/logs/logs-service.js'
import { SecretStore } from './aws/secretsmanager/secret-store.js'
import { createSecretsManagerService } from './aws/secretsmanager/secretsmanager-service.js'
import { simulatorEnvironment } from './core/environment.js'
import { FaultInjector } from './core/faults.js'
import { FrontDoor } from './core/front-door.js'
import { listen } from './core/http-server.js'
import { DEFAULT_SEED, seededRandom } from './core/random.js'
import { timingOf } from './core/timing.js'
import { createEcsService } from './ecs/index.js'
import { createGitHubService, GITHUB_API_PATH } from './github/index.js'
import { answerAsTask, createOpenWebUiService } from './openwebui/index.js'
import { createListenerEndpoint } from './aws/elbv2/listener-endpoint.js'
import { createRegistryService } from './registry/index.js'
import type { FaultRule, Scenario } from './scenario.js'
import type { CallRecord, Simulator, TimelineEntry } from './simulator.js'
import type { World } from './world.js'

export type { Scenario } from './scenario.js'

/** Where the simulator listens, for scenarios that must name it (image references on its registry). */
export interface SimulatorAddress {
  url: string
  registryHost: string
}
export type { CallRecord, Simulator, TimelineEntry } from './simulator.js'
export { AwsError } from './world.js'
export { migratorBesideOldTasks, servingWindows, type ServingWindow } from './timeline-invariants.js'
export { validateShape, describeIssues } from './aws/model/validate.js'
export { AWS_SERVICES, operationInputShape, isMutatingOperation } from './aws/catalogue.js'

/** Where the Open WebUI endpoints of each service answer: `/openwebui/CLUSTER/SERVICE/health`. */
const OPEN_WEBUI_PATH = '/openwebui'
/** Where each load balancer's first listener answers, as its DNS name would: `/alb/NAME/PATH`. */
const LOAD_BALANCER_PATH = '/alb'

function under(mount: string): (path: string) => boolean {
  return path => path === mount || path.startsWith(`${mount}/`)
}

/**
 * Starts the simulator on 127.0.0.1 at a free port: AWS (ECS, Secrets Manager, CloudWatch Logs, Application Auto
 * Scaling, ELBv2, ECR, RDS) on `/`, GitHub REST under `/github`, the OCI registry at `/v2/` and `/token`, and each
 * ECS service's Open WebUI endpoints (behind its load balancer) under `/openwebui/CLUSTER/SERVICE`.
 */
export async function startSimulator(
  scenarioOrBuilder: Scenario | ((address: SimulatorAddress) => Scenario) = {}
): Promise<Simulator> {
  const server = await listen(request => frontDoor.answer(request))
  const url = `http://127.0.0.1:${server.port}`
  const registryHost = `127.0.0.1:${server.port}`
  // A builder sees the address first, so seeded task definitions can name images on the simulator's registry.
  const scenario =
    typeof scenarioOrBuilder === 'function' ? scenarioOrBuilder({ url, registryHost }) : scenarioOrBuilder
  const region = scenario.region ?? 'us-east-1'
  const accountId = scenario.accountId ?? '123456789012'
  const calls: CallRecord[] = []
  const timeline: TimelineEntry[] = []
  let faults: FaultRule[] = [...(scenario.faults ?? [])]
  const started = performance.now()
  const now = (): number => performance.now() - started

  const secretsManager = new SecretStore(region, accountId, scenario.secrets)
  const logs = new LogStore(region, accountId)
  const autoScaling = new ScalableTargets(region, accountId, scenario.autoScaling)
  const loadBalancing = new TargetGroupStore(region, accountId, scenario.targetGroups, {
    now,
    secondMs: () => world.timing.secondMs ?? 1
  })
  const loadBalancers = new LoadBalancerStore(region, accountId, loadBalancing, scenario.loadBalancers)
  const databases = new DatabaseStore(region, accountId, now, scenario.rds)
  const world: World = {
    scenario,
    region,
    accountId,
    timing: timingOf(scenario),
    now,
    url,
    registryHost,
    calls,
    timeline,
    secrets: secretsManager,
    logs,
    autoScaling,
    // Images on the simulated account's ECR registry are the simulated registry's (ECR answers from it too).
    registry: {
      canPull: image => registry.canPull(onSimulatedRegistry(image, registryHost, accountId)),
      tagOf: image => registry.tagOf?.(onSimulatedRegistry(image, registryHost, accountId)),
      compressedSizeOf: image =>
        registry.compressedSizeOf?.(onSimulatedRegistry(image, registryHost, accountId))
    },
    targetGroups: loadBalancing
  }
  const registry = createRegistryService(world)
  const github = createGitHubService(world)
  const ecs = createEcsService(world)

  const frontDoor = new FrontDoor({
    aws: {
      ecs,
      secretsmanager: createSecretsManagerService(secretsManager),
      logs: createLogsService(logs),
      autoscaling: createAutoScalingService(autoScaling),
      elbv2: createElbv2Service(loadBalancing, loadBalancers),
      ecr: createEcrService(registry, accountId),
      rds: createRdsService(databases)
    },
    http: [
      { service: 'github', strip: GITHUB_API_PATH, matches: under(GITHUB_API_PATH), handler: github },
      {
        service: 'registry',
        strip: '',
        matches: path => under('/v2')(path) || path === '/token',
        handler: registry
      },
      {
        service: 'openwebui',
        strip: OPEN_WEBUI_PATH,
        matches: under(OPEN_WEBUI_PATH),
        handler: createOpenWebUiService(ecs, registry)
      },
      {
        service: 'alb',
        strip: LOAD_BALANCER_PATH,
        matches: under(LOAD_BALANCER_PATH),
        handler: createListenerEndpoint(loadBalancers, loadBalancing, (target, path) => {
          const task = ecs.taskAt(target.id)
          return task && task.lastStatus === 'RUNNING' ? answerAsTask(task, path, registry) : undefined
        })
      }
    ],
    faults: new FaultInjector(() => faults, seededRandom(scenario.seed ?? DEFAULT_SEED)),
    calls,
    now,
    accountId
  })

  return {
    url,
    registryHost,
    region,
    accountId,
    env: simulatorEnvironment(url, region),
    calls,
    timeline,
    get faults() {
      return faults
    },
    set faults(rules: FaultRule[]) {
      faults = rules
    },
    scenario,
    world,
    ecs,
    github,
    registry,
    secretsManager,
    logs,
    autoScaling,
    loadBalancing,
    databases,
    loadBalancers,
    loadBalancerUrl: name => `${url}${LOAD_BALANCER_PATH}/${encodeURIComponent(name)}`,
    openWebUiUrl: (cluster, service) =>
      `${url}${OPEN_WEBUI_PATH}/${encodeURIComponent(cluster)}/${encodeURIComponent(service)}`,
    async stop() {
      ecs.stop()
      frontDoor.close()
      await server.close()
    }
  }
}
