import type { MeasuredOutage } from '../domain/measured-outage.js'
import { describeOutageTotal, formatSeconds, OUTAGE_PART_LABELS } from '../domain/expected-outage.js'
import { PHASE_TITLES, type PhaseRecord } from '../domain/rollout-phases.js'
import type { MigratorVerdict } from '../domain/migrator-evidence.js'
import { revisionOf } from '../domain/task-arns.js'
import type { Task } from '../ports/ecs.js'
import { versionTag } from '../release/version-tag.js'
import { deploymentConsoleUrl, serviceConsoleUrl } from './console-links.js'
import { databaseSnapshotSection } from './database-snapshot-summary.js'
import { formatDuration, formatUtc } from './dates.js'
import type { DeploySummaryEnd, DeploySummaryRun } from './deploy-summary-input.js'
import { tail } from './log-tail.js'
import { groupStoppedTasks } from './stopped-reasons.js'
import { taskTable } from './task-table.js'
import { escapeInline, escapeTableCell, fencedBlock, tableCellCode } from './untrusted-text.js'

const EVENTS_SHOWN = 15
const LOG_LINES_SHOWN = 30
const LOG_LINE_CHARS = 400
/** ECS lists every task it started in one event: 500 task ids are not worth the space. */
const EVENT_CHARS = 300

/**
 * The job summary of a deploy: the health report. Everything read from AWS (events, stopped reasons, log lines,
 * names) is untrusted text and goes through the escaping helpers; big fleets are shown as counts.
 */
export function deploySummary(run: DeploySummaryRun, end: DeploySummaryEnd): string {
  const sections = [
    headline(run, end),
    failureSection(run, end),
    overview(run, end),
    phasesTable(run.phases, run),
    outageSection(run.plan, run.outage),
    healthSection(run),
    tasksSection(run.lastTasks),
    stoppedSection(run),
    migratorLogSection(run, end),
    migratorEvidenceSection(run),
    run.databaseSnapshot
      ? databaseSnapshotSection({
          snapshot: run.databaseSnapshot,
          // A failed health probe after a completed rollout is no reason to go back to the old data.
          restoreNeeded:
            end.result === 'failed' && run.migrationsMayHaveRun && end.failure?.kind !== 'health-check',
          targetVersion: run.plan.target.version,
          ...(run.previous.version ? { previousVersion: run.previous.version } : {})
        })
      : '',
    eventsSection(run),
    warningsSection(run.warnings),
    linksSection(run)
  ]
  return sections.filter(section => section !== '').join('\n\n') + '\n'
}

function target(run: DeploySummaryRun): string {
  return escapeInline(versionTag(run.plan.target.version))
}

function where(run: DeploySummaryRun): string {
  return `${escapeInline(run.cluster)}/${escapeInline(run.service)}`
}

function headline(run: DeploySummaryRun, end: DeploySummaryEnd): string {
  if (end.result === 'deployed') {
    const serving = end.serving ? ` on ${end.serving.healthy}/${end.serving.desired} healthy tasks` : ''
    return `### ✅ Open WebUI ${target(run)} deployed to ${where(run)}${serving}`
  }
  if (end.result === 'rolled-back') {
    const previous = run.previous.version
      ? escapeInline(versionTag(run.previous.version))
      : escapeInline(revisionOf(run.previous.taskDefinitionArn))
    return `### ↩️ Deploy of Open WebUI ${target(run)} rolled back: ${where(run)} runs ${previous} again`
  }
  const phase = end.failure ? PHASE_TITLES[end.failure.phase].toLowerCase() : 'rollout'
  const verb = end.failure?.kind === 'cancelled' ? 'cancelled during' : 'failed in'
  return `### ❌ Deploy of Open WebUI ${target(run)} to ${where(run)} ${verb} the ${escapeInline(phase)} phase`
}

function failureSection(run: DeploySummaryRun, end: DeploySummaryEnd): string {
  if (!end.failure && run.stateNotes.length === 0) return ''
  const lines: string[] = []
  if (end.failure) lines.push(`**Why:** ${escapeInline(end.failure.message)}`)
  if (end.result === 'rolled-back') {
    lines.push('The deploy did not happen: the step fails so the workflow does not carry on as if it had.')
  }
  if (run.stateNotes.length > 0) {
    // The notes are the rollout's own sentences; what they quote (revisions, versions, task ids) is name-safe.
    lines.push('**State of the service now:**', ...run.stateNotes.map(note => `- ${note}`))
  }
  return lines.join('\n\n').replace(/\n\n- /g, '\n- ')
}

function overview(run: DeploySummaryRun, end: DeploySummaryEnd): string {
  const plan = run.plan
  const before = run.previous.version ? escapeTableCell(versionTag(run.previous.version)) : 'unknown'
  // The full digest is in the Image row; here its first 12 hex digits, as `docker images` shows them.
  const digest = plan.target.digest ? ` (${tableCellCode(plan.target.digest.slice(0, 19))})` : ''
  const migrations = plan.migrations
  const revisions = migrations.newRevisions.length
    ? `: ${migrations.newRevisions
        .slice(0, 10)
        .map(name => tableCellCode(name))
        .join(
          ', '
        )}${migrations.newRevisions.length > 10 ? `, and ${migrations.newRevisions.length - 10} more` : ''}`
    : ''
  const definitions = [
    run.previous.taskDefinitionArn
      ? `${tableCellCode(revisionOf(run.previous.taskDefinitionArn))} (before)`
      : undefined,
    run.migratorTaskDefinitionArn
      ? `${tableCellCode(revisionOf(run.migratorTaskDefinitionArn))} (migrator)`
      : undefined,
    run.fleetTaskDefinitionArn
      ? `${tableCellCode(revisionOf(run.fleetTaskDefinitionArn))} (fleet, migrations off)`
      : undefined
  ].filter(Boolean)
  const rows: [string, string][] = [
    ['Version', `${before} → ${target(run)}${digest}`],
    ['Image', imageCell(plan.target.image)],
    [
      'Migrations',
      run.resumed ? escapeTableCell(run.resumed.from) : `${escapeTableCell(migrations.status)}${revisions}`
    ],
    ['Task definitions', definitions.join(' → ') || '—'],
    ['Desired count', desiredCounts(run)],
    ...(end.serving
      ? ([['Healthy tasks', `${end.serving.healthy}/${end.serving.desired}`]] as [string, string][])
      : []),
    ['Duration', formatDuration((run.phases.at(-1)?.endedAt ?? run.now()) - run.startedAt)]
  ]
  return ['| Field | Value |', '|---|---|', ...rows.map(([name, value]) => `| ${name} | ${value} |`)].join(
    '\n'
  )
}

/** `repository:tag` and `@sha256:…` on two lines: a pinned reference is too long for one line of a table. */
function imageCell(image: string): string {
  const at = image.indexOf('@')
  return at < 0
    ? tableCellCode(image)
    : `${tableCellCode(image.slice(0, at))}<br>${tableCellCode(image.slice(at))}`
}

const STATUS_MARKS: Record<PhaseRecord['status'], string> = {
  running: '… running',
  ok: '✅ OK',
  failed: '❌ failed',
  skipped: '➖ skipped',
  cancelled: '⏹ cancelled',
  warning: '⚠️ warning'
}

function phasesTable(phases: readonly PhaseRecord[], run: DeploySummaryRun): string {
  if (phases.length === 0) return ''
  const rows = phases.map(phase => {
    const duration =
      phase.status === 'skipped' ? '' : formatDuration((phase.endedAt ?? run.now()) - phase.startedAt)
    const deployment = phase.deploymentId
      ? ` ([${escapeTableCell(phase.deploymentId)}](${deploymentConsoleUrl(run.plan.region, run.cluster, run.service, phase.serviceDeploymentArn)}))`
      : ''
    return `| ${PHASE_TITLES[phase.name]} | ${STATUS_MARKS[phase.status]} | ${duration} | ${escapeTableCell(phase.detail)}${deployment} |`
  })
  return ['#### Phases', '', '| Phase | Result | Duration | Detail |', '|---|---|---|---|', ...rows].join(
    '\n'
  )
}

/** The outage the load balancer saw, part by part, next to the plan's prediction. */
function outageSection(plan: DeploySummaryRun['plan'], measured: MeasuredOutage | undefined): string {
  if (!measured) return ''
  const predicted = plan.expectedOutage
  const expected = (part: string): string => {
    if (part === 'migration') return 'not predictable'
    const found = predicted?.parts.find(candidate => candidate.part === part)
    return found ? formatSeconds(found.seconds) : '–'
  }
  const rows = measured.parts.map(
    part => `| ${OUTAGE_PART_LABELS[part.part]} | ${formatSeconds(part.seconds)} | ${expected(part.part)} |`
  )
  return [
    '### Outage',
    '',
    `Open WebUI was down for **${formatSeconds(measured.seconds)}** (from the old tasks' drain to the first new ${measured.source === 'load balancer' ? 'target passing its health check' : 'task healthy'}, from the ${measured.source}).`,
    '',
    '| Part | Measured | Predicted |',
    '|---|---|---|',
    ...rows,
    `| **Total** | **${formatSeconds(measured.seconds)}** | ${predicted ? escapeTableCell(describeOutageTotal(predicted)) : '–'} |`
  ].join('\n')
}

function healthSection(run: DeploySummaryRun): string {
  const health = run.health
  if (!health) return ''
  const row = (
    name: string,
    probe: { url: string; status?: number; latencyMs?: number; error?: string },
    extra = ''
  ) =>
    `| ${name} | ${escapeTableCell(probe.url)} | ${probe.status ?? '—'} | ${probe.latencyMs ?? '—'} ms | ${escapeTableCell(probe.error ?? `OK${extra}`)} |`
  return [
    `#### Health check: ${health.ok ? '✅ OK' : '❌ failed'} (${health.attempts} attempt${health.attempts === 1 ? '' : 's'})`,
    '',
    '| Endpoint | URL | Status | Latency | Result |',
    '|---|---|---|---|---|',
    row('/health', health.health),
    row('/api/version', health.version, health.version.reported ? `: ${health.version.reported}` : '')
  ].join('\n')
}

function tasksSection(tasks: Task[] | undefined): string {
  if (!tasks) return ''
  if (tasks.length === 0) return '#### Tasks\n\nNo task is running.'
  const table = taskTable(tasks)
  if (table.kind === 'rows') {
    return [
      `#### Tasks (${tasks.length})`,
      '',
      '| Task | Revision | Status | Health | AZ | Started |',
      '|---|---|---|---|---|---|',
      ...table.rows.map(
        row =>
          `| ${tableCellCode(row.taskId)} | ${escapeTableCell(row.revision)} | ${escapeTableCell(row.status)} | ${escapeTableCell(row.health)} | ${escapeTableCell(row.availabilityZone)} | ${row.startedAt || '—'} |`
      )
    ].join('\n')
  }
  return [
    `#### Tasks (${tasks.length}, counted by revision, status, health and zone)`,
    '',
    '| Revision | Status | Health | AZ | Tasks |',
    '|---|---|---|---|---|',
    ...table.groups.map(
      group =>
        `| ${escapeTableCell(group.revision)} | ${escapeTableCell(group.status)} | ${escapeTableCell(group.health)} | ${escapeTableCell(group.availabilityZone)} | ${group.count} |`
    )
  ].join('\n')
}

function stoppedSection(run: DeploySummaryRun): string {
  const stopped = run.stoppedTasks
  if (!stopped || stopped.length === 0) return ''
  const summary = groupStoppedTasks(stopped)
  const rows = summary.groups.map(
    group =>
      `| ${group.count} | ${escapeTableCell(group.revision)} | ${escapeTableCell(group.stopCode || '—')} | ${escapeTableCell(group.stoppedReason || '—')} | ${escapeTableCell(group.containers || '—')} | ${group.exampleTaskIds.map(id => tableCellCode(id)).join(' ')} |`
  )
  const omitted =
    summary.omittedGroups > 0 ? `\n\n${summary.omittedGroups} more kinds of stop are not shown.` : ''
  return (
    [
      `#### Stopped tasks of the failed deployment (${summary.total})`,
      '',
      '| Tasks | Revision | Stop code | Stopped reason | Containers | Examples |',
      '|---|---|---|---|---|---|',
      ...rows
    ].join('\n') + omitted
  )
}

function migratorLogSection(run: DeploySummaryRun, end: DeploySummaryEnd): string {
  const log = run.migrationLog
  if (!log || log.lines.length === 0) return ''
  if (!log.errorLine && end.failure?.phase !== 'migrator') {
    return `Migration log (${escapeInline(log.group)} / ${escapeInline(log.stream)}): ${log.upgrades} upgrade step${log.upgrades === 1 ? '' : 's'}, no \`Error running migrations\`.`
  }
  const lines = tail(log.lines, LOG_LINES_SHOWN).map(line => shorten(line.message, LOG_LINE_CHARS))
  return [
    `#### Migrator log: last ${lines.length} of ${log.lines.length} lines`,
    '',
    `${escapeInline(log.group)} / ${escapeInline(log.stream)}${log.errorLine ? ' — contains `Error running migrations`' : ''}`,
    '',
    fencedBlock(lines.join('\n'), 'text')
  ].join('\n')
}

const VERDICT_TITLES: Record<MigratorVerdict, string> = {
  'schema-untouched': 'schema untouched',
  'migrations-may-have-run': 'migrations ran or may have run',
  unknown: 'unknown, so treated as "may have run"'
}

/** What the failed migrator did to the database and what that rests on; the quoted log lines are untrusted. */
function migratorEvidenceSection(run: DeploySummaryRun): string {
  const evidence = run.migratorEvidence
  if (!evidence) return ''
  return [
    `#### What the migrator did to the database: ${VERDICT_TITLES[evidence.verdict]}`,
    '',
    escapeInline(capitalized(evidence.reason)) + '.',
    ...(evidence.tasks.length > 0
      ? [
          '',
          '| Task | Verdict | Rests on | Log lines |',
          '|---|---|---|---|',
          ...evidence.tasks.map(
            task =>
              `| ${tableCellCode(task.taskId)} | ${VERDICT_TITLES[task.verdict]} | ${escapeTableCell(task.reason)} | ${task.quotes.length > 0 ? escapeTableCell(task.quotes.join(' ⏎ ')) : '—'} |`
          )
        ]
      : [])
  ].join('\n')
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

function eventsSection(run: DeploySummaryRun): string {
  const events = (run.lastService?.events ?? []).slice(0, EVENTS_SHOWN)
  if (events.length === 0) return ''
  return [
    '#### Recent service events',
    '',
    '| Time (UTC) | Event |',
    '|---|---|',
    ...events.map(
      event =>
        `| ${formatUtc(event.createdAt, 'date-time') ?? '—'} | ${escapeTableCell(shorten(event.message ?? '', EVENT_CHARS))} |`
    )
  ].join('\n')
}

function warningsSection(warnings: readonly string[]): string {
  if (warnings.length === 0) return ''
  return ['#### Warnings', '', ...warnings.map(warning => `- ${escapeInline(warning)}`)].join('\n')
}

function linksSection(run: DeploySummaryRun): string {
  const region = run.plan.region
  return `[Service in the ECS console](${serviceConsoleUrl(region, run.cluster, run.service)}) · [Deployments](${deploymentConsoleUrl(region, run.cluster, run.service)})`
}

function desiredCounts(run: DeploySummaryRun): string {
  const now = run.lastService?.desiredCount
  const planned = `${run.previous.desiredCount} → ${run.desiredCount}`
  return now !== undefined && now !== run.desiredCount ? `${planned} planned, ${now} now` : planned
}

function shorten(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length)}…` : text
}
