/** The phases of a rollout: the rollout records them, the deploy summary and the annotations name them. */

export type PhaseName =
  | 'wait-for-idle'
  | 'snapshot'
  | 'register'
  | 'suspend-scaling'
  | 'drain'
  | 'migrator'
  | 'fleet'
  | 'rolling'
  | 'traffic-shift'
  | 'rollback'
  | 'hold'
  | 'restore-scaling'
  | 'health-check'

export const PHASE_TITLES: Record<PhaseName, string> = {
  'wait-for-idle': 'Wait for a running deployment',
  snapshot: 'Database snapshot',
  register: 'Register task definitions',
  'suspend-scaling': 'Suspend Auto Scaling',
  drain: 'Drain the old tasks',
  migrator: 'Migrator',
  fleet: 'Fleet',
  rolling: 'Rolling update',
  'traffic-shift': "ECS's own deployment (blue/green, linear, canary)",
  rollback: 'Roll back',
  hold: 'Hold at the new version',
  'restore-scaling': 'Restore Auto Scaling',
  'health-check': 'Health check'
}

export type PhaseStatus = 'running' | 'ok' | 'failed' | 'skipped' | 'cancelled' | 'warning'

export interface PhaseRecord {
  readonly name: PhaseName
  readonly startedAt: number
  readonly endedAt?: number
  readonly status: PhaseStatus
  readonly detail: string
  readonly deploymentId?: string
  readonly serviceDeploymentArn?: string
}
