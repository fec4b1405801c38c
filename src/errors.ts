import { redactCredentials } from './taskdef/sensitive-environment.js'

/**
 * An input that cannot be used as given. The message names the input and what was expected; URL userinfo, query
 * strings and tokens in it are taken out, whatever value the message quotes.
 */
export class InputError extends Error {
  constructor(
    readonly input: string,
    message: string
  ) {
    super(`Input '${input}': ${redactCredentials(message)}`)
    this.name = 'InputError'
  }
}

/** A failure the user must act on, raised by a named phase of the action (verify, migrator, fleet, ...). */
export class PhaseError extends Error {
  constructor(
    readonly phase: string,
    message: string,
    readonly details: string[] = []
  ) {
    super(message)
    this.name = 'PhaseError'
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
