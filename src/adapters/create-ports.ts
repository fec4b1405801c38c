import { InputError } from '../errors.js'
import { OctokitComments } from '../github/comments-client.js'
import { createOctokit } from '../github/octokit.js'
import { OctokitReleases } from '../github/releases-client.js'
import { OctokitRepository } from '../github/repository-client.js'
import { systemClock } from '../ports/clock.js'
import { proxiedFetch } from '../network/proxied-fetch.js'
import type { Ports } from '../ports/ports.js'
import { OciRegistry } from '../registry/oci-registry-client.js'
import { RoutingRegistry } from '../registry/routing-registry.js'
import type { Settings } from '../settings/settings.js'

/**
 * Builds the production ports lazily: a client is created on first use, so `resolve` never needs an AWS
 * Region and `plan` without credentials never constructs an AWS client it cannot use. The AWS SDK clients
 * are also *loaded* on first use (a separate chunk of the bundle): modes that never talk to AWS do not pay
 * for compiling them at start-up.
 */
export function createPorts(settings: Settings): Ports {
  const region = () => {
    if (!settings.awsRegion) {
      throw new InputError(
        'AWS_REGION',
        'is not set: configure AWS credentials (aws-actions/configure-aws-credentials) first'
      )
    }
    return settings.awsRegion
  }
  const awsClients = once(() => import('./aws-clients.js'))
  // Every client follows the same proxy settings: the AWS SDK through its agents, the rest through one fetch.
  const proxy = settings.proxy
  const aws = { proxy }
  const octokit = once(() =>
    createOctokit(settings.githubToken, settings.github.apiUrl, { fetch: proxiedFetch(proxy) })
  )
  return lazyPorts({
    ecs: () => loadOnFirstCall(async () => new (await awsClients()).SdkEcs(region(), aws)),
    secretsManager: () =>
      loadOnFirstCall(async () => new (await awsClients()).SdkSecretsManager(region(), aws)),
    logs: () => loadOnFirstCall(async () => new (await awsClients()).SdkCloudWatchLogs(region(), aws)),
    autoScaling: () => loadOnFirstCall(async () => new (await awsClients()).SdkAutoScaling(region(), aws)),
    loadBalancer: () => loadOnFirstCall(async () => new (await awsClients()).SdkLoadBalancer(region(), aws)),
    databaseSnapshots: () =>
      loadOnFirstCall(async () => new (await awsClients()).SdkDatabaseSnapshots(region(), aws)),
    releases: () => new OctokitReleases(octokit()),
    comments: () => new OctokitComments(octokit()),
    repository: () => new OctokitRepository(octokit()),
    // ECR hosts need AWS credentials and the ECR API; the ECR client takes its Region from the host.
    registry: () =>
      new RoutingRegistry({
        ecr: () => loadOnFirstCall(async () => new (await awsClients()).EcrRegistry(aws)),
        oci: () => new OciRegistry({ fetch: proxiedFetch(proxy) })
      }),
    clock: () => systemClock
  })
}

/**
 * A port whose implementation is imported on its first call. Every port method is async, so each call can
 * wait for the import; `then` stays undefined so the stand-in is never mistaken for a promise.
 */
function loadOnFirstCall<T extends object>(load: () => Promise<T>): T {
  const port = once(load)
  return new Proxy({} as T, {
    get(_target, method) {
      if (method === 'then' || typeof method === 'symbol') return undefined
      return (...args: unknown[]) =>
        port().then(loaded =>
          (loaded[method as keyof T] as (...args: unknown[]) => unknown).apply(loaded, args)
        )
    }
  })
}

function once<T>(make: () => T): () => T {
  let value: T | undefined
  return () => (value ??= make())
}

function lazyPorts(factories: { [K in keyof Ports]: () => Ports[K] }): Ports {
  const ports = {} as Ports
  for (const key of Object.keys(factories) as (keyof Ports)[]) {
    const make = once<Ports[keyof Ports]>(factories[key])
    Object.defineProperty(ports, key, { enumerable: true, get: make })
  }
  return ports
}
