import path from 'node:path'
import { PhaseError } from '../../errors.js'
import type { PlanSettings } from '../../settings/settings.js'
import { assemblePlan, decideRollout } from '../../plan/assemble-plan.js'
import { currentStateFromBase, readBaseBranch } from '../../plan/base-branch-state.js'
import { versionOfImage } from '../../plan/current-state.js'
import { databaseLabel } from '../../domain/database-snapshot.js'
import type { Check } from '../../domain/finding.js'
import type { Plan } from '../../domain/plan.js'
import type { ImageRegistryPort } from '../../ports/image-registry.js'
import type { Ports } from '../../ports/ports.js'
import { resolveTargetVersion } from '../../release/resolve-version.js'
import { findContainer } from '../../taskdef/container-definition.js'
import { renderTaskDefinitions } from '../../taskdef/render-task-definitions.js'
import { hasContainerHealthCheck, verifyHealthCheck } from '../../verify/health-check.js'
import { runsOnFargate } from '../../verify/service-checks.js'
import { verifyTaskSize } from '../../verify/task-size-check.js'
import { resourceName } from '../../domain/arn.js'
import type { PullRequestEvent } from './pull-request-event.js'

export function missingAwsNotice(why: string): string {
  return `Offline plan: ${why}. The service's state (running version, desired count, Auto Scaling), its secrets and the image registry were not checked; a job with AWS credentials plans against what runs.`
}

/**
 * Without AWS the registry is not asked either (a private ECR mirror needs AWS credentials too): the tag is
 * planned as named, unpinned. The pin and its existence are checked by every plan and deploy that has AWS.
 */
const uncheckedRegistry: ImageRegistryPort = {
  headManifest: async () => ({ digest: '', mediaType: 'not checked (offline plan)' })
}

/**
 * The plan without AWS: the task definition rendered from the pull request's files against the same file on
 * the base branch (the offline current-state source), assembled by the same `assemblePlan` as the live plan.
 */
export async function buildOfflinePlan(
  context: { settings: PlanSettings; ports: Pick<Ports, 'repository' | 'releases' | 'clock'> },
  pullRequest: PullRequestEvent | undefined,
  why: string
): Promise<{ plan: Plan; notice: string }> {
  const { settings, ports } = context
  const file = settings.taskDefinitionFile
  if (!file) {
    throw new PhaseError(
      'plan',
      `${why}, so the service's task definition cannot be read; give the task-definition input to plan from the file, or configure AWS credentials`
    )
  }
  const repository = pullRequest?.repository ?? settings.github.repository
  const ref =
    pullRequest?.baseRef ?? (repository ? await ports.repository.getDefaultBranch(repository) : undefined)
  const base =
    repository && ref
      ? await readBaseBranch(ports.repository, settings, repository, ref)
      : { source: 'no repository to read from' }

  const headImage = findContainer(file.json, settings.containerName)?.image
  const baseImage = typeof headImage === 'string' ? headImage : undefined
  const resolved = await resolveTargetVersion(
    {
      settings: { ...settings, pinDigest: false },
      ports: { releases: ports.releases, clock: ports.clock, registry: uncheckedRegistry }
    },
    versionOfImage(baseImage, settings.variant)
  )
  const target = resolved.pin
  const rendered = renderTaskDefinitions({
    base: file.json,
    settings,
    image: target.image,
    secretArns: new Map()
  })
  const current = currentStateFromBase(base, settings)
  const decision = await decideRollout(context, {
    current,
    targetVersion: target.version,
    rendered,
    sameDesiredCount: true
  })
  const { fleet } = rendered
  // No service to ask: the task definition's requiresCompatibilities says whether it runs on Fargate.
  const size = verifyTaskSize(fleet, runsOnFargate(undefined, fleet.requiresCompatibilities))
  const checks: Check[] = [
    { name: 'Service', status: 'SKIP', detail: `not read: ${why}` },
    { name: 'Image', status: 'SKIP', detail: `${target.image} not checked in the registry (offline plan)` },
    ...settings.secrets.map(secret => ({
      name: `Secret ${secret.name}`,
      status: 'SKIP' as const,
      detail:
        'not checked (offline plan); the secret it names is not shown before Secrets Manager confirms it'
    })),
    ...size.checks,
    verifyHealthCheck(findContainer(fleet, settings.containerName), hasContainerHealthCheck(fleet)),
    ...(settings.databaseSnapshot
      ? [
          {
            name: 'Database snapshot',
            status: 'SKIP' as const,
            detail: `${databaseLabel(settings.databaseSnapshot)} not checked (offline plan)`
          }
        ]
      : [])
  ]
  const plan = assemblePlan({
    cluster: resourceName(settings.cluster),
    service: resourceName(settings.service),
    region: settings.awsRegion ?? '',
    current,
    resolved,
    rendered,
    decision,
    desiredCount: settings.desiredCount ?? 'service default',
    verification: { checks, findings: size.findings },
    containerName: settings.containerName,
    ...(baseImage ? { baseImage } : {}),
    environmentInput: settings.environment.map(variable => variable.name),
    imageInput: { repository: settings.image, given: settings.imageGiven },
    allowDowngrade: settings.allowDowngrade,
    ...(settings.databaseSnapshot ? { databaseSnapshot: settings.databaseSnapshot } : {}),
    ...(settings.healthUrl ? { healthUrl: settings.healthUrl } : {}),
    taskDefinitionSource: path.relative(settings.github.workspace, file.path) || file.path
  })
  return {
    plan,
    notice: `${missingAwsNotice(why)} The diff compares the rendered task definition with ${base.source}.`
  }
}
