import type { Annotation, Outcome } from '../report/outcome.js'
import { releaseOutputs } from '../report/outputs.js'
import { versionTag } from '../release/version-tag.js'
import { deploySummary } from '../report/deploy-summary.js'
import type { RolloutResult } from '../report/deploy-summary-input.js'
import type { RolloutFailure } from './rollout-failure.js'
import { PHASE_TITLES } from '../domain/rollout-phases.js'
import type { RolloutView } from './rollout-run.js'

/** How the rollout ended: what the orchestrator hands to the outcome. */
export interface RolloutEnd {
  result: RolloutResult
  failure?: RolloutFailure
  /** Fleet tasks serving at the end, against the desired count. */
  serving?: { healthy: number; desired: number }
}

export function rolloutOutputs(run: RolloutView, result: RolloutEnd['result']): Outcome['outputs'] {
  const plan = run.plan
  return {
    ...releaseOutputs({
      version: plan.target.version,
      previousVersion: run.previous.version,
      image: plan.target.image
    }),
    ...(run.fleetTaskDefinitionArn ? { 'task-definition-arn': run.fleetTaskDefinitionArn } : {}),
    ...(run.migratorTaskDefinitionArn
      ? { 'migrator-task-definition-arn': run.migratorTaskDefinitionArn }
      : {}),
    ...(run.previous.taskDefinitionArn
      ? { 'previous-task-definition-arn': run.previous.taskDefinitionArn }
      : {}),
    migrations: plan.migrations.status,
    ...(run.databaseSnapshot ? { 'db-snapshot-id': run.databaseSnapshot.identifier } : {}),
    ...(run.outage ? { 'outage-seconds': String(Math.round(run.outage.seconds)) } : {}),
    result
  }
}

/**
 * One notice on success, one error naming the phase on failure (GitHub keeps 10 per kind per step; the
 * summary has the details), and a warning per problem that did not fail the step.
 */
export function rolloutAnnotations(run: RolloutView, end: RolloutEnd, failureMessage?: string): Annotation[] {
  const annotations: Annotation[] = []
  const version = versionTag(run.plan.target.version)
  if (end.result === 'deployed') {
    const serving = end.serving ? ` on ${end.serving.healthy}/${end.serving.desired} healthy tasks` : ''
    annotations.push({
      level: 'notice',
      title: 'Deployed',
      message: `Open WebUI ${version} running${serving}`
    })
  } else if (end.failure) {
    const phase = PHASE_TITLES[end.failure.phase]
    const title =
      end.result === 'rolled-back'
        ? `Deploy rolled back (${phase.toLowerCase()})`
        : end.failure.kind === 'cancelled'
          ? `Deploy cancelled (${phase.toLowerCase()})`
          : `Deploy failed: ${phase.toLowerCase()}`
    annotations.push({ level: 'error', title, message: failureMessage ?? end.failure.message })
  }
  for (const warning of run.warnings)
    annotations.push({ level: 'warning', title: 'Deploy warning', message: warning })
  return annotations
}

export function rolloutOutcome(run: RolloutView, end: RolloutEnd): Outcome {
  const failure = end.failure ? failureMessage(run, end) : undefined
  return {
    result: end.result,
    outputs: rolloutOutputs(run, end.result),
    summary: deploySummary(run, end),
    annotations: rolloutAnnotations(run, end, failure),
    ...(failure ? { failure } : {})
  }
}

/**
 * A sentence before another: why a step failed often ends in a quoted log line (`... already exists`), which
 * has no full stop of its own, and the next sentence would run on from it.
 */
export function asSentence(text: string): string {
  const trimmed = text.trimEnd()
  return /[.!?:]$/.test(trimmed) ? trimmed : `${trimmed}.`
}

/** The step's failure message: why, and in one sentence where the service stands. */
function failureMessage(run: RolloutView, end: RolloutEnd): string {
  const why = asSentence(end.failure!.message)
  if (end.result === 'rolled-back') {
    const previous = run.previous.version ? versionTag(run.previous.version) : 'the previous task definition'
    return `${why} The service was rolled back to ${previous} and is healthy; ${versionTag(run.plan.target.version)} was not deployed.`
  }
  const state = run.stateNotes[0]
  return state ? `${why} ${state}` : why
}
