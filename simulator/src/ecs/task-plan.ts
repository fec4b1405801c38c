import type { TaskBehaviour } from '../scenario.js'
import type { EcsContext } from './context.js'
import type { ContainerRecord, TaskPlan } from './model.js'

type Json = Record<string, unknown>

/** A process that cannot reach its database dies within a moment of starting. */
const DATABASE_ERROR_EXIT_MS = 30

/** Open WebUI reads `ENABLE_DB_MIGRATIONS` as `os.getenv(..., 'True').lower() == 'true'`. */
export function migrationsEnabled(environment: Record<string, string>): boolean {
  return (environment.ENABLE_DB_MIGRATIONS ?? 'True').toLowerCase() === 'true'
}

/** The container the scenario is about: the first Open WebUI image, else the first essential container. */
export function pickAppContainer(containers: ContainerRecord[]): ContainerRecord {
  return (
    containers.find(container => container.image.includes('open-webui')) ??
    containers.find(container => container.essential) ??
    containers[0]
  )
}

function matches(behaviour: TaskBehaviour, containers: ContainerRecord[], app: ContainerRecord): boolean {
  const { image, environment } = behaviour.match
  if (image !== undefined && !containers.some(container => container.image.includes(image))) return false
  if (environment === undefined) return true
  return Object.entries(environment).every(([name, value]) => app.environment[name] === value)
}

/**
 * Decides at launch how a task will go. The world's own facts come first, in the order Fargate meets them:
 * secrets and registry auth are fetched before images are pulled, and both before the container starts.
 */
export function planTask(
  ctx: EcsContext,
  containerDefinitions: Json[],
  containers: ContainerRecord[]
): TaskPlan {
  const app = pickAppContainer(containers)
  const behaviour = (ctx.world.scenario.taskBehaviours ?? []).find(candidate =>
    matches(candidate, containers, app)
  )
  const timing = ctx.world.timing
  const enabled = migrationsEnabled(app.environment)
  const migrationMs = enabled ? behaviour?.migrationMs : undefined
  const databaseUnreachable = behaviour?.databaseUnreachable
  return {
    behaviour,
    startFailure:
      unreadableSecret(ctx, containerDefinitions) ??
      unpullableImage(ctx, containers) ??
      scenarioStartFailure(behaviour),
    exitAfterMs: behaviour?.exitAfterMs ?? (databaseUnreachable ? DATABASE_ERROR_EXIT_MS : undefined),
    exitCode: behaviour?.exitCode ?? 1,
    healthy: behaviour?.healthy !== false,
    // Without a database the process dies during start-up: the port never opens.
    healthyAfterMs: databaseUnreachable
      ? Infinity
      : (behaviour?.healthyAfterMs ?? timing.healthyAfterMs) + (migrationMs ?? 0),
    migrationsEnabled: enabled,
    ...(migrationMs !== undefined ? { migrationMs } : {}),
    migrationError: enabled ? behaviour?.migrationError : undefined,
    ...(databaseUnreachable ? { databaseUnreachable } : {}),
    logLines: behaviour?.logLines ?? []
  }
}

function unreadableSecret(ctx: EcsContext, containerDefinitions: Json[]): TaskPlan['startFailure'] {
  for (const container of containerDefinitions) {
    for (const secret of (container.secrets as { valueFrom: string }[] | undefined) ?? []) {
      if (ctx.world.secrets.canResolve(secret.valueFrom)) continue
      const why =
        ctx.world.secrets.resolveError?.(secret.valueFrom) ??
        "ResourceNotFoundException: Secrets Manager can't find the specified secret."
      const detail = secret.valueFrom.includes(':ssm:')
        ? `unable to retrieve secrets from ssm: service call has been retried 5 time(s): invalid parameters: ${secret.valueFrom}`
        : `unable to retrieve secret from asm: service call has been retried 5 time(s): failed to fetch secret ${secret.valueFrom} from secrets manager: ${why}`
      const reason = `ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: ${detail}`
      return { stopCode: 'TaskFailedToStart', stoppedReason: reason, containerReason: '' }
    }
  }
  return undefined
}

function unpullableImage(ctx: EcsContext, containers: ContainerRecord[]): TaskPlan['startFailure'] {
  const container = containers.find(candidate => !ctx.world.registry.canPull(candidate.image))
  if (!container) return undefined
  const image = container.image
  const reason = `CannotPullContainerError: pull image manifest has been retried 7 time(s): failed to resolve ref ${image}: ${image}: not found`
  return { stopCode: 'TaskFailedToStart', stoppedReason: reason, containerReason: reason }
}

function scenarioStartFailure(behaviour: TaskBehaviour | undefined): TaskPlan['startFailure'] {
  const failure = behaviour?.startFailure
  if (!failure) return undefined
  return {
    stopCode: failure.stopCode ?? 'TaskFailedToStart',
    stoppedReason: failure.stoppedReason,
    containerReason: failure.containerReason ?? failure.stoppedReason
  }
}
