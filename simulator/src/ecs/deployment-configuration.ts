import { invalidParameter } from './errors.js'
import type { DeploymentConfig } from './model.js'

type Json = Record<string, unknown>

/** What CreateService uses when the request says nothing: 100/200, circuit breaker off. */
export function defaultDeploymentConfiguration(): DeploymentConfig {
  return {
    minimumHealthyPercent: 100,
    maximumPercent: 200,
    deploymentCircuitBreaker: { enable: false, rollback: false },
    extra: { strategy: 'ROLLING' }
  }
}

/** UpdateService only changes the members it is given; the rest of the configuration stays. */
export function mergeDeploymentConfiguration(
  current: DeploymentConfig,
  input: Json | undefined
): DeploymentConfig {
  if (!input) return current
  const { minimumHealthyPercent, maximumPercent, deploymentCircuitBreaker, ...extra } = input
  const merged: DeploymentConfig = {
    minimumHealthyPercent: (minimumHealthyPercent as number | undefined) ?? current.minimumHealthyPercent,
    maximumPercent: (maximumPercent as number | undefined) ?? current.maximumPercent,
    deploymentCircuitBreaker: deploymentCircuitBreaker
      ? { ...(deploymentCircuitBreaker as DeploymentConfig['deploymentCircuitBreaker']) }
      : { ...current.deploymentCircuitBreaker },
    extra: { ...current.extra, ...extra }
  }
  const bake = merged.extra.bakeTimeInMinutes
  if (bake !== undefined && (typeof bake !== 'number' || !Number.isInteger(bake) || bake < 0 || bake > 1440))
    throw invalidParameter('bakeTimeInMinutes must be between 0 and 1440.')
  if (merged.minimumHealthyPercent < 0 || merged.minimumHealthyPercent > 100) {
    throw invalidParameter('minimumHealthyPercent must be between 0 and 100.')
  }
  if (merged.maximumPercent < 1 || merged.maximumPercent < merged.minimumHealthyPercent) {
    throw invalidParameter('maximumPercent must be greater than or equal to minimumHealthyPercent.')
  }
  return merged
}
