import type { TargetAddress } from '../../world.js'

/** TargetHealth.State as DescribeTargetHealth reports it for the states ECS drives a target through. */
export type TargetState = 'initial' | 'healthy' | 'unhealthy' | 'draining'

export interface RegisteredTarget extends TargetAddress {
  state: TargetState
  /** When an `initial` target whose task is up passes its first health check (simulator ms). */
  passesCheckAt?: number
}

/**
 * Reason and description of each state, as the ELBv2 API reference lists them (TargetHealth): `Elb.RegistrationInProgress`
 * while a new target waits for its first checks, `Target.FailedHealthChecks`, `Target.DeregistrationInProgress` while
 * it drains, `Target.NotRegistered` (state `unused`) for a target the group does not hold.
 */
const healthDetails: Record<TargetState | 'unused', { Reason?: string; Description?: string }> = {
  initial: { Reason: 'Elb.RegistrationInProgress', Description: 'Target registration is in progress' },
  healthy: {},
  unhealthy: { Reason: 'Target.FailedHealthChecks', Description: 'Health checks failed' },
  draining: {
    Reason: 'Target.DeregistrationInProgress',
    Description: 'Target deregistration is in progress'
  },
  unused: { Reason: 'Target.NotRegistered', Description: 'Target is not registered to the target group' }
}

export function targetKey(target: { id: string; port: number }): string {
  return `${target.id}:${target.port}`
}

/** One TargetHealthDescription: a registered target, or `unused` for one the group does not hold. */
export function targetHealthDescription(
  target: TargetAddress,
  registered: RegisteredTarget | undefined
): Record<string, unknown> {
  const state = registered?.state ?? 'unused'
  return {
    Target: {
      Id: target.id,
      Port: target.port,
      ...(registered?.availabilityZone ? { AvailabilityZone: registered.availabilityZone } : {})
    },
    HealthCheckPort: String(target.port),
    TargetHealth: { State: state, ...healthDetails[state] }
  }
}
