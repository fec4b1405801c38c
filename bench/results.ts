import type { BundleSize } from './bundle-size.js'
import type { ColdStartResult } from './cold-start.js'
import type { DetectionResult } from './detection.js'
import type { FleetSizeResult } from './fleet-sizes.js'
import type { Machine } from './machine.js'
import type { OutageResult } from './outage-window.js'
import type { ThrottleResult } from './throttling.js'

/** Everything one `npm run bench` measured: the report is a pure function of this. */
export interface BenchResults {
  command: string
  /** ISO timestamp of the start. */
  startedAt: string
  durationMs: number
  machine: Machine
  bundle: BundleSize
  coldStart: ColdStartResult
  detection: DetectionResult
  fleetSizes: FleetSizeResult[]
  /** The fleet-size runs' task health time. */
  fleetHealthyAfterMs: number
  throttling: ThrottleResult
  /** The outage window of a migrating upgrade (absent from runs made before it was measured). */
  outage?: OutageResult
}
