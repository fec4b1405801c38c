import type { Annotation, Outcome } from './outcome.js'
import { escapeInline, fencedBlock } from './untrusted-text.js'

/**
 * A mode that stopped in a named phase: the summary says where and why (details in a code block, then what
 * follows: that nothing was changed, or the plan), one error annotation names the phase (GitHub shows it on
 * the run), and the step fails with the same sentence.
 */
export function phaseFailure(input: {
  mode: 'Deploy' | 'Plan'
  phase: string
  message: string
  details?: string[]
  /** Trusted markdown after the message; by default, that nothing was changed. */
  after?: string
  outputs?: Outcome['outputs']
  /** Annotations raised before the failure (findings), kept ahead of the error. */
  annotations?: Annotation[]
}): Outcome {
  const { mode, phase, message } = input
  const details = input.details?.length ? `\n\n${fencedBlock(input.details.join('\n'))}` : ''
  return {
    result: 'failed',
    outputs: input.outputs ?? {},
    summary: `### ${mode} failed (${escapeInline(phase)})\n\n${escapeInline(message)}${details}\n\n${input.after ?? 'Nothing was changed.'}\n`,
    annotations: [
      ...(input.annotations ?? []),
      { level: 'error', title: `${mode} failed in ${phase}`, message }
    ],
    failure: `${mode} failed in ${phase}: ${message}`
  }
}
