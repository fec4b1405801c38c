import * as core from '@actions/core'
import { decodedUrlPart, type ProxySettings } from '../network/proxy-settings.js'
import type { EnvironmentVariable } from '../domain/container-values.js'
import { credentialValues } from '../taskdef/credential-values.js'

/**
 * Masks (`::add-mask::`) every secret-looking plain value of a task definition, so the runner blanks it
 * wherever it could show up later: in a diff, an error, a container log. Call it as soon as a task definition
 * is read, whichever mode reads it.
 */
export function maskTaskDefinitionCredentials(
  taskDefinition: unknown,
  setSecret: (value: string) => void = core.setSecret
): void {
  for (const value of credentialValues(taskDefinition)) setSecret(value)
}

/** The `environment` input's secret-looking values, as if they stood in a task definition. */
export function maskEnvironmentCredentials(
  environment: EnvironmentVariable[],
  setSecret: (value: string) => void = core.setSecret
): void {
  maskTaskDefinitionCredentials({ containerDefinitions: [{ environment }] }, setSecret)
}

/** A task-definition file's text (bare or describe-task-definition output); text that is no JSON has none. */
export function maskTaskDefinitionText(
  text: string,
  setSecret: (value: string) => void = core.setSecret
): void {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return
  }
  const inner = (parsed as { taskDefinition?: unknown } | null)?.taskDefinition
  maskTaskDefinitionCredentials(inner ?? parsed, setSecret)
}

/** The password of a proxy URL (HTTPS_PROXY=http://user:password@host), as typed and decoded. */
export function maskProxyCredentials(
  proxy: ProxySettings | undefined,
  setSecret: (value: string) => void = core.setSecret
): void {
  for (const source of [proxy?.http, proxy?.https]) {
    const password = source?.url.password
    if (!password) continue
    setSecret(password)
    const decoded = decodedUrlPart(password)
    if (decoded !== password) setSecret(decoded)
  }
}
