import { errorMessage } from '../errors.js'
import type { RegisterTaskDefinitionRequest, Tag } from '../ports/ecs.js'
import { RolloutFailure } from './rollout-failure.js'
import type { RolloutView } from './rollout-run.js'
import { fleetTags, migratorTags, type MigratorBookkeeping } from './rollout-tags.js'
import { revisionOf } from '../domain/task-arns.js'

function withTags(request: RegisterTaskDefinitionRequest, tags: Tag[]): RegisterTaskDefinitionRequest {
  return { ...request, tags: [...(request.tags ?? []), ...tags] }
}

export interface RegisteredRevisions {
  fleetTaskDefinitionArn: string
  /** Only when a migrator runs. */
  migratorTaskDefinitionArn?: string
}

/**
 * Registers the fleet revision (ENABLE_DB_MIGRATIONS=false) and, when a migrator runs, the migrator revision
 * (=true), tagged with their role and version so a re-run can tell them apart, and with what the service was
 * before (rollout-tags.ts) so a re-run can finish or heal. Registering is not a change to the service: a
 * failure here leaves everything as it was.
 */
export async function registerTaskDefinitions(
  run: RolloutView,
  migrator: MigratorBookkeeping | undefined,
  fleet: MigratorBookkeeping
): Promise<RegisteredRevisions> {
  const { ecs } = run.ports
  const version = run.plan.target.version
  return run.phase('register', 'Registering task definitions', async () => {
    let migratorTaskDefinitionArn: string | undefined
    let fleetTaskDefinitionArn: string | undefined
    try {
      // The migrator first: revisions then number in the order they run.
      if (migrator) {
        const registered = await ecs.registerTaskDefinition(
          withTags(run.plan.migratorTaskDefinition, migratorTags(version, migrator))
        )
        migratorTaskDefinitionArn = registered.taskDefinitionArn
      }
      const registered = await ecs.registerTaskDefinition(
        withTags(run.plan.fleetTaskDefinition, fleetTags(version, fleet))
      )
      fleetTaskDefinitionArn = registered.taskDefinitionArn
    } catch (error) {
      throw new RolloutFailure('register', 'api-error', errorMessage(error))
    }
    if (!fleetTaskDefinitionArn || (migrator && !migratorTaskDefinitionArn)) {
      throw new RolloutFailure('register', 'api-error', 'RegisterTaskDefinition answered without an ARN')
    }
    const detail = [
      ...(migratorTaskDefinitionArn ? [`${revisionOf(migratorTaskDefinitionArn)} (migrator)`] : []),
      `${revisionOf(fleetTaskDefinitionArn)} (fleet, migrations off)`
    ].join(', ')
    run.log.info(`Registered ${detail}`)
    return {
      detail,
      value: { fleetTaskDefinitionArn, ...(migratorTaskDefinitionArn ? { migratorTaskDefinitionArn } : {}) }
    }
  })
}
