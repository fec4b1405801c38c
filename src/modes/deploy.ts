import { InputError, PhaseError } from '../errors.js'
import { buildPlan } from '../plan/build-plan.js'
import type { Finding, Plan } from '../plan/plan.js'
import { renderPlanMarkdown } from '../plan/plan-markdown.js'
import type { Annotation, Outcome, OutputName } from '../report/outcome.js'
import { escapeInline, fencedBlock } from '../report/untrusted-text.js'
import { executeRollout } from '../rollout/execute-rollout.js'
import { settleUnchangedService } from '../rollout/settle-unchanged.js'
import type { Settings } from '../settings/settings.js'
import type { ModeContext } from './mode-context.js'
import { quoteUntrusted } from '../report/untrusted-log.js'

/**
 * deploy: build the plan (reads only), then either report it (dry-run), refuse it (blocking findings), leave
 * an up-to-date service alone (unchanged), or carry it out (the rollout).
 */
export async function runDeployMode(context: ModeContext): Promise<Outcome> {
  refusePullRequestEvents(context.settings)
  let plan: Plan
  try {
    plan = await buildPlan(context)
  } catch (error) {
    if (error instanceof PhaseError) return phaseFailure(error)
    throw error
  }
  await printVerification(plan, context)
  const markdown = renderPlanMarkdown(plan, {
    title: context.settings.dryRun ? 'Open WebUI deploy plan (dry run)' : undefined
  })
  const outputs = planOutputs(plan, markdown)
  const annotations = plan.findings.map(findingAnnotation)

  if (context.settings.dryRun) return { result: 'planned', outputs, summary: markdown, annotations }
  if (plan.blocked) return blockedOutcome(plan, markdown, outputs, annotations)
  if (plan.strategy === 'unchanged') {
    const arn = plan.current.taskDefinitionArn
    const settled = await settleUnchangedService(plan, context)
    if (!settled.settled) {
      return {
        result: 'failed',
        outputs,
        summary: `### Deploy failed (${escapeInline(settled.phase)})\n\n${escapeInline(settled.message)}\n\n${markdown}`,
        annotations: [
          ...annotations,
          { level: 'error', title: `Deploy failed in ${settled.phase}`, message: settled.message }
        ],
        failure: settled.message
      }
    }
    return {
      result: 'unchanged',
      outputs: { ...outputs, ...(arn ? { 'task-definition-arn': arn } : {}) },
      summary: `### Unchanged\n\nThe service already runs this task definition; nothing was registered or updated.${settled.note ? ` ${escapeInline(settled.note)}` : ''}\n\n${markdown}`,
      annotations
    }
  }
  const outcome = await executeRollout(plan, context)
  const titles = new Set(outcome.annotations.map(annotation => annotation.title))
  return {
    ...outcome,
    outputs: { ...outputs, ...outcome.outputs },
    annotations: [...annotations.filter(annotation => !titles.has(annotation.title)), ...outcome.annotations]
  }
}

/**
 * Pull-request events run code (and workflow files) from the pull request's branch; a deploy from there
 * would ship what nobody merged. Plan mode is the pull-request side.
 */
function refusePullRequestEvents(settings: Settings): void {
  const event = settings.github.eventName
  if (event === 'pull_request' || event === 'pull_request_target' || event.startsWith('pull_request_')) {
    throw new InputError(
      'mode',
      `deploy does not run on ${event} events: a pull request must not deploy what is not merged. Use mode: plan on pull requests and deploy on push or workflow_dispatch`
    )
  }
}

function planOutputs(plan: Plan, markdown: string): Partial<Record<OutputName, string>> {
  return {
    version: `v${plan.target.version}`,
    ...(plan.current.version ? { 'previous-version': `v${plan.current.version}` } : {}),
    image: plan.target.image,
    migrations: plan.migrations.status,
    plan: markdown,
    ...(plan.current.taskDefinitionArn
      ? { 'previous-task-definition-arn': plan.current.taskDefinitionArn }
      : {})
  }
}

function findingAnnotation(finding: Finding): Annotation {
  return { level: finding.level, title: finding.title, message: `${finding.message} Fix: ${finding.fix}` }
}

function blockedOutcome(
  plan: Plan,
  markdown: string,
  outputs: Partial<Record<OutputName, string>>,
  annotations: Annotation[]
): Outcome {
  const errors = plan.findings.filter(finding => finding.level === 'error')
  const failed = plan.checks.filter(check => check.status === 'NG')
  const reasons = [
    ...new Set([
      ...errors.map(finding => finding.title),
      ...failed.map(check => `${check.name}: ${check.detail}`)
    ])
  ]
  return {
    result: 'failed',
    outputs,
    summary: `### Deploy refused\n\nNothing was changed. Fix these first (details and fixes below):\n\n${reasons.map(reason => `- ${escapeInline(reason)}`).join('\n')}\n\n${markdown}`,
    annotations,
    failure: `Deploy refused before any change: ${reasons.join('; ')}. The job summary lists each with its fix.`
  }
}

function phaseFailure(error: PhaseError): Outcome {
  const details = error.details.length > 0 ? `\n\n${fencedBlock(error.details.join('\n'))}` : ''
  return {
    result: 'failed',
    outputs: {},
    summary: `### Deploy failed (${escapeInline(error.phase)})\n\n${escapeInline(error.message)}${details}\n\nNothing was changed.`,
    annotations: [{ level: 'error', title: `Deploy failed in ${error.phase}`, message: error.message }],
    failure: `Deploy failed in ${error.phase}: ${error.message}`
  }
}

async function printVerification(plan: Plan, { log }: ModeContext): Promise<void> {
  await log.group('Pre-flight verification', async () => {
    for (const check of plan.checks)
      log.info(quoteUntrusted(`${check.status.padEnd(4)} ${check.name}: `, check.detail, '     | '))
    for (const finding of plan.findings)
      log.info(quoteUntrusted(`${finding.level.toUpperCase()} ${finding.code}: `, finding.title, '     | '))
    log.info(`Strategy: ${plan.strategy}; plan hash ${plan.hash}`)
  })
}
