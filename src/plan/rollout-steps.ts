import { databaseLabel, type DatabaseSnapshotTarget } from '../domain/database-snapshot.js'
import { versionTag } from '../release/version-tag.js'
import type { MigrationPolicy } from '../settings/settings.js'
import type { MigrationCheck } from '../domain/migration-check.js'
import type { AutoScalingState, CurrentState, RolloutStep, RolloutStrategy } from '../domain/plan.js'
import type { VersionPin } from '../domain/version-pin.js'
import { describeDrain, type ExpectedDrain } from '../domain/expected-drain.js'

/**
 * unchanged when the rendered task definition is what runs (and the fleet size stays); migrate when the
 * release range adds migrations or that cannot be told (or migration: always); rolling otherwise.
 */
export function chooseStrategy(input: {
  sameTaskDefinition: boolean
  sameDesiredCount: boolean
  migrations: MigrationCheck
  policy: MigrationPolicy
}): RolloutStrategy {
  if (input.sameTaskDefinition && input.sameDesiredCount) return 'unchanged'
  if (input.policy === 'never') return 'rolling'
  if (input.policy === 'always') return 'migrate'
  return input.migrations.status === 'false' ? 'rolling' : 'migrate'
}

/** How many tasks deploy runs: a number, or the service's own desired count when the plan cannot read it. */
export type PlannedCount = number | 'service default'

function tasks(count: number): string {
  return `${count} task${count === 1 ? '' : 's'}`
}

/** The phases deploy will run, in words a reviewer can check before merging. */
export function rolloutSteps(input: {
  strategy: RolloutStrategy
  current: CurrentState
  target: VersionPin
  desiredCount: PlannedCount
  autoScaling?: AutoScalingState
  databaseSnapshot?: DatabaseSnapshotTarget
  expectedDrain?: ExpectedDrain
  /** The deregistration delay the target groups get for the drain (drain-seconds); undefined: left alone. */
  drainSeconds?: number
  /** The listeners answer with a maintenance page while no task serves. */
  maintenancePage?: boolean
  healthUrl?: URL
}): RolloutStep[] {
  const { strategy, current, target, desiredCount, autoScaling } = input
  if (strategy === 'unchanged') return []
  const from = current.version ? versionTag(current.version) : 'current'
  const to = versionTag(target.version)
  const known = desiredCount !== 'service default'
  const steps: RolloutStep[] = []
  if (strategy === 'migrate') {
    const snapshot = input.databaseSnapshot
    if (snapshot) {
      // Before anything changes on the service: a snapshot that fails leaves it untouched.
      steps.push({
        phase: 'snapshot',
        description: `Snapshot the RDS ${databaseLabel(snapshot)} (tagged with both versions and the run) and wait until the snapshot is available; the wait counts toward timeout-minutes`
      })
    }
    const suspend = autoScaling && !autoScaling.suspended
    if (suspend) {
      steps.push({
        phase: 'suspend-scaling',
        description: `Suspend Application Auto Scaling (min ${autoScaling.minCapacity}, max ${autoScaling.maxCapacity}) so it cannot start a second migrator`
      })
    }
    // The migrator step's deployment configuration (rollout/deployment-configuration.ts), as the plan names it.
    const drain = input.expectedDrain
      ? `; the drain takes ${describeDrain(input.expectedDrain)} and counts toward timeout-minutes`
      : ''
    const lowered =
      input.drainSeconds !== undefined
        ? `; each target group's deregistration delay is lowered to ${input.drainSeconds} s for the drain and restored once the old tasks stopped`
        : ''
    const page = input.maintenancePage
      ? '; each listener forwarding to the service answers with the maintenance page (503) from the drain until the migrator is healthy'
      : ''
    const outage = `(desired count 0, then wait until every task is STOPPED before the migrator starts${drain}${lowered}${page}): Open WebUI is down until the migrator is healthy`
    steps.push({
      phase: 'drain',
      description: !known
        ? `Stop every running ${from} task ${outage}`
        : current.desiredCount > 0
          ? `Stop the ${current.desiredCount} running ${from} ${current.desiredCount === 1 ? 'task' : 'tasks'} ${outage}`
          : 'No task runs now: nothing to stop'
    })
    steps.push({
      phase: 'migrator',
      description: `Start 1 migrator task of ${to} (ENABLE_DB_MIGRATIONS=true) and wait for HEALTHY and a clean migration log`
    })
    steps.push({
      phase: 'fleet',
      description: known
        ? `Start the fleet: ${tasks(desiredCount)} of ${to} (ENABLE_DB_MIGRATIONS=false), replacing the migrator`
        : `Start the fleet at the service's desired count, all ${to} (ENABLE_DB_MIGRATIONS=false), replacing the migrator`
    })
    if (suspend) steps.push({ phase: 'restore-scaling', description: 'Restore Application Auto Scaling' })
  } else {
    steps.push({
      phase: 'rolling',
      description: !known
        ? `Rolling update ${from} -> ${to} at the service's desired count (ENABLE_DB_MIGRATIONS=false); old tasks serve until the new ones are healthy`
        : current.version === target.version
          ? `Rolling update of ${to}: ${tasks(desiredCount)} with the new task definition (ENABLE_DB_MIGRATIONS=false); old tasks serve until the new ones are healthy`
          : `Rolling update ${from} -> ${to}: ${tasks(desiredCount)} (ENABLE_DB_MIGRATIONS=false); the ${from} tasks serve until the new ones are healthy`
    })
  }
  if (input.healthUrl) {
    const base = input.healthUrl.toString().replace(/\/$/, '')
    steps.push({
      phase: 'health-check',
      description: `Check that ${base}/health answers and ${base}/api/version reports ${target.version}`
    })
  }
  return steps
}
