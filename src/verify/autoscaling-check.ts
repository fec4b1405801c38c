import type { Finding } from '../domain/finding.js'
import type { AutoScalingState, RolloutStrategy } from '../domain/plan.js'
import type { ScalableTarget } from '../ports/autoscaling.js'
import type { Verification } from './verification.js'

export function autoScalingState(target: ScalableTarget | undefined): AutoScalingState | undefined {
  if (!target) return undefined
  const suspended = target.SuspendedState ?? {}
  return {
    minCapacity: target.MinCapacity ?? 0,
    maxCapacity: target.MaxCapacity ?? 0,
    suspended: Boolean(
      suspended.DynamicScalingInSuspended ||
      suspended.DynamicScalingOutSuspended ||
      suspended.ScheduledScalingSuspended
    )
  }
}

/**
 * A scalable target would push the desired count back up while the single migrator runs, starting a second
 * migration-enabled task: the rollout suspends scaling for a migration and restores it afterwards.
 */
export function verifyAutoScaling(
  state: AutoScalingState | undefined,
  strategy: RolloutStrategy,
  desiredCount: number
): Verification {
  if (!state)
    return {
      checks: [{ name: 'Auto Scaling', status: 'SKIP', detail: 'no scalable target on the service' }],
      findings: []
    }
  const range = `min ${state.minCapacity}, max ${state.maxCapacity}${state.suspended ? ', scaling already suspended' : ''}`
  const findings: Finding[] = []
  if (desiredCount < state.minCapacity || desiredCount > state.maxCapacity) {
    findings.push({
      level: 'warning',
      code: 'desired-count-outside-scaling-range',
      title: 'Desired count outside the scaling range',
      message: `The fleet size ${desiredCount} is outside the scalable target's ${state.minCapacity}..${state.maxCapacity}: Application Auto Scaling moves it back once scaling resumes.`,
      fix: 'Set desired-count within the range, or change the scalable target’s minimum/maximum capacity'
    })
  }
  const during =
    strategy === 'migrate'
      ? 'the rollout suspends scaling while one migrator runs and restores it afterwards'
      : 'a rolling update leaves scaling as it is'
  return {
    checks: [
      { name: 'Auto Scaling', status: findings.length > 0 ? 'WARN' : 'OK', detail: `${range}: ${during}` }
    ],
    findings
  }
}
