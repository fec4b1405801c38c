import { missingAwsNotice, buildOfflinePlan } from './plan/offline-plan.js'
import { isMissingAwsCredentials } from './plan/missing-aws-credentials.js'
import { noticeBlocks, planCommentBody } from './plan/plan-comment-body.js'
import { pullRequestEvent, type PullRequestEvent } from './plan/pull-request-event.js'
import { releaseNotesSection } from './plan/release-notes-section.js'
import { upsertPlanComment } from './plan/upsert-plan-comment.js'
import { InputError, PhaseError, errorMessage } from '../errors.js'
import { buildPlan } from '../plan/build-plan.js'
import type { Finding } from '../domain/finding.js'
import type { Plan } from '../domain/plan.js'
import { renderPlanMarkdown } from '../report/plan-markdown.js'
import { workflowRunUrl } from '../report/workflow-run-url.js'
import type { Annotation, Outcome } from '../report/outcome.js'
import { phaseFailure } from '../report/failure.js'
import { planOutputs } from '../report/outputs.js'
import { escapeInline } from '../report/untrusted-text.js'
import type { ModeContext } from './mode-context.js'
import type { PlanSettings } from '../settings/settings.js'

interface MadePlan {
  plan: Plan
  /** Trusted sentences shown above the plan: what was not checked, where the comment went. */
  notices: string[]
  annotations: Annotation[]
}

/**
 * `mode: plan`: the deploy plan with no writes to AWS, in the job summary and the `plan` output on every
 * event, and as one sticky comment on a pull request. Lint errors are shown, never fatal (deploy refuses them);
 * the step fails only when no plan can be made.
 */
export async function runPlanMode(context: ModeContext<PlanSettings>): Promise<Outcome> {
  const { settings } = context
  const pullRequest = pullRequestEvent(settings.github)
  let made: MadePlan
  try {
    made = await makePlan(context, pullRequest)
  } catch (error) {
    if (error instanceof InputError) throw error
    return phaseFailure({
      mode: 'Plan',
      phase: error instanceof PhaseError ? error.phase : 'plan',
      message: `No plan could be made: ${errorMessage(error)}`,
      details: error instanceof PhaseError ? error.details : []
    })
  }
  const { plan, notices, annotations } = made
  const notes = releaseNotesSection(plan.releaseRange)
  const markdown = withNotes(renderPlanMarkdown(plan), notes)

  if (pullRequest && settings.comment) {
    if (pullRequest.fromFork) {
      notices.push(
        'This pull request comes from a fork: its token is read-only and the job gets no secrets, so the plan is in this job summary instead of a pull-request comment.'
      )
      annotations.push({ level: 'notice', title: 'Plan not commented', message: notices.at(-1)! })
    } else {
      const failed = await commentPlan(context, pullRequest, plan, notices, notes)
      if (failed) {
        annotations.push(failed)
        notices.push(escapeInline(failed.message))
      }
    }
  }

  const summary = [...(notices.length ? [noticeBlocks(notices)] : []), markdown].join('\n\n') + '\n'
  return {
    result: 'planned',
    outputs: { ...planOutputs(plan, markdown), 'plan-hash': plan.hash },
    summary,
    annotations: [...annotations, ...findingAnnotations(plan.findings)]
  }
}

async function makePlan(
  context: ModeContext<PlanSettings>,
  pullRequest: PullRequestEvent | undefined
): Promise<MadePlan> {
  if (!context.settings.awsRegion)
    return offline(context, pullRequest, 'no AWS Region is configured (AWS_REGION)')
  try {
    return { plan: await buildPlan(context), notices: [], annotations: [] }
  } catch (error) {
    if (!isMissingAwsCredentials(error)) throw error
    return offline(context, pullRequest, 'no AWS credentials are available')
  }
}

async function offline(
  context: ModeContext<PlanSettings>,
  pullRequest: PullRequestEvent | undefined,
  why: string
): Promise<MadePlan> {
  context.log.info(`Making the plan offline: ${why}`)
  const { plan, notice } = await buildOfflinePlan(context, pullRequest, why)
  return {
    plan,
    notices: [notice],
    annotations: [{ level: 'notice', title: 'Offline plan', message: missingAwsNotice(why) }]
  }
}

function withNotes(markdown: string, notes: string): string {
  return notes ? `${markdown.trimEnd()}\n\n${notes}\n` : markdown
}

/** Upserts the sticky comment. A comment that cannot be written is a warning: the plan itself is in the summary. */
async function commentPlan(
  context: ModeContext<PlanSettings>,
  pullRequest: PullRequestEvent,
  plan: Plan,
  notices: string[],
  notes: string
): Promise<Annotation | undefined> {
  const { settings, ports, log } = context
  const github = settings.github
  const workflowRepository = github.repository ?? pullRequest.repository
  const repository = `${pullRequest.repository.owner}/${pullRequest.repository.repo}`
  const runUrl = workflowRunUrl({
    serverUrl: github.serverUrl,
    repository: workflowRepository,
    runId: github.runId
  })
  const body = planCommentBody(plan, {
    cluster: plan.cluster,
    service: plan.service,
    render: (shown, maxLength) =>
      withNotes(renderPlanMarkdown(shown, { maxLength: maxLength - notes.length - 2 }), notes),
    notices: [...notices],
    headSha: pullRequest.headSha,
    runUrl,
    serverUrl: github.serverUrl,
    repository
  })
  try {
    const { write, comment } = await upsertPlanComment(
      ports.comments,
      {
        repository: pullRequest.repository,
        pullRequestNumber: pullRequest.number,
        cluster: plan.cluster,
        service: plan.service
      },
      body,
      plan.hash
    )
    log.info(
      write === 'unchanged'
        ? `The plan comment already shows plan ${plan.hash.slice(0, 12)}: left as it is (${comment.htmlUrl})`
        : `Plan comment ${write}: ${comment.htmlUrl}`
    )
    return undefined
  } catch (error) {
    const status = (error as { status?: number }).status
    const hint =
      status === 403 || status === 404
        ? ' Give the job `permissions: pull-requests: write` (examples/plan.yml shows the minimal set).'
        : ''
    return {
      level: 'warning',
      title: 'Plan comment not written',
      message: `Could not write the plan comment on pull request #${pullRequest.number}: ${errorMessage(error)}.${hint} The plan is in the job summary.`
    }
  }
}

/** Error findings block deploy, not the plan: they show as warnings here so the pull request's check stays green. */
function findingAnnotations(findings: Finding[]): Annotation[] {
  return findings.map(finding => ({
    level: finding.level === 'notice' ? 'notice' : 'warning',
    title: finding.level === 'error' ? `Deploy would refuse: ${finding.title}` : finding.title,
    message: `${finding.message} Fix: ${finding.fix}`
  }))
}
