import * as core from '@actions/core'
import { writeAnnotations } from './annotations.js'
import type { Outcome } from './outcome.js'
import { annotationText } from './untrusted-log.js'

/** A step summary may be at most 1 MiB; keep clear of it so the upload never fails. */
const SUMMARY_LIMIT_BYTES = 1000 * 1024

export function fitSummary(markdown: string): string {
  if (Buffer.byteLength(markdown, 'utf8') <= SUMMARY_LIMIT_BYTES) return markdown
  const note = "\n\n> The summary was cut at GitHub's 1 MiB limit; the job log has the rest.\n"
  let cut = markdown.slice(0, SUMMARY_LIMIT_BYTES - note.length - 4)
  while (Buffer.byteLength(cut, 'utf8') > SUMMARY_LIMIT_BYTES - note.length - 4) cut = cut.slice(0, -1024)
  return cut + note
}

/** Hands an outcome to the runner: outputs, job summary, annotations, and the step's failure. */
export async function writeOutcome(outcome: Outcome): Promise<void> {
  core.setOutput('result', outcome.result)
  for (const [name, value] of Object.entries(outcome.outputs)) {
    if (name !== 'result' && value !== undefined) core.setOutput(name, value)
  }
  if (outcome.summary && process.env.GITHUB_STEP_SUMMARY) {
    try {
      await core.summary.addRaw(fitSummary(outcome.summary), true).write()
    } catch (error) {
      core.warning(annotationText(`Could not write the job summary: ${(error as Error).message}`))
    }
  }
  writeAnnotations(outcome.annotations)
  if (!outcome.failure) return
  // A mode that already raised an error annotation titled with its phase has said why: a second, untitled
  // ::error from setFailed would only repeat it. The step still fails.
  if (outcome.annotations.some(annotation => annotation.level === 'error')) process.exitCode = 1
  else core.setFailed(annotationText(outcome.failure))
}
