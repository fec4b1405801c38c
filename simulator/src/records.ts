/** What the simulator records as it answers: the calls it served and the ECS task lifecycle. */
import type { SimulatedService } from './scenario.js'

/** One request the simulator answered, in arrival order. */
export interface CallRecord {
  service: SimulatedService
  /** AWS operation (`UpdateService`) or GitHub/registry `METHOD /path`. */
  operation: string
  /** True for operations that change state (AWS: not Describe/List/Get; HTTP: not GET/HEAD). */
  mutating: boolean
  /** ms since the simulator started. */
  at: number
  status: number
  /** Parsed request body (JSON or form), {} when none. */
  request: unknown
  /** Raw request body, for canary scans. */
  rawBody: string
  /** Error code answered, if any (ThrottlingException, ...). */
  errorCode?: string
}

/** ECS task lifecycle, recorded for invariant checks (never two migrators, no old task beside a migrator). */
export interface TimelineEntry {
  at: number
  cluster: string
  service: string
  taskArn: string
  taskDefinitionArn: string
  image: string
  /** ENABLE_DB_MIGRATIONS as the container sees it ('true' when unset: Open WebUI's default). */
  migrationsEnabled: boolean
  event:
    | 'PROVISIONING'
    | 'PENDING'
    | 'RUNNING'
    | 'HEALTHY'
    | 'UNHEALTHY'
    | 'DEACTIVATING'
    | 'STOPPING'
    | 'DEPROVISIONING'
    | 'STOPPED'
  detail?: string
}
