import { InputError, PhaseError } from '../errors.js'
import { buildPlan } from '../plan/build-plan.js'
import type { Finding } from '../domain/finding.js'
import type { Plan } from '../domain/plan.js'
import { renderPlanMarkdown } from '../report/plan-markdown.js'
import type { Annotation, Outcome, OutputName } from '../report/outcome.js'
import { phaseFailure } from '../report/failure.js'
import { planOutputs } from '../report/outputs.js'
import { escapeInline } from '../report/untrusted-text.js'
import { executeRollout } from '../rollout/execute-rollout.js'
import type { RolloutDependencies } from '../rollout/rollout-dependencies.js'
import { settleUnchangedService } from '../rollout/settle-unchanged.js'
import type { DeploySettings, Settings } from '../settings/settings.js'
import type { ModeContext } from './mode-context.js'
import { quoteUntrusted } from '../report/untrusted-log.js'

/**
 * deploy: build the plan (reads only), then either refuse it (blocking findings), report it (dry-run), leave
 * an up-to-date service alone (unchanged), or carry it out (the rollout). A dry run that deploy would refuse
 * fails the step as deploy would: teams gate a change on the dry run.
 */
export async function runDeployMode(context: ModeContext<DeploySettings>): Promise<Outcome> {
  refusePullRequestEvents(context.settings)
  let plan: Plan
  try {
    plan = await buildPlan(context)
  } catch (error) {
    if (error instanceof PhaseError)
      return phaseFailure({
        mode: 'Deploy',
        phase: error.phase,
        message: error.message,
        details: error.details
      })
    throw error
  }
  await printVerification(plan, context)
  const markdown = renderPlanMarkdown(plan, {
    title: context.settings.dryRun ? 'Open WebUI deploy plan (dry run)' : undefined
  })
  const outputs = planOutputs(plan, markdown)
  const annotations = plan.findings.map(findingAnnotation)

  if (plan.blocked) return blockedOutcome(plan, markdown, outputs, annotations, context.settings.dryRun)
  if (context.settings.dryRun) return { result: 'planned', outputs, summary: markdown, annotations }
  let rolloutPlan = plan
  if (plan.strategy === 'unchanged') {
    const settled = await unchangedOutcome(plan, context, markdown, outputs, annotations)
    if (settled !== 'rollout') return settled
    // The revision is right but its fleet was held on a failed deployment: roll it out again (no migration).
    rolloutPlan = { ...plan, strategy: 'rolling' }
  }
  const outcome = await executeRollout(rolloutPlan, rolloutDependencies(context))
  const titles = new Set(outcome.annotations.map(annotation => annotation.title))
  return {
    ...outcome,
    outputs: { ...outputs, ...outcome.outputs },
    annotations: [...annotations.filter(annotation => !titles.has(annotation.title)), ...outcome.annotations]
  }
}

/**
 * The service runs the rendered task definition: wait for its deployment, put back settings an earlier rollout
 * left behind (then it is `deployed`, with a note), or report `unchanged`.
 */
async function unchangedOutcome(
  plan: Plan,
  context: ModeContext<DeploySettings>,
  markdown: string,
  outputs: Partial<Record<OutputName, string>>,
  annotations: Annotation[]
): Promise<Outcome | 'rollout'> {
  const arn = plan.current.taskDefinitionArn
  const settled = await settleUnchangedService(plan, rolloutDependencies(context))
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
  if (settled.rollout) return 'rollout'
  const note = settled.note ? ` ${escapeInline(settled.note)}` : ''
  const withArn = { ...outputs, ...(arn ? { 'task-definition-arn': arn } : {}) }
  if (settled.healed) {
    return {
      result: 'deployed',
      outputs: withArn,
      summary: `### Deployed: settings restored\n\nThe service already runs this task definition. ${escapeInline(settled.healed)}${note}\n\n${markdown}`,
      annotations: [...annotations, { level: 'notice', title: 'Settings restored', message: settled.healed }]
    }
  }
  return {
    result: 'unchanged',
    outputs: withArn,
    summary: `### Unchanged\n\nThe service already runs this task definition; nothing was registered or updated.${note}\n\n${markdown}`,
    annotations
  }
}

/** The rollout gets what it uses, not the mode's context; the ports object itself, so its clients stay lazy. */
function rolloutDependencies({
  settings,
  ports,
  log,
  signal
}: ModeContext<DeploySettings>): RolloutDependencies {
  return { settings, ports, log, signal }
}

/**
 * Pull-request events run code (and workflow files) from the pull request's branch, and `merge_group` runs the
 * merge queue's temporary branch before it is merged; a deploy from either would ship what nobody merged.
 * Plan mode is the pull-request side.
 */
function refusePullRequestEvents(settings: Settings): void {
  const event = settings.github.eventName
  if (event === 'pull_request' || event === 'pull_request_target' || event.startsWith('pull_request_')) {
    throw new InputError(
      'mode',
      `deploy does not run on ${event} events: a pull request must not deploy what is not merged. Use mode: plan on pull requests and deploy on push or workflow_dispatch`
    )
  }
  if (event === 'merge_group') {
    throw new InputError(
      'mode',
      'deploy does not run on merge_group events: the merge queue tests a branch that is not merged yet. Use mode: plan there and deploy on push to the default branch or workflow_dispatch'
    )
  }
}

function findingAnnotation(finding: Finding): Annotation {
  return { level: finding.level, title: finding.title, message: `${finding.message} Fix: ${finding.fix}` }
}

function blockedOutcome(
  plan: Plan,
  markdown: string,
  outputs: Partial<Record<OutputName, string>>,
  annotations: Annotation[],
  dryRun: boolean
): Outcome {
  const errors = plan.findings.filter(finding => finding.level === 'error')
  const failed = plan.checks.filter(check => check.status === 'NG')
  const reasons = [
    ...new Set([
      ...errors.map(finding => finding.title),
      ...failed.map(check => `${check.name}: ${check.detail}`)
    ])
  ]
  const [heading, refusal] = dryRun
    ? ['Dry run: deploy would refuse this plan', 'Dry run: deploy would refuse this plan']
    : ['Deploy refused', 'Deploy refused before any change']
  return {
    result: 'failed',
    outputs,
    summary: `### ${heading}\n\nNothing was changed. Fix these first (details and fixes below):\n\n${reasons.map(reason => `- ${escapeInline(reason)}`).join('\n')}\n\n${markdown}`,
    annotations,
    failure: `${refusal}: ${reasons.join('; ')}. The job summary lists each with its fix.`
  }
}

async function printVerification(plan: Plan, { log }: ModeContext<DeploySettings>): Promise<void> {
  await log.group('Pre-flight verification', async () => {
    for (const check of plan.checks)
      log.info(quoteUntrusted(`${check.status.padEnd(4)} ${check.name}: `, check.detail, '     | '))
    for (const finding of plan.findings)
      log.info(quoteUntrusted(`${finding.level.toUpperCase()} ${finding.code}: `, finding.title, '     | '))
    log.info(`Strategy: ${plan.strategy}; plan hash ${plan.hash}`)
  })
}
