import { sensitiveEnvironment } from './sensitive-environment.js'

/** Shorter values are not worth a mask: masking `abc` would blank every `abc` in the log. */
const MIN_MASKED_LENGTH = 4

/**
 * The plain environment values of a task definition that look like credentials (by name or by shape), each
 * line of a multi-line value too: what must be masked before anything could print it.
 */
export function credentialValues(taskDefinition: unknown): string[] {
  const values = new Set<string>()
  const containers = (taskDefinition as { containerDefinitions?: unknown } | null)?.containerDefinitions
  if (!Array.isArray(containers)) return []
  for (const container of containers) {
    const environment = (container as { environment?: unknown } | null)?.environment
    if (!Array.isArray(environment)) continue
    for (const entry of environment) {
      const { name, value } = (entry ?? {}) as { name?: unknown; value?: unknown }
      if (typeof name !== 'string' || typeof value !== 'string') continue
      if (!sensitiveEnvironment(name, value)) continue
      for (const part of [value, ...value.split(/\r\n|\r|\n/)])
        if (part.trim().length >= MIN_MASKED_LENGTH) values.add(part)
    }
  }
  return [...values]
}
