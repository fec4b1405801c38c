import type { AutoScalingPort } from './autoscaling.js'
import type { Clock } from './clock.js'
import type { CloudWatchLogsPort } from './cloudwatch-logs.js'
import type { DatabaseSnapshotsPort } from './database-snapshots.js'
import type { EcsPort } from './ecs.js'
import type { GitHubReleasesPort } from './github-releases.js'
import type { PullRequestCommentsPort } from './github-comments.js'
import type { GitHubRepositoryPort } from './github-repository.js'
import type { ImageRegistryPort } from './image-registry.js'
import type { LoadBalancerPort } from './load-balancer.js'
import type { SecretsManagerPort } from './secrets-manager.js'

/**
 * Every outside system the action talks to. Modes receive this bundle; production builds it in
 * src/adapters/create-ports.ts, tests pass their own implementations.
 */
export interface Ports {
  ecs: EcsPort
  secretsManager: SecretsManagerPort
  logs: CloudWatchLogsPort
  autoScaling: AutoScalingPort
  loadBalancer: LoadBalancerPort
  databaseSnapshots: DatabaseSnapshotsPort
  releases: GitHubReleasesPort
  comments: PullRequestCommentsPort
  repository: GitHubRepositoryPort
  registry: ImageRegistryPort
  clock: Clock
}
