import { errorMessage } from '../errors.js'
import {
  databaseLabel,
  rdsIdentifier,
  type DatabaseSnapshotTarget,
  type TakenSnapshot
} from '../domain/database-snapshot.js'
import type { SnapshotDescription } from '../ports/database-snapshots.js'
import { formatDuration, formatUtc } from '../report/dates.js'
import { workflowRunUrl } from '../report/workflow-run-url.js'
import { versionTag } from '../release/version-tag.js'
import { OWN_TAG_PREFIX } from '../taskdef/own-tags.js'
import { POLL_RAMP_MS, isRetryableError } from './poll-schedule.js'
import { RolloutFailure } from './rollout-failure.js'
import type { RolloutView } from './rollout-run.js'

/** RDS copies storage for minutes: after the usual quick first looks, one DescribeDB*Snapshots every 5 s. */
const SNAPSHOT_POLL_MS = 5000

/** What the snapshot step did, kept by the rollout whether the step succeeded or not. */
export interface SnapshotSeen {
  snapshot?: TakenSnapshot
  failure?: unknown
}

/**
 * Takes a manual snapshot of the database before the first write to the service, tagged with both versions,
 * the service and the run, and waits until RDS reports it `available` within timeout-minutes. A failure here
 * leaves the service as it was: the rollout stops before it registers or drains anything. A snapshot still
 * `creating` when the rollout gives up goes on in RDS; it is reported, never deleted.
 */
export async function runDatabaseSnapshotPhase(
  run: RolloutView,
  target: DatabaseSnapshotTarget
): Promise<SnapshotSeen> {
  let snapshot: TakenSnapshot | undefined
  const noun = databaseLabel(target)
  try {
    await run.phase('snapshot', `Snapshot of the RDS ${noun}`, async phase => {
      const identifier = snapshotIdentifier(run)
      const startedAt = run.now()
      const created = await createOrReuse(run, target, identifier, noun)
      snapshot = {
        kind: target.kind,
        identifier: created.identifier,
        database: target.identifier,
        status: created.status,
        ...(created.engine ? { engine: created.engine } : {})
      }
      run.log.info(
        `${created.reused ? 'Reusing' : 'Creating'} snapshot ${created.identifier} of the ${noun}: ${created.status}`
      )
      phase.note(`snapshot ${created.identifier} ${created.status}`)
      const available = await waitUntilAvailable(run, created, status => {
        snapshot = { ...snapshot!, status }
        phase.note(`snapshot ${created.identifier} ${status}`)
      })
      const tookMs = run.now() - startedAt
      snapshot = { ...snapshot, status: available.status, tookMs }
      const detail = `snapshot ${created.identifier} available in ${formatDuration(tookMs)}`
      run.log.info(`Snapshot ${created.identifier} is available (${formatDuration(tookMs)}).`)
      return { detail, value: undefined }
    })
  } catch (failure) {
    return { ...(snapshot ? { snapshot } : {}), failure }
  }
  return { ...(snapshot ? { snapshot } : {}) }
}

/**
 * CreateDB(Cluster)Snapshot, and when the name is taken by this service's snapshot for the same upgrade (a re-run
 * within the same second, after a cancel before anything changed) that snapshot: every side effect is
 * create-or-reuse. A snapshot of that name for anything else is not ours to reuse.
 */
async function createOrReuse(
  run: RolloutView,
  target: DatabaseSnapshotTarget,
  identifier: string,
  noun: string
): Promise<SnapshotDescription & { reused?: true }> {
  const tags = snapshotTags(run)
  const port = run.ports.databaseSnapshots
  const failed = (why: string) =>
    new RolloutFailure(
      'snapshot',
      'api-error',
      `Creating the snapshot ${identifier} of the ${noun} failed: ${why}`
    )
  let created
  try {
    created = await port.createSnapshot({
      kind: target.kind,
      snapshotIdentifier: identifier,
      databaseIdentifier: target.identifier,
      tags
    })
  } catch (error) {
    throw failed(errorMessage(error))
  }
  if (created !== 'already-exists') return created
  const existing = await port.describeSnapshot(target.kind, identifier).catch(() => undefined)
  if (existing && sameUpgrade(existing.tags, tags)) return { ...existing, reused: true }
  throw failed('a snapshot of that name exists and is not this upgrade’s')
}

/** Every tag this rollout would put on the snapshot is on it: same service, same versions (the run may differ). */
export function sameUpgrade(
  existing: readonly { key: string; value: string }[] | undefined,
  wanted: readonly { key: string; value: string }[]
): boolean {
  const has = new Map((existing ?? []).map(tag => [tag.key, tag.value]))
  return wanted.filter(tag => tag.key !== RUN_TAG).every(tag => has.get(tag.key) === tag.value)
}

async function waitUntilAvailable(
  run: RolloutView,
  created: SnapshotDescription,
  progressed: (status: string) => void
): Promise<SnapshotDescription> {
  let current = created
  let lastSaid = `${created.status}`
  for (let polls = 0; current.status !== 'available'; polls++) {
    if (FAILED_STATUSES.has(current.status)) {
      throw new RolloutFailure(
        'snapshot',
        'api-error',
        `RDS reports the snapshot ${created.identifier} as ${current.status}: it cannot be restored from. Nothing on the service was changed.`
      )
    }
    if (run.cancelled) {
      throw new RolloutFailure(
        'snapshot',
        'cancelled',
        `Cancelled while the snapshot ${created.identifier} was ${current.status}; RDS finishes it.`
      )
    }
    const left = run.deadline - run.now()
    if (left <= 0) {
      const progress = current.percentProgress !== undefined ? ` (${current.percentProgress}% done)` : ''
      throw new RolloutFailure(
        'snapshot',
        'timeout',
        `The snapshot ${created.identifier} was still ${current.status}${progress} when timeout-minutes ran out; RDS finishes it. Re-run once it is available, or raise timeout-minutes.`
      )
    }
    await run.ports.clock.sleep(Math.min(POLL_RAMP_MS[polls] ?? SNAPSHOT_POLL_MS, left), run.signal)
    try {
      const seen = await run.ports.databaseSnapshots.describeSnapshot(created.kind, created.identifier)
      if (!seen) {
        throw new RolloutFailure(
          'snapshot',
          'api-error',
          `The snapshot ${created.identifier} disappeared while it was being created (deleted by someone else?).`
        )
      }
      current = seen
    } catch (error) {
      if (error instanceof RolloutFailure || !isRetryableError(error)) throw error
      run.log.debug(`Reading the snapshot ${created.identifier}: ${errorMessage(error)}`)
      continue
    }
    const said = `${current.status}${current.percentProgress !== undefined ? ` ${current.percentProgress}%` : ''}`
    if (said !== lastSaid) {
      lastSaid = said
      progressed(current.status)
      if (current.status !== 'available') run.log.info(`  snapshot ${created.identifier}: ${said}`)
    }
  }
  return current
}

/** Snapshot states that do not turn `available`: waiting on would only run out the clock. */
const FAILED_STATUSES = new Set(['failed', 'error', 'deleting', 'deleted', 'incompatible-restore'])

/**
 * `open-webui-v0-6-5-to-v0-6-6-20261207-164833`: the versions and the UTC start of the run, within RDS's rules for a
 * snapshot identifier (letters, digits and single hyphens, a letter first, at most 63 characters for a cluster).
 */
export function snapshotIdentifier(run: Pick<RolloutView, 'plan' | 'previous' | 'startedAt'>): string {
  const from = run.previous.version ? `${versionTag(run.previous.version)}-to-` : 'to-'
  const stamp = (formatUtc(run.startedAt, 'date-time') ?? '').replace(/[-: ]/g, '')
  return rdsIdentifier(
    `open-webui-${from}${versionTag(run.plan.target.version)}-${stamp.slice(0, 8)}-${stamp.slice(8)}`
  )
}

const RUN_TAG = `${OWN_TAG_PREFIX}run`

/** Tags that say what the snapshot is for, so whoever finds it later knows what restoring it returns to. */
function snapshotTags(run: RolloutView): { key: string; value: string }[] {
  const { repository, runId, serverUrl, runAttempt } = run.settings.github
  const runUrl =
    repository && runId
      ? workflowRunUrl({ serverUrl, repository, runId, ...(runAttempt ? { runAttempt } : {}) })
      : undefined
  return [
    ...(run.previous.version
      ? [{ key: `${OWN_TAG_PREFIX}from-version`, value: versionTag(run.previous.version) }]
      : []),
    { key: `${OWN_TAG_PREFIX}to-version`, value: versionTag(run.plan.target.version) },
    { key: `${OWN_TAG_PREFIX}service`, value: `${run.cluster}/${run.service}` },
    ...(runUrl ? [{ key: RUN_TAG, value: runUrl }] : [])
  ]
}
