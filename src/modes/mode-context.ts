import type { Ports } from '../ports/ports.js'
import type { Log } from '../report/log.js'
import type { Settings } from '../settings/settings.js'

/** What every mode runs with. `signal` aborts on SIGINT/SIGTERM (the runner's cancel). */
export interface ModeContext<S extends Settings = Settings> {
  settings: S
  ports: Ports
  log: Log
  signal: AbortSignal
}
