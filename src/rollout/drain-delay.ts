import { errorMessage } from '../errors.js'
import type { RecordedDelay } from './resume/settings-record.js'
import type { RolloutView } from './rollout-run.js'

/**
 * The deregistration delay of the service's target groups during a migrating upgrade's drain (drain-seconds).
 * Draining targets get no new request, so with every target draining Open WebUI is down for the whole delay
 * (its websockets keep each target busy to the end): lowering the delay just before the old tasks stop and
 * restoring it as soon as they are stopped cuts the outage without changing anything for a rolling upgrade.
 * The user's values are in the settings record before the first change; every exit path and a re-run restore
 * them from it.
 */
const DELAY_KEY = 'deregistration_delay.timeout_seconds'

/** The target groups ECS deregisters the service's tasks from: every one of its loadBalancers entries. */
export function serviceTargetGroupArns(run: RolloutView): string[] {
  const arns = (run.lastService?.loadBalancers ?? [])
    .map(entry => entry.targetGroupArn)
    .filter((arn): arn is string => Boolean(arn))
  return [...new Set(arns)]
}

/** Each group's delay as it is now (read before the rollout changes it). */
export async function readDelays(run: RolloutView, targetGroupArns: string[]): Promise<RecordedDelay[]> {
  const delays: RecordedDelay[] = []
  for (const targetGroupArn of targetGroupArns) {
    const attributes = await run.ports.loadBalancer.describeTargetGroupAttributes(targetGroupArn)
    const value = Number(attributes.find(attribute => attribute.Key === DELAY_KEY)?.Value ?? 300)
    delays.push({ targetGroupArn, seconds: Number.isInteger(value) && value >= 0 ? value : 300 })
  }
  return delays
}

/** Lowers each recorded group whose delay is longer than drain-seconds (never raises one). */
export async function lowerDelays(
  run: RolloutView,
  recorded: readonly RecordedDelay[],
  drainSeconds: number
): Promise<string[]> {
  const lowered: string[] = []
  for (const delay of recorded) {
    if (delay.seconds <= drainSeconds) continue
    await run.ports.loadBalancer.modifyTargetGroupAttributes(delay.targetGroupArn, [
      { Key: DELAY_KEY, Value: String(drainSeconds) }
    ])
    lowered.push(`${groupName(delay.targetGroupArn)} ${delay.seconds} s -> ${drainSeconds} s`)
  }
  return lowered
}

/**
 * Puts every recorded delay back where it differs (read fresh, so a repeat is a no-op). Returns what it put back
 * and what it could not: a failure never throws, the record stays and the next run heals it.
 */
export async function restoreDelays(
  run: RolloutView,
  recorded: readonly RecordedDelay[] | undefined
): Promise<{ restored: string[]; failed: string[] }> {
  const restored: string[] = []
  const failed: string[] = []
  for (const delay of recorded ?? []) {
    try {
      const [now] = await readDelays(run, [delay.targetGroupArn])
      if (now.seconds === delay.seconds) continue
      await run.ports.loadBalancer.modifyTargetGroupAttributes(delay.targetGroupArn, [
        { Key: DELAY_KEY, Value: String(delay.seconds) }
      ])
      restored.push(`${groupName(delay.targetGroupArn)} back to ${delay.seconds} s`)
    } catch (error) {
      failed.push(`${groupName(delay.targetGroupArn)} (${errorMessage(error)})`)
    }
  }
  return { restored, failed }
}

export function groupName(arn: string): string {
  return /:targetgroup\/([^/]+)/.exec(arn)?.[1] ?? arn
}
