import type { Simulator } from '../../simulator/src/index.js'
import { SERVICE } from '../fixtures/open-webui.js'

/** Fewest healthy tasks of the service at any instant from `from` (simulator ms) on, replaying its timeline. */
export function fewestHealthy(sim: Simulator, from: number, service = SERVICE): number {
  const healthy = new Set<string>()
  let fewest = Infinity
  for (const entry of sim.timeline.filter(item => item.service === service)) {
    if (entry.event === 'HEALTHY') healthy.add(entry.taskArn)
    if (entry.event === 'UNHEALTHY' || entry.event === 'STOPPING' || entry.event === 'STOPPED')
      healthy.delete(entry.taskArn)
    if (entry.at >= from) fewest = Math.min(fewest, healthy.size)
  }
  return fewest
}
