import { AwsError } from '../world.js'

export interface Page<T> {
  items: T[]
  /** Absent on the last page. */
  nextToken?: string
}

/**
 * Offset pagination with opaque tokens, as the List/Describe operations answer. A token the simulator did not
 * issue is refused with the service's own error.
 */
export function paginate<T>(
  items: T[],
  pageSize: number,
  token: string | undefined,
  invalidToken: () => AwsError
): Page<T> {
  const offset = token === undefined ? 0 : decodeToken(token)
  if (offset === undefined || offset > items.length) throw invalidToken()
  const end = offset + pageSize
  return { items: items.slice(offset, end), nextToken: end < items.length ? encodeToken(end) : undefined }
}

function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ simulatorOffset: offset })).toString('base64')
}

function decodeToken(token: string): number | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { simulatorOffset?: unknown }
    return Number.isInteger(parsed.simulatorOffset) && (parsed.simulatorOffset as number) >= 0
      ? (parsed.simulatorOffset as number)
      : undefined
  } catch {
    return undefined
  }
}

/** A page size within the service's bounds, or the service's validation error naming the member. */
export function pageSize(
  value: unknown,
  member: string,
  bounds: { min?: number; max: number; default: number },
  code: string
): number {
  if (value === undefined || value === null) return bounds.default
  const size = value as number
  const min = bounds.min ?? 1
  if (size < min) {
    throw new AwsError(
      code,
      `1 validation error detected: Value '${size}' at '${member}' failed to satisfy constraint: Member must have value greater than or equal to ${min}`
    )
  }
  if (size > bounds.max) {
    throw new AwsError(
      code,
      `1 validation error detected: Value '${size}' at '${member}' failed to satisfy constraint: Member must have value less than or equal to ${bounds.max}`
    )
  }
  return size
}

/** Dispatches an operation to its function, or says plainly that the simulator lacks it. */
export function operationTable(
  service: string,
  table: Record<string, (input: Record<string, unknown>) => unknown>
): (operation: string, input: Record<string, unknown>) => unknown {
  return (operation, input) => {
    const run = Object.prototype.hasOwnProperty.call(table, operation) ? table[operation] : undefined
    if (!run)
      throw new AwsError(
        'UnknownOperationException',
        `The simulator does not implement ${service} ${operation}`
      )
    return run(input)
  }
}
