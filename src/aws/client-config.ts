import type { ProxySettings } from '../network/proxy-settings.js'
import { awsAgents } from './proxy-agent.js'

/**
 * Configuration every AWS client shares. Endpoints come from the SDK's standard variables
 * (AWS_ENDPOINT_URL_ECS, AWS_ENDPOINT_URL_SECRETS_MANAGER, ..., which the simulator sets) and credentials
 * from the default provider chain, so nothing here names a host.
 *
 * The SDK's standard retry strategy retries only throttling, 5xx, timeouts and connection resets, with
 * jittered exponential backoff (full jitter, capped at 20 s); client errors such as AccessDeniedException
 * or InvalidParameterException fail on the first attempt with the service's message. Eight attempts ride
 * out a throttling burst during a long rollout without hiding a real outage for minutes.
 */
export const AWS_MAX_ATTEMPTS = 8

export interface AwsClientOptions {
  maxAttempts?: number
  /** Per-request socket timeouts; a timed-out request counts as transient and is retried. */
  requestTimeoutMs?: number
  /** The runner's proxy variables (settings.proxy); without them every request goes direct. */
  proxy?: ProxySettings
}

export function awsClientConfig(region: string, options: AwsClientOptions = {}) {
  return {
    region,
    maxAttempts: options.maxAttempts ?? AWS_MAX_ATTEMPTS,
    retryMode: 'standard',
    // The options of the SDK's NodeHttpHandler. Behind a proxy, with agents that follow HTTPS_PROXY /
    // HTTP_PROXY / NO_PROXY exactly as the GitHub, registry and health-probe requests do.
    requestHandler: {
      connectionTimeout: 10_000,
      requestTimeout: options.requestTimeoutMs ?? 60_000,
      ...(options.proxy?.http || options.proxy?.https ? awsAgents(options.proxy) : {})
    }
  }
}

/** Prefixes an SDK error's message with the call that failed, keeping its class and name for callers. */
export function withOperation(service: string, operation: string, error: unknown): unknown {
  if (error instanceof Error && !error.message.startsWith(`${service} ${operation}`)) {
    error.message = `${service} ${operation} failed: ${error.name}: ${error.message}`
  }
  return error
}

/** True for an SDK service error of this name (ResourceNotFoundException, ClusterNotFoundException, ...). */
export function isAwsError(error: unknown, ...names: string[]): boolean {
  return error instanceof Error && names.includes(error.name)
}
