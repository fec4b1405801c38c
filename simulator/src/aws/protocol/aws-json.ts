import { randomUUID } from 'node:crypto'
import { AwsError, type SimResponse } from '../../world.js'
import type { AwsServiceSpec } from '../catalogue.js'

const CONTENT_TYPE = 'application/x-amz-json-1.1'

/** `AmazonEC2ContainerServiceV20141113.DescribeServices` -> prefix and operation. */
export function splitTarget(target: string): { prefix: string; operation: string } {
  const dot = target.lastIndexOf('.')
  return dot < 0
    ? { prefix: '', operation: target }
    : { prefix: target.slice(0, dot), operation: target.slice(dot + 1) }
}

/** The request body as the service's JSON deserializer reads it: an object, or SerializationException. */
export function parseJsonInput(body: string): Record<string, unknown> {
  if (body.trim() === '') return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    throw new AwsError('SerializationException', 'Could not parse the request body as JSON')
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new AwsError('SerializationException', 'Start of structure or map found where not expected.')
  }
  return parsed as Record<string, unknown>
}

/** JSON 1.1 output: Dates become epoch seconds, as the SDK's deserializer expects. */
export function jsonResponse(output: unknown): SimResponse {
  const body = JSON.stringify(output ?? {}, function (this: Record<string, unknown>, key, value: unknown) {
    const raw = this[key]
    return raw instanceof Date ? raw.getTime() / 1000 : value
  })
  return { status: 200, headers: { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': randomUUID() }, body }
}

export function jsonErrorResponse(spec: AwsServiceSpec | undefined, error: AwsError): SimResponse {
  const key = spec?.messageKey ?? 'message'
  return {
    status: error.status,
    headers: {
      'content-type': CONTENT_TYPE,
      'x-amzn-requestid': randomUUID(),
      'x-amzn-errortype': error.code
    },
    body: JSON.stringify({ __type: error.code, [key]: error.message })
  }
}
