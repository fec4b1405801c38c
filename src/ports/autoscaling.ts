import type { ScalableTarget, SuspendedState } from '@aws-sdk/client-application-auto-scaling'

export type { ScalableTarget, SuspendedState }

/** Application Auto Scaling for an ECS service (resource id `service/CLUSTER/SERVICE`). */
export interface AutoScalingPort {
  /** The service's scalable target for ecs:service:DesiredCount, if one is registered. */
  describeServiceTarget(cluster: string, service: string): Promise<ScalableTarget | undefined>
  /** RegisterScalableTarget on the existing target, changing only its SuspendedState. */
  setSuspendedState(cluster: string, service: string, state: SuspendedState): Promise<void>
}
