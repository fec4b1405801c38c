import path from 'node:path'
import { resourceName } from '../domain/arn.js'
import { PhaseError, errorMessage } from '../errors.js'
import type { Ports } from '../ports/ports.js'
import type { Log } from '../report/log.js'
import type { ServiceModeSettings } from '../settings/settings.js'
import { resolveTargetVersion } from '../release/resolve-version.js'
import { versionTag } from '../release/version-tag.js'
import { requireContainer, findContainer } from '../taskdef/container-definition.js'
import { renderTaskDefinitions } from '../taskdef/render-task-definitions.js'
import { autoScalingState, verifyAutoScaling } from '../verify/autoscaling-check.js'
import { verifyDatabaseSnapshot } from '../verify/database-snapshot-check.js'
import { hasContainerHealthCheck, verifyHealthCheck } from '../verify/health-check.js'
import { verifyTargetGroups } from '../verify/load-balancer-check.js'
import { SecretLookup, verifySecrets } from '../verify/secret-checks.js'
import {
  runsOnFargate,
  verifyCluster,
  verifyNoDeploymentInProgress,
  verifyService
} from '../verify/service-checks.js'
import { verifyTaskSize } from '../verify/task-size-check.js'
import { findUpgradeSnapshot } from '../verify/upgrade-snapshot.js'
import { downgradeAcrossMigrations, isDowngrade } from '../verify/version-change.js'
import { mergeVerifications, type Verification } from '../verify/verification.js'
import { assemblePlan, decideRollout, fleetSize } from './assemble-plan.js'
import { currentStateOf, readServiceState, versionOfImage } from './current-state.js'
import type { AutoScalingState, Plan, RolloutStrategy } from '../domain/plan.js'
import { expectedDrain } from '../domain/expected-drain.js'

/**
 * What deploy would do, computed with reads only, from the live current-state source: the service as ECS
 * describes it, the target release and its pin, the rendered task definitions and the pre-flight checks
 * against AWS. `assemblePlan` decides the rest, as it does for the offline plan.
 * Throws InputError for input that cannot be used and PhaseError when no plan can be made at all.
 */
export interface LivePlanReads {
  settings: ServiceModeSettings
  /** Read through; nothing here writes. */
  ports: Pick<
    Ports,
    | 'ecs'
    | 'releases'
    | 'registry'
    | 'clock'
    | 'secretsManager'
    | 'autoScaling'
    | 'loadBalancer'
    | 'databaseSnapshots'
  >
  log: Pick<Log, 'info'>
}

export async function buildPlan(context: LivePlanReads): Promise<Plan> {
  const { settings, ports, log } = context
  const region = settings.awsRegion ?? ''

  const state = await readServiceState(ports.ecs, settings.cluster, settings.service)
  const clusterName = state.cluster?.clusterName ?? resourceName(settings.cluster)
  const serviceName = state.service?.serviceName ?? resourceName(settings.service)
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
    : resourceName(state.taskDefinitionArn ?? '')
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
    `Current: ${current.version ? versionTag(current.version) : (current.image ?? 'nothing running')}; target: ${target.image}`
  )
  const secretLookup = new SecretLookup(ports.secretsManager)
  const secretArns = await secretLookup.resolveArns(settings.secrets)
  const rendered = renderTaskDefinitions({ base, settings, image: target.image, secretArns })
  const desiredCount = fleetSize(settings.desiredCount ?? 'service default', current)
  const decision = await decideRollout(context, {
    current,
    targetVersion: target.version,
    rendered,
    sameDesiredCount: desiredCount === current.desiredCount
  })

  // A refused downgrade names the way back: the snapshot taken before the upgrade being undone (reads only).
  const upgradeSnapshot =
    isDowngrade(current.version, target.version) &&
    downgradeAcrossMigrations(decision.migrations) &&
    settings.allowDowngrade === 'none'
      ? await findUpgradeSnapshot(
          ports.databaseSnapshots,
          settings.databaseSnapshot,
          `${clusterName}/${serviceName}`,
          current.version
        )
      : undefined

  const autoScaling = state.service
    ? await readAutoScaling(ports.autoScaling, clusterName, serviceName, decision.strategy, desiredCount)
    : { verification: { checks: [], findings: [] } }
  const { fleet } = rendered
  const targetGroups = await verifyTargetGroups(
    ports.loadBalancer,
    state.service,
    settings.containerName,
    findContainer(fleet, settings.containerName)
  )
  const verification = mergeVerifications([
    serviceVerification,
    state.service?.status === 'ACTIVE'
      ? { checks: [verifyNoDeploymentInProgress(current.deploymentsInProgress)], findings: [] }
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
    {
      checks: [
        verifyHealthCheck(findContainer(fleet, settings.containerName), hasContainerHealthCheck(fleet))
      ],
      findings: []
    },
    autoScaling.verification,
    await verifyDatabaseSnapshot(ports.databaseSnapshots, settings.databaseSnapshot, decision.strategy),
    targetGroups
  ])

  return assemblePlan({
    cluster: clusterName,
    service: serviceName,
    region,
    current,
    resolved,
    rendered,
    decision,
    desiredCount,
    verification,
    containerName: settings.containerName,
    baseImage,
    environmentInput: settings.environment.map(variable => variable.name),
    imageInput: { repository: settings.image, given: settings.imageGiven },
    allowDowngrade: settings.allowDowngrade,
    ...(upgradeSnapshot ? { upgradeSnapshot } : {}),
    ...(autoScaling.state ? { autoScaling: autoScaling.state } : {}),
    ...(settings.databaseSnapshot ? { databaseSnapshot: settings.databaseSnapshot } : {}),
    ...(settings.healthUrl ? { healthUrl: settings.healthUrl } : {}),
    ...(state.service
      ? {
          expectedDrain: expectedDrain(
            targetGroups.deregistrationDelays,
            stopTimeoutOf(findContainer(fleet, settings.containerName)?.stopTimeout)
          )
        }
      : {}),
    timeoutMinutes: settings.timeoutMinutes,
    taskDefinitionSource
  })
}

async function readAutoScaling(
  autoScalingPort: Ports['autoScaling'],
  cluster: string,
  service: string,
  strategy: RolloutStrategy,
  desiredCount: number
): Promise<{ state?: AutoScalingState; verification: Verification }> {
  try {
    const scaling = autoScalingState(await autoScalingPort.describeServiceTarget(cluster, service))
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

function stopTimeoutOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined
}
