import type { FaultRule, SimulatedService } from '../scenario.js'

export interface FaultDraw {
  /** Sum of the latency rules that fired. */
  latencyMs: number
  /** The first failing rule that fired (throttle, server-error, reset, rate-limit, access-denied). */
  failure?: FaultRule
}

export interface FaultTarget {
  service: SimulatedService
  /** AWS operation, or `METHOD /path` for HTTP services. */
  operation: string
  mutating: boolean
}

const DEFAULT_LATENCY_MS = 1000

/**
 * Decides which faults hit a request. Rules are read afresh on every request (tests change them mid-run);
 * `times` is counted here, not by mutating the rule, and the random draws come from one seeded generator,
 * taken only for rules whose probability is below 1, so a scenario replays the same way every run.
 */
export class FaultInjector {
  private readonly fired = new WeakMap<FaultRule, number>()

  constructor(
    private readonly rules: () => readonly FaultRule[],
    private readonly random: () => number
  ) {}

  draw(target: FaultTarget): FaultDraw {
    const draw: FaultDraw = { latencyMs: 0 }
    for (const rule of this.rules()) {
      if (!appliesTo(rule, target)) continue
      if (rule.kind !== 'latency' && draw.failure) continue
      const fired = this.fired.get(rule) ?? 0
      if (rule.times !== undefined && fired >= rule.times) continue
      const probability = rule.probability ?? 1
      if (probability < 1 && this.random() >= probability) continue
      this.fired.set(rule, fired + 1)
      if (rule.kind === 'latency') draw.latencyMs += rule.latencyMs ?? DEFAULT_LATENCY_MS
      else draw.failure = rule
    }
    return draw
  }

  /** How often a rule fired so far. */
  timesFired(rule: FaultRule): number {
    return this.fired.get(rule) ?? 0
  }
}

/**
 * AWS operations match exactly, or by prefix when the rule ends in `*` (`Describe*`). HTTP operations
 * (`GET /repos/o/r/releases`) match by prefix, with or without the method.
 */
export function appliesTo(rule: FaultRule, target: FaultTarget): boolean {
  if (rule.service !== target.service) return false
  if (rule.mutating !== undefined && rule.mutating !== target.mutating) return false
  const wanted = rule.operation
  if (wanted === undefined || wanted === '' || wanted === '*') return true
  if (wanted.endsWith('*')) return target.operation.startsWith(wanted.slice(0, -1))
  if (!target.operation.includes(' ')) return target.operation === wanted
  const path = target.operation.slice(target.operation.indexOf(' ') + 1)
  return target.operation.startsWith(wanted) || path.startsWith(wanted)
}
