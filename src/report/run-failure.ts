import { InputError, errorMessage } from '../errors.js'
import type { Outcome } from './outcome.js'
import { escapeInline, inlineCode } from './untrusted-text.js'

/**
 * A failure no mode turned into an outcome of its own: an input the action cannot use (thrown before any
 * request) or an unexpected error. It still ends as every failure does, with `result=failed`, a job summary that
 * says why, and one error annotation.
 */
export function runFailure(error: unknown): Outcome {
  if (error instanceof InputError) {
    return {
      result: 'failed',
      outputs: {},
      summary: `### Invalid input: ${inlineCode(error.input)}\n\n${escapeInline(error.message)}\n\nNothing was changed: the action stops at a bad input before any request to AWS or GitHub.\n`,
      annotations: [{ level: 'error', title: `Invalid input: ${error.input}`, message: error.message }],
      failure: error.message
    }
  }
  const message = errorMessage(error)
  return {
    result: 'failed',
    outputs: {},
    summary: `### Open WebUI deploy failed\n\n${escapeInline(message)}\n\nThe job log has the steps that ran before it.\n`,
    annotations: [],
    failure: message
  }
}
