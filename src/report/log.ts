import * as core from '@actions/core'
import { stdoutLines } from './untrusted-log.js'

/** Progress lines for the job log. Modes print through this, so tests can capture what a person would read. */
export interface Log {
  info(message: string): void
  debug(message: string): void
  /** Runs `body` inside a collapsible log group. */
  group<T>(title: string, body: () => Promise<T>): Promise<T>
}

/**
 * Every progress line reaches stdout through the untrusted-log choke point, so no text from outside can start a
 * workflow command; `debug` and group titles are workflow commands whose data @actions/core escapes.
 */
export const actionsLog: Log = {
  info: message => core.info(stdoutLines(message).join('\n')),
  debug: message => core.debug(message),
  group: (title, body) => core.group(title, body)
}
