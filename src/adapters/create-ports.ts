import { SdkAutoScaling } from '../aws/autoscaling-client.js'
import { SdkCloudWatchLogs } from '../aws/cloudwatch-logs-client.js'
import { SdkEcs } from '../aws/ecs-client.js'
import { SdkLoadBalancer } from '../aws/load-balancer-client.js'
import { SdkSecretsManager } from '../aws/secrets-manager-client.js'
import { InputError } from '../errors.js'
import { OctokitComments } from '../github/comments-client.js'
import { createOctokit } from '../github/octokit.js'
import { OctokitReleases } from '../github/releases-client.js'
import { OctokitRepository } from '../github/repository-client.js'
import { systemClock } from '../ports/clock.js'
import type { Ports } from '../ports/ports.js'
import { EcrRegistry } from '../registry/ecr-registry-client.js'
import { OciRegistry } from '../registry/oci-registry-client.js'
import { RoutingRegistry } from '../registry/routing-registry.js'
import type { Settings } from '../settings/settings.js'

/**
 * Builds the production ports lazily: a client is created on first use, so `resolve` never needs an AWS
 * Region and `plan` without credentials never constructs an AWS client it cannot use.
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
  const octokit = once(() => createOctokit(settings.githubToken, settings.github.apiUrl))
  return lazyPorts({
    ecs: () => new SdkEcs(region()),
    secretsManager: () => new SdkSecretsManager(region()),
    logs: () => new SdkCloudWatchLogs(region()),
    autoScaling: () => new SdkAutoScaling(region()),
    loadBalancer: () => new SdkLoadBalancer(region()),
    releases: () => new OctokitReleases(octokit()),
    comments: () => new OctokitComments(octokit()),
    repository: () => new OctokitRepository(octokit()),
    // ECR hosts need AWS credentials and the ECR API; the ECR client takes its Region from the host.
    registry: () => new RoutingRegistry({ ecr: () => new EcrRegistry(), oci: () => new OciRegistry() }),
    clock: () => systemClock
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
