import type { Shape } from './api-model.js'

/**
 * Operations newer than the v2 models (ECS ListServiceDeployments and DescribeServiceDeployments) are described
 * only by the v3 clients' compact schemas, which every `@aws-sdk/client-*` package exports as `<Name>$`:
 * `[3, namespace, name, traits, memberNames, memberSchemas, requiredCount]` for a structure (required members
 * first), `[1, …, member]` for a list, `[2, …, key, value]` for a map, `[0, …, type]` for a named simple type,
 * and numbers for the simple types (64|x: list of x, 128|x: map of x). This turns one into a v2-style Shape.
 */

const OPERATION = 9

/** The input shape of `operation` from a v3 client module, or undefined when the client has no such operation. */
export function v3OperationInput(client: Record<string, unknown>, operation: string): Shape | undefined {
  const schema = client[`${operation}$`]
  if (!Array.isArray(schema) || schema[0] !== OPERATION) return undefined
  return shapeFromV3Schema(schema[4])
}

export function shapeFromV3Schema(reference: unknown): Shape {
  return translate(reference, new Map())
}

function translate(reference: unknown, seen: Map<unknown, Shape>): Shape {
  const schema = typeof reference === 'function' ? (reference as () => unknown)() : reference
  if (typeof schema === 'number') return fromTypeCode(schema)
  if (typeof schema === 'string') return { type: 'structure', members: {} } // `unit`
  if (!Array.isArray(schema)) throw new Error(`unreadable v3 schema: ${String(schema)}`)
  // A member reference: [schema, traits].
  if (schema.length === 2) return translate(schema[0], seen)
  const known = seen.get(schema)
  if (known) return known
  const shape: Shape = {}
  seen.set(schema, shape)
  switch (schema[0]) {
    case 0:
      Object.assign(shape, translate(schema[4], seen))
      break
    case 1:
      shape.type = 'list'
      shape.member = translate(schema[4], seen)
      break
    case 2:
      shape.type = 'map'
      shape.key = translate(schema[4], seen)
      shape.value = translate(schema[5], seen)
      break
    case 3:
    case -3:
    case 4: {
      const names = schema[4] as string[]
      const memberSchemas = schema[5] as unknown[]
      const requiredCount = typeof schema[6] === 'number' ? schema[6] : 0
      shape.type = 'structure'
      shape.required = names.slice(0, requiredCount)
      shape.members = {}
      names.forEach((name, index) => (shape.members![name] = translate(memberSchemas[index], seen)))
      break
    }
    default:
      throw new Error(`unknown v3 schema kind ${String(schema[0])}`)
  }
  return shape
}

function fromTypeCode(code: number): Shape {
  if (code >= 128) return { type: 'map', key: { type: 'string' }, value: fromTypeCode(code & 0b0011_1111) }
  if (code >= 64) return { type: 'list', member: fromTypeCode(code & 0b0011_1111) }
  if (code === 1) return { type: 'double' }
  if (code === 2) return { type: 'boolean' }
  if (code >= 4 && code <= 7) return { type: 'timestamp' }
  if (code === 15) return { type: 'document' }
  if (code === 17) return { type: 'long' }
  if (code === 19) return { type: 'double' }
  if (code === 21 || code === 42) return { type: 'blob' }
  return { type: 'string' }
}
