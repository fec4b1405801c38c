import type { Outcome } from '../report/outcome.js'
import type { ModeContext } from './mode-context.js'

export async function runBumpMode(_context: ModeContext): Promise<Outcome> {
  throw new Error("mode 'bump' is not built yet")
}
