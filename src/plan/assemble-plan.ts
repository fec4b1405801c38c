import { detectMigrations } from '../migrations/detect-migrations.js'
import type { Ports } from '../ports/ports.js'
import type { ResolvedTarget } from '../release/resolve-version.js'
import { releaseRange } from '../release/stable-releases.js'
import type { DowngradePolicy, ImageRepository, Settings } from '../settings/settings.js'
import type { RenderedTaskDefinitions } from '../taskdef/render-task-definitions.js'
import { sameTaskDefinition } from '../taskdef/same-task-definition.js'
import { taskDefinitionDiff } from '../taskdef/task-definition-diff.js'
import { hasContainerHealthCheck } from '../verify/health-check.js'
import { imageSourceFindings } from '../verify/image-source-check.js'
import type { UpgradeSnapshotLookup } from '../verify/upgrade-snapshot.js'
import { lintOpenWebui } from '../verify/open-webui-lint.js'
import type { Verification } from '../verify/verification.js'
import { versionChangeFindings } from '../verify/version-change.js'
import { planHash } from './plan-hash.js'
import type { DatabaseSnapshotTarget } from '../domain/database-snapshot.js'
import type { MigrationCheck } from '../domain/migration-check.js'
import type { AutoScalingState, CurrentState, Plan, RolloutStrategy } from '../domain/plan.js'
import { chooseStrategy, rolloutSteps, type PlannedCount } from './rollout-steps.js'
import type { Finding } from '../domain/finding.js'
import { describeDrain, MIN_SECONDS_AFTER_DRAIN, type ExpectedDrain } from '../domain/expected-drain.js'

/**
 * Everything a plan is made of, gathered by one of the two current-state sources: the live one reads the
 * service from ECS (`build-plan.ts`), the offline one stands the base branch's task-definition file in for
 * it (`base-branch-state.ts`). What is decided from these facts is decided here, once, for both.
 */
export interface PlanFacts {
  cluster: string
  service: string
  region: string
  current: CurrentState
  resolved: ResolvedTarget
  rendered: RenderedTaskDefinitions
  decision: RolloutDecision
  /** The fleet size deploy sets; `service default` when the source cannot read the service's own. */
  desiredCount: PlannedCount
  /** The source's pre-flight checks and the findings they raised. */
  verification: Verification
  containerName: string
  /** The Open WebUI image as the user's task definition names it, for the image-tag lint. */
  baseImage?: string
  /** Names given in the `environment` input, so lint can say where a value came from. */
  environmentInput: string[]
  allowDowngrade: DowngradePolicy
  /** For a downgrade across migrations: the snapshot taken before the upgrade being undone, looked up. */
  upgradeSnapshot?: UpgradeSnapshotLookup
  /** The repository deploy renders from, and whether the `image` input named it. */
  imageInput: { repository: ImageRepository; given: boolean }
  autoScaling?: AutoScalingState
  /** What `db-snapshot` asks to snapshot; the plan keeps it only when it migrates. */
  databaseSnapshot?: DatabaseSnapshotTarget
  healthUrl?: URL
  /** How long the old tasks take to drain, when the source could read the service's target groups. */
  expectedDrain?: ExpectedDrain
  /** timeout-minutes, which a migrating rollout's drain counts against. */
  timeoutMinutes?: number
  taskDefinitionSource: string
}

export interface RolloutDecision {
  migrations: MigrationCheck
  strategy: RolloutStrategy
}

/**
 * Whether the release range migrates the database, and so which strategy deploy takes. The live source needs
 * the strategy before it can check Auto Scaling, so this comes before the plan is assembled.
 */
export async function decideRollout(
  context: { settings: Settings; ports: Pick<Ports, 'releases'> },
  input: {
    current: CurrentState
    targetVersion: string
    rendered: RenderedTaskDefinitions
    sameDesiredCount: boolean
  }
): Promise<RolloutDecision> {
  const { settings, ports } = context
  const migrations = await detectMigrations(
    ports.releases,
    settings.releaseRepository,
    input.current.version,
    input.targetVersion,
    settings.migration
  )
  const strategy = chooseStrategy({
    sameTaskDefinition: sameTaskDefinition(input.current.taskDefinition, input.rendered.fleet),
    sameDesiredCount: input.sameDesiredCount,
    migrations,
    policy: settings.migration
  })
  return { migrations, strategy }
}

/** The plan from its facts: findings, release range, diff, steps, whether deploy refuses it, and its hash. */
export function assemblePlan(facts: PlanFacts): Plan {
  const { current, resolved, rendered, decision, verification } = facts
  const target = resolved.pin
  const databaseSnapshot = decision.strategy === 'migrate' ? facts.databaseSnapshot : undefined
  const drain = decision.strategy === 'migrate' ? facts.expectedDrain : undefined
  const findings = [
    ...verification.findings,
    ...drainFindings(drain, facts.timeoutMinutes),
    ...versionChangeFindings({
      current: current.version,
      target: target.version,
      migrations: decision.migrations,
      allowDowngrade: facts.allowDowngrade,
      ...(facts.upgradeSnapshot ? { upgradeSnapshot: facts.upgradeSnapshot } : {})
    }),
    ...imageSourceFindings({
      containerName: facts.containerName,
      baseImage: facts.baseImage,
      fleet: rendered.fleet,
      image: facts.imageInput.repository,
      imageGiven: facts.imageInput.given
    }),
    ...lintOpenWebui({
      containerName: facts.containerName,
      baseImage: facts.baseImage,
      fleet: rendered.fleet,
      current: current.taskDefinition,
      environmentInput: facts.environmentInput,
      targetVersion: target.version,
      maxTasks: Math.max(fleetSize(facts.desiredCount, current), facts.autoScaling?.maxCapacity ?? 0)
    })
  ]
  const plan: Omit<Plan, 'hash'> = {
    cluster: facts.cluster,
    service: facts.service,
    region: facts.region,
    current,
    target,
    releaseRange: releaseRange(resolved.stable, current.version, target.version),
    migrations: decision.migrations,
    strategy: decision.strategy,
    desiredCount: fleetSize(facts.desiredCount, current),
    fleetTaskDefinition: rendered.fleet,
    migratorTaskDefinition: rendered.migrator,
    hasHealthCheck: hasContainerHealthCheck(rendered.fleet),
    taskDefinitionDiff: taskDefinitionDiff(current.taskDefinition, rendered.fleet),
    findings,
    checks: verification.checks,
    steps: rolloutSteps({
      strategy: decision.strategy,
      current,
      target,
      desiredCount: facts.desiredCount,
      ...(facts.autoScaling ? { autoScaling: facts.autoScaling } : {}),
      ...(databaseSnapshot ? { databaseSnapshot } : {}),
      ...(drain ? { expectedDrain: drain } : {}),
      ...(facts.healthUrl ? { healthUrl: facts.healthUrl } : {})
    }),
    ...(drain ? { expectedDrain: drain } : {}),
    ...(facts.autoScaling ? { autoScaling: facts.autoScaling } : {}),
    ...(databaseSnapshot ? { databaseSnapshot } : {}),
    blocked:
      findings.some(finding => finding.level === 'error') ||
      verification.checks.some(check => check.status === 'NG'),
    versionSource: resolved.source,
    taskDefinitionSource: facts.taskDefinitionSource
  }
  return { ...plan, hash: planHash(plan) }
}

/** A migrating rollout that cannot drain and still start a migrator within timeout-minutes is refused now. */
export function drainFindings(
  drain: ExpectedDrain | undefined,
  timeoutMinutes: number | undefined
): Finding[] {
  if (!drain || timeoutMinutes === undefined) return []
  const available = Math.floor(timeoutMinutes * 60)
  if (drain.seconds < available) return []
  const needed = drain.seconds + MIN_SECONDS_AFTER_DRAIN
  return [
    {
      level: 'error',
      code: 'drain-exceeds-timeout',
      title: 'The drain does not fit in timeout-minutes',
      message: `The old tasks need ${describeDrain(drain)} to drain before the migrator may start, but timeout-minutes is ${timeoutMinutes} (${available} s): the rollout would time out with Open WebUI down and no migrator started.`,
      fix: `Set timeout-minutes to at least ${Math.ceil(needed / 60)} (plus the time the migration takes), or lower the target group's deregistration delay.`
    }
  ]
}

/** The service's own count, at least one task: what deploy runs when desired-count is not given. */
export function fleetSize(desiredCount: PlannedCount, current: CurrentState): number {
  return desiredCount === 'service default' ? Math.max(1, current.desiredCount) : desiredCount
}
