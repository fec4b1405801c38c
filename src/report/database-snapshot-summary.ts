import { databaseNoun, rdsIdentifier, type TakenSnapshot } from '../domain/database-snapshot.js'
import { versionTag } from '../release/version-tag.js'
import { formatDuration } from './dates.js'
import { fencedBlock, inlineCode } from './untrusted-text.js'

/** What the deploy summary says about the snapshot, and how to restore from it after a hold. */
export interface SnapshotReport {
  snapshot: TakenSnapshot
  /** The rollout failed after a migrator may have migrated: the old version needs the snapshot's data. */
  restoreNeeded: boolean
  previousVersion?: string
  targetVersion: string
}

/**
 * The snapshot the rollout took, and after a failure past the migrations the way back: restore it to a new
 * database, point DATABASE_URL at that, deploy the previous version. The action never restores by itself: a
 * restore loses what was written since, and only the operator can weigh that.
 */
export function databaseSnapshotSection(report: SnapshotReport): string {
  const { snapshot } = report
  const of = `of the RDS ${databaseNoun(snapshot.kind)} ${inlineCode(snapshot.database)}`
  const state =
    snapshot.status === 'available'
      ? `available${snapshot.tookMs !== undefined ? ` after ${formatDuration(snapshot.tookMs)}` : ''}, taken before the service was changed`
      : `${inlineCode(snapshot.status)} when the rollout stopped waiting; RDS finishes it`
  const lines = [`#### Database snapshot`, '', `${inlineCode(snapshot.identifier)} ${of}: ${state}.`]
  if (!report.restoreNeeded) return lines.join('\n')
  const previous = report.previousVersion ? versionTag(report.previousVersion) : 'the previous version'
  const restored = restoredIdentifier(snapshot.database, report.targetVersion)
  lines.push(
    '',
    `**To return to ${previous} with the data as it was before the migrations** (anything written since the snapshot is lost; the old version must not run on the migrated schema):`,
    '',
    `1. Restore the snapshot to a new ${databaseNoun(snapshot.kind)} in the same subnet group and security groups as ${inlineCode(snapshot.database)}:`,
    '',
    indent(fencedBlock(restoreCommands(snapshot, restored).join('\n'), 'bash')),
    `2. Point the \`DATABASE_URL\` secret at ${inlineCode(restored)}.`,
    `3. Deploy ${previous} (\`version: ${previous}\`).`
  )
  return lines.join('\n')
}

function restoreCommands(snapshot: TakenSnapshot, restored: string): string[] {
  const options = '--db-subnet-group-name <subnet-group> --vpc-security-group-ids <security-group-ids>'
  if (snapshot.kind === 'instance') {
    return [
      `aws rds restore-db-instance-from-db-snapshot --db-instance-identifier ${restored} \\`,
      `  --db-snapshot-identifier ${snapshot.identifier} ${options}`
    ]
  }
  // A cluster restored from a snapshot has no DB instance: it needs one before it can serve.
  const engine = /^[a-z0-9-]+$/.test(snapshot.engine ?? '') ? snapshot.engine! : '<engine>'
  return [
    `aws rds restore-db-cluster-from-snapshot --db-cluster-identifier ${restored} \\`,
    `  --snapshot-identifier ${snapshot.identifier} --engine ${engine} ${options}`,
    `aws rds create-db-instance --db-cluster-identifier ${restored} --db-instance-identifier ${rdsIdentifier(`${restored.slice(0, 61)}-1`)} \\`,
    `  --engine ${engine} --db-instance-class <instance-class>`
  ]
}

/** `open-webui-db-before-v0-6-6`: a new identifier, within RDS's 63 characters, that says what it holds. */
function restoredIdentifier(database: string, targetVersion: string): string {
  return rdsIdentifier(`${database}-before-${versionTag(targetVersion)}`)
}

/** A fenced block inside a numbered list item. */
function indent(block: string): string {
  return block
    .split('\n')
    .map(line => `   ${line}`)
    .join('\n')
}
