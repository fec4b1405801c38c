import type { DeploymentConfiguration } from '@aws-sdk/client-ecs'

/**
 * ECS's own strategies that run the old (blue) and the new (green) revision side by side and shift traffic
 * between them (API reference, DeploymentConfiguration.strategy). ROLLING, or no strategy, is none of them.
 */
export type LifecycleStrategy = 'BLUE_GREEN' | 'LINEAR' | 'CANARY'

const LIFECYCLE_STRATEGIES: readonly string[] = ['BLUE_GREEN', 'LINEAR', 'CANARY']

export function lifecycleStrategyOf(
  configuration: DeploymentConfiguration | undefined
): LifecycleStrategy | undefined {
  const strategy = configuration?.strategy
  return strategy && LIFECYCLE_STRATEGIES.includes(strategy) ? (strategy as LifecycleStrategy) : undefined
}

/** Stages at which production traffic is all on green (ServiceDeployment.lifecycleStage). */
const TRAFFIC_SHIFTED: readonly string[] = ['POST_PRODUCTION_TRAFFIC_SHIFT', 'BAKE_TIME', 'CLEAN_UP']

export function productionTrafficShifted(stage: string | undefined): boolean {
  return stage !== undefined && TRAFFIC_SHIFTED.includes(stage)
}

/** The strategy in words, with what the user configured for it: bake time, traffic steps, hooks. */
export function describeLifecycleStrategy(configuration: DeploymentConfiguration): string {
  const strategy = lifecycleStrategyOf(configuration) ?? 'ROLLING'
  const parts: string[] = []
  if (strategy === 'LINEAR') {
    const linear = configuration.linearConfiguration
    parts.push(`${linear?.stepPercent ?? 10}% steps ${linear?.stepBakeTimeInMinutes ?? 6} min apart`)
  }
  if (strategy === 'CANARY') {
    const canary = configuration.canaryConfiguration
    parts.push(`${canary?.canaryPercent ?? 5}% canary for ${canary?.canaryBakeTimeInMinutes ?? 10} min`)
  }
  parts.push(`bake ${configuration.bakeTimeInMinutes ?? 0} min`)
  const hooks = configuration.lifecycleHooks?.length ?? 0
  if (hooks > 0) parts.push(`${hooks} lifecycle hook${hooks === 1 ? '' : 's'}`)
  return `${strategy} (${parts.join(', ')})`
}
