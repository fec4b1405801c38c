import * as core from '@actions/core'

/** Progress lines for the job log. Modes print through this, so tests can capture what a person would read. */
export interface Log {
  info(message: string): void
  debug(message: string): void
  /** Runs `body` inside a collapsible log group. */
  group<T>(title: string, body: () => Promise<T>): Promise<T>
}

export const actionsLog: Log = {
  info: message => core.info(message),
  debug: message => core.debug(message),
  group: (title, body) => core.group(title, body)
}
