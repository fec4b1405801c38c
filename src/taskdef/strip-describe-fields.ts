import type { RegisterTaskDefinitionRequest, TaskDefinition } from '@aws-sdk/client-ecs'

/** Fields DescribeTaskDefinition reports that RegisterTaskDefinition does not accept. */
export const DESCRIBE_ONLY_FIELDS = [
  'taskDefinitionArn',
  'revision',
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'registeredBy',
  'deregisteredAt'
] as const

/**
 * A described task definition (or a file holding one) as a RegisterTaskDefinition request: the describe-only
 * fields go, everything else stays as written, in its order, unknown fields included. Values the SDK left
 * `undefined` are dropped so the request is plain JSON.
 */
export function toRegisterRequest(
  described: TaskDefinition | Record<string, unknown>
): RegisterTaskDefinitionRequest {
  const request: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(described)) {
    if ((DESCRIBE_ONLY_FIELDS as readonly string[]).includes(key) || value === undefined) continue
    request[key] = plainJson(value)
  }
  return request as unknown as RegisterTaskDefinitionRequest
}

function plainJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter(item => item !== undefined).map(plainJson)
  if (value instanceof Date) return value.toISOString()
  if (value && typeof value === 'object') {
    const copy: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(value)) if (item !== undefined) copy[key] = plainJson(item)
    return copy
  }
  return value
}
