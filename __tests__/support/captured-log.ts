import type { Log } from '../../src/report/log.js'

/** The job log as a person reads it: every line, with the `::group::` markers where a group opens and closes. */
export interface CapturedLog extends Log {
  lines: string[]
}

export function captureLog(): CapturedLog {
  const lines: string[] = []
  return {
    lines,
    info: message => lines.push(message),
    debug: () => undefined,
    group: async (title, body) => {
      lines.push(`::group::${title}`)
      try {
        return await body()
      } finally {
        lines.push('::endgroup::')
      }
    }
  }
}
