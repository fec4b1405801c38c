import type { ModeContext } from '../modes/mode-context.js'
import type { Plan } from '../plan/plan.js'
import type { Outcome } from '../report/outcome.js'

/** Carries out a verified, unblocked plan against the service. Owned by the rollout work (issue 3). */
export async function executeRollout(_plan: Plan, _context: ModeContext): Promise<Outcome> {
  throw new Error('the rollout is not built yet')
}
