import { invalidParameter } from './errors.js'
import type { CapacityProviderStrategyItem, TaskRecord } from './model.js'

type Json = Record<string, unknown>

/** The Fargate capacity providers every simulated cluster has (PutClusterCapacityProviders is not modelled). */
const CLUSTER_CAPACITY_PROVIDERS = new Set(['FARGATE', 'FARGATE_SPOT'])

/**
 * A capacityProviderStrategy as CreateService/UpdateService take it: providers of the cluster, weight 0..1000,
 * base 0..100000 on at most one item. An empty list (UpdateService) means "back to the launch type".
 */
export function parseCapacityProviderStrategy(value: unknown): CapacityProviderStrategyItem[] | undefined {
  if (value === undefined) return undefined
  const items = value as Json[]
  const strategy = items.map(item => ({
    capacityProvider: String(item.capacityProvider),
    weight: (item.weight as number | undefined) ?? 0,
    base: (item.base as number | undefined) ?? 0
  }))
  for (const item of strategy) {
    if (!CLUSTER_CAPACITY_PROVIDERS.has(item.capacityProvider)) {
      throw invalidParameter(
        `The specified capacity provider ${item.capacityProvider} is not in an ACTIVE state. Specify a valid capacity provider and try again.`
      )
    }
    if (!Number.isInteger(item.weight) || item.weight < 0 || item.weight > 1000)
      throw invalidParameter('The capacity provider strategy weight must be between 0 and 1000.')
    if (!Number.isInteger(item.base) || item.base < 0 || item.base > 100000)
      throw invalidParameter('The capacity provider strategy base must be between 0 and 100000.')
  }
  if (strategy.filter(item => item.base > 0).length > 1)
    throw invalidParameter('Only one capacity provider in a strategy can have a base defined.')
  if (strategy.length > 0 && strategy.every(item => item.weight === 0))
    throw invalidParameter('At least one capacity provider in a strategy must have a weight greater than 0.')
  return strategy
}

/**
 * Where the next task of a deployment goes: the provider with a base first fills it, then each task goes to
 * the provider furthest below its share of the weights. Undefined for a launch-type service.
 */
export function placeByStrategy(
  strategy: CapacityProviderStrategyItem[] | undefined,
  placed: TaskRecord[]
): string | undefined {
  if (!strategy || strategy.length === 0) return undefined
  const count = (provider: string) => placed.filter(task => task.capacityProviderName === provider).length
  const withBase = strategy.find(item => item.base > 0 && count(item.capacityProvider) < item.base)
  if (withBase) return withBase.capacityProvider
  const baseUsed = strategy.reduce((sum, item) => sum + Math.min(item.base, count(item.capacityProvider)), 0)
  const beyondBase = placed.length - baseUsed + 1
  const totalWeight = strategy.reduce((sum, item) => sum + item.weight, 0)
  let best = strategy.find(item => item.weight > 0)!
  let bestDeficit = -Infinity
  for (const item of strategy) {
    if (item.weight === 0) continue
    const own = count(item.capacityProvider) - Math.min(item.base, count(item.capacityProvider))
    const deficit = (beyondBase * item.weight) / totalWeight - own
    if (deficit > bestDeficit) {
      best = item
      bestDeficit = deficit
    }
  }
  return best.capacityProvider
}
