import { errorMessage } from '../errors.js'
import type { ModeContext } from '../modes/mode-context.js'
import type { Plan } from '../plan/plan.js'
import { waitForIdleService } from './concurrency-guard.js'
import { RolloutRun } from './rollout-run.js'

export type SettledState =
  { settled: true; note?: string } | { settled: false; phase: string; message: string }

/**
 * The service already runs the rendered task definition, but its deployment may still be rolling out (a run
 * cancelled during the fleet step, or another deploy of the same revision). `unchanged` must mean "running and
 * done", so wait for that deployment within the timeout and report how it ended.
 */
export async function settleUnchangedService(plan: Plan, context: ModeContext): Promise<SettledState> {
  const busy = plan.checks.some(check => check.name === 'Deployments' && check.status !== 'OK')
  if (!busy) return { settled: true }
  const run = new RolloutRun(plan, context)
  try {
    const service = await waitForIdleService(run)
    const primary = service.deployments?.find(deployment => deployment.status === 'PRIMARY')
    if (primary?.rolloutState === 'FAILED') {
      return {
        settled: false,
        phase: 'wait-for-idle',
        message: `The deployment of this task definition (${primary.id}) FAILED: ${primary.rolloutStateReason ?? 'no reason given'}`
      }
    }
    return {
      settled: true,
      note: `Waited for deployment ${primary?.id ?? ''} of this task definition to complete.`
    }
  } catch (error) {
    return { settled: false, phase: 'wait-for-idle', message: errorMessage(error) }
  }
}
