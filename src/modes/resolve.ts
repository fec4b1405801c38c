import type { Outcome } from '../report/outcome.js'
import type { ModeContext } from './mode-context.js'

export async function runResolveMode(_context: ModeContext): Promise<Outcome> {
  throw new Error("mode 'resolve' is not built yet")
}
