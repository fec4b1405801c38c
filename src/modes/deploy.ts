import type { Outcome } from '../report/outcome.js'
import type { ModeContext } from './mode-context.js'

export async function runDeployMode(_context: ModeContext): Promise<Outcome> {
  throw new Error("mode 'deploy' is not built yet")
}
