import { errorMessage } from '../errors.js'
import { serviceTargetGroupArns } from './drain-delay.js'
import { pollDelay } from './poll-schedule.js'
import type { RolloutView } from './rollout-run.js'

/**
 * Polls DescribeTargetHealth of the service's target groups until a target is `healthy` (the old ones are all
 * gone, so it is a new task's); returns the clock time it was seen, undefined at the deadline, on cancel or when
 * the service has no target group. Read failures are retried at the poll interval.
 */
export async function waitForServingTarget(
  run: RolloutView,
  stop?: AbortSignal
): Promise<number | undefined> {
  const groups = serviceTargetGroupArns(run)
  if (groups.length === 0) return undefined
  const { clock } = run.ports
  const signal = stop ? AbortSignal.any([run.signal, stop]) : run.signal
  for (let polls = 0; !signal.aborted && clock.now() < run.deadline; polls++) {
    try {
      for (const group of groups) {
        const targets = await run.ports.loadBalancer.describeTargetHealth(group)
        if (targets.some(target => target.TargetHealth?.State === 'healthy')) return clock.now()
      }
    } catch (error) {
      run.log.debug(`DescribeTargetHealth: ${errorMessage(error)}`)
    }
    await clock.sleep(Math.min(pollDelay(polls), Math.max(0, run.deadline - clock.now())), signal)
  }
  return undefined
}
