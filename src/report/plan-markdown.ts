import { resourceName } from '../domain/arn.js'
import { parseImageReference } from '../release/image-reference.js'
import { escapeInline, escapeTableCell, fencedBlock, inlineCode, tableCellCode } from './untrusted-text.js'
import { containersOf } from '../taskdef/container-definition.js'
import { truncateDiff } from '../taskdef/diff-truncation.js'
import { valueFromParts } from '../taskdef/secret-value-from.js'
import type { Check, Finding } from '../domain/finding.js'
import type { Plan } from '../domain/plan.js'
import { formatUtc } from './dates.js'
import { versionTag } from '../release/version-tag.js'

export interface PlanMarkdownOptions {
  /** Heading text; default "Open WebUI deploy plan". */
  title?: string
  /** Upper bound in characters (a PR comment holds 65,536): the diff is cut first, with a pointer to the job summary. */
  maxLength?: number
}

const STATUS: Record<Check['status'], string> = { OK: '✅ OK', NG: '❌ NG', SKIP: '⏭️ SKIP', WARN: '⚠️ WARN' }
const LEVEL: Record<Finding['level'], string> = {
  error: '❌ Error',
  warning: '⚠️ Warning',
  notice: 'ℹ️ Notice'
}

/**
 * The plan as markdown for the job summary, the `plan` output and the PR comment. Every string that comes
 * from outside (task definitions, images, ARNs, release data, service names) is escaped; secrets appear by
 * name and ARN only, because the plan never holds a value.
 */
export function renderPlanMarkdown(plan: Plan, options: PlanMarkdownOptions = {}): string {
  const full = compose(plan, options, plan.taskDefinitionDiff)
  if (options.maxLength === undefined || full.length <= options.maxLength) return full
  const withoutDiff = compose(plan, options, '')
  const room = options.maxLength - withoutDiff.length - 400
  const cut = compose(plan, options, truncateDiff(plan.taskDefinitionDiff, room))
  if (cut.length <= options.maxLength) return cut
  const ending = '\n\n_This plan was cut to fit; the job summary of this run has all of it._\n'
  return cut.slice(0, Math.max(0, options.maxLength - ending.length)) + ending
}

function compose(plan: Plan, options: PlanMarkdownOptions, diff: string): string {
  return (
    [
      `## ${escapeInline(options.title ?? 'Open WebUI deploy plan')}: ${escapeInline(plan.service)} on ${escapeInline(plan.cluster)}`,
      headline(plan),
      ...blockedNote(plan),
      versionSection(plan),
      stepsSection(plan),
      checksSection(plan),
      ...findingsSection(plan),
      ...secretsSection(plan),
      diffSection(plan, diff),
      footer(plan)
    ].join('\n\n') + '\n'
  )
}

function version(value: string | undefined): string {
  return value ? escapeInline(versionTag(value)) : 'unknown'
}

function headline(plan: Plan): string {
  const change = `**${version(plan.current.version)} → ${version(plan.target.version)}**`
  const count = `${plan.desiredCount} task${plan.desiredCount === 1 ? '' : 's'}`
  const revisions = plan.migrations.newRevisions
  const named = revisions.length > 0 ? `: ${revisions.map(name => inlineCode(name)).join(', ')}` : ''
  const migrations = {
    true: `**yes** (${revisions.length} new revision${revisions.length === 1 ? '' : 's'}${named})`,
    false: '**no**',
    unknown: '**unknown** (treated as yes)'
  }[plan.migrations.status]
  const meaning = {
    unchanged: 'Nothing to deploy: the rendered task definition is the one that runs.',
    migrate:
      'The upgrade changes the database schema, and old and new versions must not share it: the running tasks stop first, then exactly **one** migrator task (`ENABLE_DB_MIGRATIONS=true`) migrates the database, then the fleet starts with migrations off. **Expect a short outage.**',
    rolling:
      'No schema change: a rolling update, the running tasks serve until the new ones are healthy. No outage.'
  }[plan.strategy]
  return [
    `${change} · database migrations: ${migrations} · ${count}`,
    `${meaning} ${escapeInline(capitalize(plan.migrations.reason))}.`
  ].join('\n\n')
}

function blockedNote(plan: Plan): string[] {
  if (!plan.blocked) return []
  const errors = plan.findings.filter(finding => finding.level === 'error').length
  return [
    `> [!CAUTION]\n> Deploy will refuse this plan: ${errors} error${errors === 1 ? '' : 's'} below must be fixed first.`
  ]
}

function releaseDate(publishedAt: string | undefined): string {
  return formatUtc(publishedAt, 'date') ?? '–'
}

const SOURCE: Record<NonNullable<Plan['versionSource']>, string> = {
  version: 'the version input',
  'version-file': 'the version file',
  'task-definition': "the version pinned in the task definition's image",
  latest: 'the newest stable release'
}

function versionSection(plan: Plan): string {
  const { current, target } = plan
  const currentTag = current.image ? tagOf(current.image) : undefined
  const rows = [
    ['Version', version(current.version), version(target.version)],
    ['Tag', currentTag ? escapeTableCell(currentTag) : '–', escapeTableCell(target.tag)],
    ['Digest', digestOf(current.image) ?? '–', target.digest ? escapeTableCell(target.digest) : 'not pinned'],
    ['Released', releaseDate(current.release?.publishedAt), releaseDate(target.release?.publishedAt)],
    ['Image', current.image ? escapeTableCell(current.image) : '–', escapeTableCell(target.image)],
    [
      'Task definition',
      current.taskDefinitionArn ? tableCellCode(resourceName(current.taskDefinitionArn)) : '–',
      plan.strategy === 'unchanged' ? 'unchanged' : 'new revision'
    ]
  ]
  const lines = [
    '### Version',
    '',
    '| | Running | Target |',
    '|---|---|---|',
    ...rows.map(row => `| ${row.join(' | ')} |`)
  ]
  const notes: string[] = []
  if (plan.versionSource) notes.push(`Target from ${SOURCE[plan.versionSource]}.`)
  if (plan.releaseRange.length > 0) {
    notes.push(
      `Releases in this upgrade: ${plan.releaseRange.map(release => releaseLink(release.tagName, release.htmlUrl)).join(', ')}.`
    )
  }
  return notes.length > 0 ? `${lines.join('\n')}\n\n${notes.join(' ')}` : lines.join('\n')
}

function releaseLink(tag: string, url: string): string {
  const text = escapeInline(tag)
  return /^https:\/\/[A-Za-z0-9._~/?=&%+-]+$/.test(url) ? `[${text}](${url})` : text
}

function tagOf(image: string): string | undefined {
  return parseImageReference(image)?.tag
}

function digestOf(image: string | undefined): string | undefined {
  const digest = image ? parseImageReference(image)?.digest : undefined
  return digest ? escapeTableCell(digest) : undefined
}

function stepsSection(plan: Plan): string {
  if (plan.steps.length === 0)
    return '### Rollout\n\nNo rollout: deploy reports `unchanged` and writes nothing.'
  const rows = plan.steps.map(
    (step, index) => `| ${index + 1} | ${step.phase} | ${escapeTableCell(step.description)} |`
  )
  return ['### Rollout', '', '| # | Phase | Step |', '|---|---|---|', ...rows].join('\n')
}

function checksSection(plan: Plan): string {
  const rows = plan.checks.map(
    check => `| ${escapeTableCell(check.name)} | ${STATUS[check.status]} | ${escapeTableCell(check.detail)} |`
  )
  return ['### Pre-flight checks', '', '| Check | Result | Detail |', '|---|---|---|', ...rows].join('\n')
}

function findingsSection(plan: Plan): string[] {
  if (plan.findings.length === 0)
    return ['### Findings\n\nNo findings: the configuration follows the Open WebUI container-service guide.']
  const order: Finding['level'][] = ['error', 'warning', 'notice']
  const sorted = [...plan.findings].sort((a, b) => order.indexOf(a.level) - order.indexOf(b.level))
  const items = sorted.map(
    finding =>
      `- ${LEVEL[finding.level]} **${escapeInline(finding.title)}** (${inlineCode(finding.code)}): ${escapeInline(finding.message)}\n  Fix: ${escapeInline(finding.fix)}`
  )
  return [`### Findings\n\n${items.join('\n')}`]
}

function secretsSection(plan: Plan): string[] {
  const rows = containersOf(plan.fleetTaskDefinition).flatMap(container =>
    (container.secrets ?? []).map(secret => {
      const name = String(secret?.name ?? '')
      const variable =
        containersOf(plan.fleetTaskDefinition).length > 1 ? `${String(container.name)}/${name}` : name
      const valueFrom = String(secret?.valueFrom ?? '')
      const { jsonKey } = valueFromParts(valueFrom)
      // The key lives inside the value, which the action never reads: only ECS can tell at task start.
      const note = jsonKey
        ? `⚠️ JSON key ${tableCellCode(jsonKey)} not verifiable: the action never reads secret values`
        : ''
      return `| ${tableCellCode(variable)} | ${tableCellCode(valueFrom)} | ${note} |`
    })
  )
  if (rows.length === 0) return []
  return [
    [
      '### Secrets',
      '',
      'Referenced by ARN; the action never reads their values.',
      '',
      '| Variable | valueFrom | Note |',
      '|---|---|---|',
      ...rows
    ].join('\n')
  ]
}

function diffSection(plan: Plan, diff: string): string {
  if (diff === '') return '### Task definition\n\nNo change against the running task definition.'
  const summary = plan.current.taskDefinition
    ? 'Task definition diff (running → rendered)'
    : 'Rendered task definition'
  return `<details><summary>${summary}</summary>\n\n${fencedBlock(diff, 'diff')}\n\n</details>`
}

function footer(plan: Plan): string {
  const source = plan.taskDefinitionSource ? ` · rendered from ${inlineCode(plan.taskDefinitionSource)}` : ''
  return `<sub>Plan hash \`${plan.hash}\`${source}</sub>`
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
