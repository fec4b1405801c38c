import type { Check } from '../plan/plan.js'
import type { ContainerJson } from '../taskdef/container-definition.js'

/** What a task definition should declare: ECS ignores the image's own Dockerfile HEALTHCHECK. */
export const SUGGESTED_HEALTH_CHECK = 'CMD-SHELL curl -sf http://localhost:8080/health || exit 1'

export type HealthCheckState = 'health' | 'other' | 'none'

export function healthCheckState(container: ContainerJson | undefined): HealthCheckState {
  const command = (container?.healthCheck as { command?: unknown } | undefined)?.command
  if (!Array.isArray(command) || command.length === 0) return 'none'
  return command.some(part => typeof part === 'string' && /\/health\b(?!\/)/.test(part)) ? 'health' : 'other'
}

export function verifyHealthCheck(container: ContainerJson | undefined): Check {
  const state = healthCheckState(container)
  if (state === 'health')
    return { name: 'Health check', status: 'OK', detail: 'the container checks /health' }
  return {
    name: 'Health check',
    status: 'WARN',
    detail:
      state === 'none'
        ? `no container health check: tasks count as healthy 40 s after RUNNING; add "${SUGGESTED_HEALTH_CHECK}"`
        : `the container's health check does not call /health; suggested: "${SUGGESTED_HEALTH_CHECK}"`
  }
}
