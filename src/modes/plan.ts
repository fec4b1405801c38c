import type { Outcome } from '../report/outcome.js'
import type { ModeContext } from './mode-context.js'

export async function runPlanMode(_context: ModeContext): Promise<Outcome> {
  throw new Error("mode 'plan' is not built yet")
}
