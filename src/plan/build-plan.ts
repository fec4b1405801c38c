import path from 'node:path'
import { InputError, PhaseError, errorMessage } from '../errors.js'
import { detectMigrations } from '../migrations/detect-migrations.js'
import type { ModeContext } from '../modes/mode-context.js'
import { releaseRange } from '../release/stable-releases.js'
import { resolveTargetVersion } from '../release/resolve-version.js'
import { requireContainer, findContainer } from '../taskdef/container-definition.js'
import { renderTaskDefinitions } from '../taskdef/render-task-definitions.js'
import { sameTaskDefinition } from '../taskdef/same-task-definition.js'
import { taskDefinitionDiff } from '../taskdef/task-definition-diff.js'
import { autoScalingState, verifyAutoScaling } from '../verify/autoscaling-check.js'
import { verifyHealthCheck } from '../verify/health-check.js'
import { verifyTargetGroups } from '../verify/load-balancer-check.js'
import { lintOpenWebui } from '../verify/open-webui-lint.js'
import { SecretLookup, verifySecrets } from '../verify/secret-checks.js'
import {
  runsOnFargate,
  verifyCluster,
  verifyNoDeploymentInProgress,
  verifyService
} from '../verify/service-checks.js'
import { verifyTaskSize } from '../verify/task-size-check.js'
import { mergeVerifications, type Verification } from '../verify/verification.js'
import { versionChangeFindings } from '../verify/version-change.js'
import { currentStateOf, readServiceState, versionOfImage } from './current-state.js'
import { planHash } from './plan-hash.js'
import type { AutoScalingState, Plan, RolloutStrategy } from './plan.js'
import { chooseStrategy, rolloutSteps } from './rollout-steps.js'

/**
 * What deploy would do, computed with reads only: the running state, the target release and its pin, the
 * migrations in between, the rendered task definitions, verification and lint, the strategy and its steps.
 * Throws InputError for input that cannot be used and PhaseError when no plan can be made at all.
 */
export async function buildPlan(context: ModeContext): Promise<Plan> {
  const { settings, ports, log } = context
  if (!settings.cluster) throw new InputError('cluster', 'is required: expected an ECS cluster name or ARN')
  if (!settings.service) throw new InputError('service', 'is required: expected an ECS service name')
  const region = settings.awsRegion ?? ''

  const state = await readServiceState(ports.ecs, settings.cluster, settings.service)
  const clusterName = state.cluster?.clusterName ?? lastSegment(settings.cluster)
  const serviceName = state.service?.serviceName ?? lastSegment(settings.service)
  const serviceVerification = mergeVerifications([
    verifyCluster(state.cluster, settings.cluster, region),
    ...(state.cluster ? [verifyService(state.service, settings.service, clusterName)] : [])
  ])

  const file = settings.taskDefinitionFile
  const base = file?.json ?? state.taskDefinition
  if (!base) {
    throw new PhaseError(
      'verify',
      `Cannot plan: ${serviceVerification.checks.map(check => check.detail).join('; ')}, and no task-definition file was given to render from`,
      serviceVerification.checks.map(check => `${check.status} ${check.name}: ${check.detail}`)
    )
  }
  const taskDefinitionSource = file
    ? path.relative(settings.github.workspace, file.path) || file.path
    : lastSegment(state.taskDefinitionArn ?? '')
  const baseImage = requireContainer(
    base,
    settings.containerName,
    file
      ? `the task definition '${taskDefinitionSource}'`
      : `the service's task definition ${taskDefinitionSource}`
  ).image

  const resolved = await resolveTargetVersion(
    { settings, ports },
    versionOfImage(baseImage, settings.variant)
  )
  const target = resolved.pin
  const current = currentStateOf(state, settings.containerName, settings.variant, resolved.stable)
  log.info(
    `Current: ${current.version ? `v${current.version}` : (current.image ?? 'nothing running')}; target: ${target.image}`
  )
  const migrations = await detectMigrations(
    ports.releases,
    settings.releaseRepository,
    current.version,
    target.version,
    settings.migration
  )

  const secretLookup = new SecretLookup(ports.secretsManager)
  const secretArns = await secretLookup.resolveArns(settings.secrets)
  const { fleet, migrator } = renderTaskDefinitions({ base, settings, image: target.image, secretArns })
  const desiredCount = settings.desiredCount ?? Math.max(1, current.desiredCount)
  const strategy = chooseStrategy({
    sameTaskDefinition: sameTaskDefinition(current.taskDefinition, fleet),
    sameDesiredCount: desiredCount === current.desiredCount,
    migrations,
    policy: settings.migration
  })

  const autoScaling = state.service
    ? await readAutoScaling(context, clusterName, serviceName, strategy, desiredCount)
    : { verification: { checks: [], findings: [] } }
  const fleetContainer = findContainer(fleet, settings.containerName)
  const verification = mergeVerifications([
    serviceVerification,
    state.service?.status === 'ACTIVE'
      ? { checks: [verifyNoDeploymentInProgress(state.service)], findings: [] }
      : { checks: [], findings: [] },
    {
      checks: [
        {
          name: 'Image',
          status: 'OK',
          detail: `${target.image} exists in the registry${target.digest ? '' : ' (not pinned by digest: pin-digest is false)'}`
        }
      ],
      findings: []
    },
    await verifySecrets(secretLookup, fleet, settings),
    verifyTaskSize(fleet, runsOnFargate(state.service, fleet.requiresCompatibilities)),
    { checks: [verifyHealthCheck(fleetContainer)], findings: [] },
    autoScaling.verification,
    await verifyTargetGroups(ports.loadBalancer, state.service, settings.containerName, fleetContainer)
  ])
  const findings = [
    ...verification.findings,
    ...versionChangeFindings(current.version, target.version),
    ...lintOpenWebui({
      containerName: settings.containerName,
      baseImage,
      fleet,
      current: current.taskDefinition,
      environmentInput: settings.environment.map(variable => variable.name)
    })
  ]

  const plan: Omit<Plan, 'hash'> = {
    cluster: clusterName,
    service: serviceName,
    region,
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
    checks: verification.checks,
    steps: rolloutSteps({
      strategy,
      current,
      target,
      desiredCount,
      autoScaling: autoScaling.state,
      healthUrl: settings.healthUrl
    }),
    ...(autoScaling.state ? { autoScaling: autoScaling.state } : {}),
    blocked:
      findings.some(finding => finding.level === 'error') ||
      verification.checks.some(check => check.status === 'NG'),
    versionSource: resolved.source,
    taskDefinitionSource
  }
  return { ...plan, hash: planHash(plan) }
}

async function readAutoScaling(
  { ports }: ModeContext,
  cluster: string,
  service: string,
  strategy: RolloutStrategy,
  desiredCount: number
): Promise<{ state?: AutoScalingState; verification: Verification }> {
  try {
    const scaling = autoScalingState(await ports.autoScaling.describeServiceTarget(cluster, service))
    return {
      ...(scaling ? { state: scaling } : {}),
      verification: verifyAutoScaling(scaling, strategy, desiredCount)
    }
  } catch (error) {
    return {
      verification: {
        checks: [
          { name: 'Auto Scaling', status: 'WARN', detail: `could not be read: ${errorMessage(error)}` }
        ],
        findings: []
      }
    }
  }
}

/** `arn:aws:ecs:…:service/prod/open-webui` -> `open-webui`; a plain name stays as it is. */
function lastSegment(nameOrArn: string): string {
  return nameOrArn.split('/').at(-1) ?? nameOrArn
}
