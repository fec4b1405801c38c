import { InputError } from '../errors.js'

/**
 * `timeout-minutes` bounds the whole rollout: parseSettings takes at least 1 (below a minute not even a Fargate
 * task starts). The second bound: the timeout must cover the drain the rollout will wait for (the target group's
 * deregistration delay and the container's stopTimeout, as the rollout estimates them), or the action gives up
 * while old tasks are still draining. Called once that estimate is known, before any write.
 */
export function checkTimeoutCoversDrain(timeoutMinutes: number, expectedDrainSeconds: number): void {
  if (timeoutMinutes * 60 >= expectedDrainSeconds) return
  const needed = Math.ceil(expectedDrainSeconds / 60)
  throw new InputError(
    'timeout-minutes',
    `${timeoutMinutes} minutes is shorter than the expected drain of ${expectedDrainSeconds} s: expected at least ${needed}`
  )
}
