import path from 'node:path'
import { PhaseError, errorMessage } from '../errors.js'
import { detectMigrations } from '../migrations/detect-migrations.js'
import type { ModeContext } from '../modes/mode-context.js'
import { versionOfImage } from '../plan/current-state.js'
import { planHash } from '../plan/plan-hash.js'
import type { Check, CurrentState, Plan, RolloutStep } from '../plan/plan.js'
import { chooseStrategy, rolloutSteps } from '../plan/rollout-steps.js'
import type { ImageRegistryPort } from '../ports/image-registry.js'
import { escapeInline, inlineCode } from '../report/untrusted-text.js'
import { formatImageReference } from '../release/image-reference.js'
import { resolveTargetVersion } from '../release/resolve-version.js'
import { releaseRange } from '../release/stable-releases.js'
import type { RepositoryName, Settings } from '../settings/settings.js'
import { parseVersionText } from '../settings/version-text.js'
import { findContainer } from '../taskdef/container-definition.js'
import { renderTaskDefinitions } from '../taskdef/render-task-definitions.js'
import { sameTaskDefinition } from '../taskdef/same-task-definition.js'
import { toRegisterRequest } from '../taskdef/strip-describe-fields.js'
import { taskDefinitionDiff } from '../taskdef/task-definition-diff.js'
import { verifyHealthCheck } from '../verify/health-check.js'
import { lintOpenWebui } from '../verify/open-webui-lint.js'
import { verifyTaskSize } from '../verify/task-size-check.js'
import { versionChangeFindings } from '../verify/version-change.js'
import { resourceName } from './plan-comment-marker.js'
import type { PullRequestEvent } from './pull-request-event.js'
import { maskTaskDefinitionText } from '../report/mask-credentials.js'

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

interface BaseTaskDefinition {
  json?: Record<string, unknown>
  /** The version the base branch pins: its version file, else its task definition's image tag. */
  version?: string
  /** Where it came from, for the notice. */
  source: string
}

/**
 * The plan without AWS: the task definition rendered from the pull request's files against the same file on
 * the base branch, rendered with the same inputs and the base's version. What runs cannot be read, so the
 * base branch stands for it: that is what the last deploy from it rolled out, unless someone changed the
 * service by hand.
 */
export async function buildOfflinePlan(
  context: ModeContext,
  pullRequest: PullRequestEvent | undefined,
  why: string
): Promise<{ plan: Plan; notice: string }> {
  const { settings, ports } = context
  const file = settings.taskDefinitionFile
  if (!file || !settings.cluster || !settings.service) {
    throw new PhaseError(
      'plan',
      `${why}, so the service's task definition cannot be read; give the task-definition input to plan from the file, or configure AWS credentials`
    )
  }
  const repository = pullRequest?.repository ?? settings.github.repository
  const ref =
    pullRequest?.baseRef ?? (repository ? await ports.repository.getDefaultBranch(repository) : undefined)
  const base =
    repository && ref ? await readBase(context, repository, ref) : { source: 'no repository to read from' }

  const headImage = findContainer(file.json, settings.containerName)?.image
  const resolved = await resolveTargetVersion(
    {
      settings: { ...settings, pinDigest: false },
      ports: { releases: ports.releases, clock: ports.clock, registry: uncheckedRegistry }
    },
    versionOfImage(typeof headImage === 'string' ? headImage : undefined, settings.variant)
  )
  const target = resolved.pin
  const { fleet, migrator } = renderTaskDefinitions({
    base: file.json,
    settings,
    image: target.image,
    secretArns: new Map()
  })
  const current = currentFromBase(base, settings)
  const migrations = await detectMigrations(
    ports.releases,
    settings.releaseRepository,
    current.version,
    target.version,
    settings.migration
  )

  const desiredCount = settings.desiredCount ?? 1
  const strategy = chooseStrategy({
    sameTaskDefinition: sameTaskDefinition(current.taskDefinition, fleet),
    sameDesiredCount: true,
    migrations,
    policy: settings.migration
  })
  const size = verifyTaskSize(
    fleet,
    Array.isArray(fleet.requiresCompatibilities) && fleet.requiresCompatibilities.includes('FARGATE')
  )
  const checks: Check[] = [
    { name: 'Service', status: 'SKIP', detail: `not read: ${why}` },
    { name: 'Image', status: 'SKIP', detail: `${target.image} not checked in the registry (offline plan)` },
    ...settings.secrets.map(secret => ({
      name: `Secret ${secret.name}`,
      status: 'SKIP' as const,
      detail: `${secret.secretId} not checked (offline plan)`
    })),
    ...size.checks,
    verifyHealthCheck(findContainer(fleet, settings.containerName))
  ]
  const findings = [
    ...size.findings,
    ...versionChangeFindings(current.version, target.version),
    ...lintOpenWebui({
      containerName: settings.containerName,
      baseImage: typeof headImage === 'string' ? headImage : undefined,
      fleet,
      current: current.taskDefinition,
      environmentInput: settings.environment.map(variable => variable.name)
    })
  ]
  const steps = rolloutSteps({ strategy, current, target, desiredCount, healthUrl: settings.healthUrl }).map(
    step => (settings.desiredCount === undefined ? withUnknownCount(step, current, target.version) : step)
  )
  const plan: Omit<Plan, 'hash'> = {
    cluster: resourceName(settings.cluster),
    service: resourceName(settings.service),
    region: settings.awsRegion ?? '',
    current,
    target,
    releaseRange: releaseRange(resolved.stable, current.version, target.version),
    migrations,
    strategy,
    desiredCount,
    fleetTaskDefinition: fleet,
    migratorTaskDefinition: migrator,
    taskDefinitionDiff: taskDefinitionDiff(current.taskDefinition, fleet),
    findings,
    checks,
    steps,
    blocked:
      findings.some(finding => finding.level === 'error') || checks.some(check => check.status === 'NG'),
    versionSource: resolved.source,
    taskDefinitionSource: path.relative(settings.github.workspace, file.path) || file.path
  }
  return {
    plan: { ...plan, hash: planHash(plan) },
    notice: `${missingAwsNotice(why)} The diff compares the rendered task definition with ${base.source}.`
  }
}

function workspaceRelative(settings: Settings, absolute: string): string {
  return path.relative(settings.github.workspace, absolute).split(path.sep).join('/')
}

async function readBase(
  context: ModeContext,
  repository: RepositoryName,
  ref: string
): Promise<BaseTaskDefinition> {
  const { settings, ports } = context
  const filePath = workspaceRelative(settings, settings.taskDefinitionFile!.path)
  const source = `${inlineCode(filePath)} on the base branch ${inlineCode(ref)}`
  let json: Record<string, unknown> | undefined
  try {
    const found = await ports.repository.getFile(repository, filePath, ref)
    if (!found) return { source: `nothing (${source} does not exist)` }
    maskTaskDefinitionText(found.text)
    json = unwrapDescribeOutput(JSON.parse(found.text))
  } catch (error) {
    return { source: `nothing (${source} could not be read: ${escapeInline(errorMessage(error))})` }
  }
  let version: string | undefined
  if (settings.versionFile) {
    const versionFile = await ports.repository
      .getFile(repository, workspaceRelative(settings, settings.versionFile.path), ref)
      .catch(() => undefined)
    version = versionFile ? parseVersionText(versionFile.text) : undefined
  }
  const image = findContainer(json, settings.containerName)?.image
  version ??= versionOfImage(typeof image === 'string' ? image : undefined, settings.variant)
  return { ...(json ? { json } : {}), ...(version ? { version } : {}), source }
}

function unwrapDescribeOutput(value: unknown): Record<string, unknown> | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined
  const object = value as Record<string, unknown>
  const inner = object.taskDefinition
  return inner && typeof inner === 'object' && !('containerDefinitions' in object)
    ? (inner as Record<string, unknown>)
    : object
}

/** The base rendered with today's inputs and the base's version, so the diff shows what the pull request changes. */
function currentFromBase(base: BaseTaskDefinition, settings: Settings): CurrentState {
  if (!base.json)
    return { desiredCount: 0, runningCount: 0, ...(base.version ? { version: base.version } : {}) }
  const baseImage = findContainer(base.json, settings.containerName)?.image
  const tag = base.version ? `v${base.version}${settings.variant ? `-${settings.variant}` : ''}` : undefined
  const image = tag
    ? formatImageReference({ ...settings.image, tag })
    : typeof baseImage === 'string'
      ? baseImage
      : undefined
  let taskDefinition
  try {
    taskDefinition = image
      ? renderTaskDefinitions({ base: base.json, settings, image, secretArns: new Map() }).fleet
      : undefined
  } catch {
    // The base names no Open WebUI container (renamed in this pull request): compare with it as written.
    taskDefinition = undefined
  }
  return {
    ...(base.version ? { version: base.version } : {}),
    ...(image ? { image } : {}),
    desiredCount: settings.desiredCount ?? 1,
    runningCount: 0,
    taskDefinition: taskDefinition ?? toRegisterRequest(base.json)
  }
}

/** Without the service, its size is unknown: say so instead of guessing a number. */
function withUnknownCount(step: RolloutStep, current: CurrentState, targetVersion: string): RolloutStep {
  const from = current.version ? `v${current.version}` : 'current'
  const to = `v${targetVersion}`
  switch (step.phase) {
    case 'drain':
      return {
        ...step,
        description: `Stop every running ${from} task (deploymentConfiguration 0/100): Open WebUI is down until the migrator is healthy`
      }
    case 'fleet':
      return {
        ...step,
        description: `Start the fleet at the service's desired count, all ${to} (ENABLE_DB_MIGRATIONS=false), replacing the migrator`
      }
    case 'rolling':
      return {
        ...step,
        description: `Rolling update ${from} -> ${to} at the service's desired count (ENABLE_DB_MIGRATIONS=false); old tasks serve until the new ones are healthy`
      }
    default:
      return step
  }
}
