/** What the health probe after a rollout found: the rollout keeps it, the deploy summary shows it. */

export interface EndpointProbe {
  url: string
  status?: number
  latencyMs?: number
  /** Network error, timeout or unexpected body. */
  error?: string
}

export interface HealthProbeResult {
  ok: boolean
  health: EndpointProbe
  version: EndpointProbe & { reported?: string }
  attempts: number
  /** One sentence for the summary and the failure message. */
  message: string
}
