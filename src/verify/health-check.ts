import type { Check } from '../domain/finding.js'
import type { ContainerJson } from '../taskdef/container-definition.js'

/** What a task definition should declare: ECS ignores the image's own Dockerfile HEALTHCHECK. */
export const SUGGESTED_HEALTH_CHECK = 'CMD-SHELL curl -sf http://localhost:8080/health || exit 1'

export type HealthCheckState = 'health' | 'other' | 'none'

export function healthCheckState(container: ContainerJson | undefined): HealthCheckState {
  const command = (container?.healthCheck as { command?: unknown } | undefined)?.command
  if (!Array.isArray(command) || command.length === 0) return 'none'
  return command.some(part => typeof part === 'string' && /\/health\b(?!\/)/.test(part)) ? 'health' : 'other'
}

/**
 * The one rule for "ECS reports HEALTHY": a health check on any essential container (a task is healthy when all
 * essential containers' checks pass); without one, tasks stay UNKNOWN. The plan computes it once (hasHealthCheck).
 */
export function hasContainerHealthCheck(taskDefinition: { containerDefinitions?: unknown }): boolean {
  const containers = Array.isArray(taskDefinition.containerDefinitions)
    ? taskDefinition.containerDefinitions
    : []
  return containers.some(
    container =>
      typeof container === 'object' &&
      container !== null &&
      (container as { essential?: boolean }).essential !== false &&
      Boolean((container as { healthCheck?: unknown }).healthCheck)
  )
}

export function verifyHealthCheck(container: ContainerJson | undefined, hasHealthCheck: boolean): Check {
  const state = healthCheckState(container)
  if (state === 'health')
    return { name: 'Health check', status: 'OK', detail: 'the container checks /health' }
  if (state === 'none' && hasHealthCheck) {
    return {
      name: 'Health check',
      status: 'WARN',
      detail: `the Open WebUI container has no health check (another essential container's decides HEALTHY); add "${SUGGESTED_HEALTH_CHECK}"`
    }
  }
  return {
    name: 'Health check',
    status: 'WARN',
    detail:
      state === 'none'
        ? `no container health check: tasks count as healthy 40 s after RUNNING; add "${SUGGESTED_HEALTH_CHECK}"`
        : `the container's health check does not call /health; suggested: "${SUGGESTED_HEALTH_CHECK}"`
  }
}
