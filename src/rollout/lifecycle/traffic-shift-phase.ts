import type { DeploymentConfiguration } from '@aws-sdk/client-ecs'
import { versionTag } from '../../release/version-tag.js'
import { RolloutFailure } from '../rollout-failure.js'
import type { RolloutView } from '../rollout-run.js'
import { startDeployment } from '../start-deployment.js'
import { followServiceDeployment, type StageSeen } from './follow-service-deployment.js'
import { describeLifecycleStrategy } from '../../domain/lifecycle-strategy.js'

/**
 * An upgrade without a schema change on a BLUE_GREEN, LINEAR or CANARY service: the service's own strategy runs
 * it (old and new side by side is safe when the schema is the same). One UpdateService, then the service
 * deployment is followed through its lifecycle stages until wait-until is met; the phase's detail lists each
 * stage with the time it was first seen.
 */
export async function runTrafficShiftPhase(
  run: RolloutView,
  fleetTaskDefinitionArn: string,
  hasHealthCheck: boolean,
  configuration: DeploymentConfiguration
): Promise<void> {
  const from = run.previous.version ? versionTag(run.previous.version) : 'the current tasks'
  const to = versionTag(run.plan.target.version)
  const count = run.desiredCount
  const waitUntil = run.settings.waitUntil
  await run.phase(
    'traffic-shift',
    `${describeLifecycleStrategy(configuration)} ${from} -> ${to}: ${count} task${count === 1 ? '' : 's'}, until ${waitUntil === 'traffic-shifted' ? 'production traffic moved' : 'the bake is over'}`,
    async phase => {
      const started = await startDeployment(run, 'traffic-shift', {
        taskDefinition: fleetTaskDefinitionArn,
        desiredCount: count
      })
      phase.deployment(started.deploymentId, started.serviceDeploymentArn)
      if (!started.serviceDeploymentArn)
        throw new RolloutFailure(
          'traffic-shift',
          'api-error',
          'UpdateService answered without a currentServiceDeployment to follow.'
        )
      const startedAt = run.ports.clock.now()
      const result = await followServiceDeployment(run, {
        serviceDeploymentArn: started.serviceDeploymentArn,
        deploymentId: started.deploymentId,
        taskDefinitionArn: fleetTaskDefinitionArn,
        desiredCount: count,
        hasHealthCheck,
        waitUntil,
        deadline: run.deadline,
        onStage: stages => phase.note(stageTimes(stages, startedAt))
      })
      const stages = stageTimes(result.stages, startedAt)
      if (result.status === 'failed') {
        phase.note(stages)
        throw new RolloutFailure('traffic-shift', result.kind, result.reason)
      }
      const end =
        result.status === 'traffic-shifted'
          ? 'production traffic is on the new revision; ECS carries on with the bake and scales the old tasks down after it (wait-until: traffic-shifted)'
          : `${count}/${count} tasks ${hasHealthCheck ? 'RUNNING and HEALTHY' : 'RUNNING'}, the old revision scaled down`
      return { detail: `${stages}: ${end}`, value: undefined }
    }
  )
}

/** `PRE_SCALE_UP 0 s → SCALE_UP 1 s → ...`: each stage with the seconds from the UpdateService to when it was seen. */
export function stageTimes(stages: readonly StageSeen[], startedAt: number): string {
  if (stages.length === 0) return 'no lifecycle stage seen yet'
  return stages
    .map(({ stage, at }) => `${stage} ${Math.max(0, Math.round((at - startedAt) / 1000))} s`)
    .join(' → ')
}
