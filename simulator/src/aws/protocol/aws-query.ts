import { randomUUID } from 'node:crypto'
import type { SimResponse } from '../../world.js'
import type { AwsError } from '../../world.js'
import type { AwsServiceSpec } from '../catalogue.js'
import { resolveShape, shapeType, type ApiModel, type Shape } from '../model/api-model.js'
import type { ValidationIssue } from '../model/validate.js'

/**
 * The awsQuery protocol (ELBv2, RDS): form-encoded input flattened by the model (`Names.member.1=…`,
 * `Attributes.member.1.Key=…`, `Tags.entry.1.key=…`; RDS names its list members: `Tags.Tag.1.Key=…`), XML output wrapped in `<OpResponse><OpResult>`.
 */

export interface DecodedQueryInput {
  input: Record<string, unknown>
  /** Scalars that do not parse as their type (`PageSize=ten`). */
  issues: ValidationIssue[]
}

export function decodeQueryInput(model: ApiModel, shape: Shape, params: URLSearchParams): DecodedQueryInput {
  const keys = [...params.keys()]
  const issues: ValidationIssue[] = []
  const decode = (declared: Shape, prefix: string): unknown => {
    const current = resolveShape(model, declared)
    const type = shapeType(current)
    if (type === 'structure') {
      const record: Record<string, unknown> = {}
      for (const [name, member] of Object.entries(current.members ?? {})) {
        const value = decode(member, prefix ? `${prefix}.${name}` : name)
        if (value !== undefined) record[name] = value
      }
      return prefix === '' || Object.keys(record).length > 0 ? record : undefined
    }
    if (type === 'list' || type === 'map') {
      // An empty list is sent as `Name=` with no members.
      if (params.get(prefix) === '') return type === 'list' ? [] : {}
      const marker =
        type === 'list' ? `${prefix}.${current.member?.locationName ?? 'member'}.` : `${prefix}.entry.`
      const indices = [
        ...new Set(
          keys
            .filter(key => key.startsWith(marker))
            .map(key => Number(key.slice(marker.length).split('.')[0]))
        )
      ]
        .filter(Number.isInteger)
        .sort((a, b) => a - b)
      if (indices.length === 0) return undefined
      if (type === 'list') return indices.map(index => decode(current.member ?? {}, `${marker}${index}`))
      const map: Record<string, unknown> = {}
      for (const index of indices) {
        const key = params.get(`${marker}${index}.key`)
        if (key !== null) map[key] = decode(current.value ?? {}, `${marker}${index}.value`)
      }
      return map
    }
    const raw = params.get(prefix)
    if (raw === null) return undefined
    const scalar = parseScalar(type, raw)
    if (scalar === undefined)
      issues.push({ path: prefix, value: raw, constraint: `Member must be of type ${type}` })
    return scalar ?? raw
  }
  return { input: decode(shape, '') as Record<string, unknown>, issues }
}

function parseScalar(type: string, raw: string): unknown {
  switch (type) {
    case 'number':
      return raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : undefined
    case 'boolean':
      return raw === 'true' ? true : raw === 'false' ? false : undefined
    case 'timestamp':
      return isNaN(Date.parse(raw)) ? undefined : raw
    default:
      return raw
  }
}

export function queryResponse(spec: AwsServiceSpec, operation: string, output: unknown): SimResponse {
  const shape = spec.model.operations[operation]?.output
  const wrapper = shape?.resultWrapper ?? `${operation}Result`
  const members = shape ? xmlValue(spec.model, shape, output ?? {}) : ''
  const requestId = randomUUID()
  const body =
    `<${operation}Response xmlns="${spec.model.metadata.xmlNamespace}">` +
    `<${wrapper}>${members}</${wrapper}>` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata>` +
    `</${operation}Response>`
  return { status: 200, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, body }
}

export function queryErrorResponse(spec: AwsServiceSpec, error: AwsError): SimResponse {
  const type = error.status >= 500 ? 'Receiver' : 'Sender'
  const requestId = randomUUID()
  const body =
    `<ErrorResponse xmlns="${spec.model.metadata.xmlNamespace}">` +
    `<Error><Type>${type}</Type><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error>` +
    `<RequestId>${requestId}</RequestId>` +
    `</ErrorResponse>`
  return {
    status: error.status,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
    body
  }
}

/** Members the model does not declare are left out, as the real service's serializer does. */
function xmlValue(model: ApiModel, declared: Shape, value: unknown): string {
  const shape = resolveShape(model, declared)
  switch (shapeType(shape)) {
    case 'structure': {
      const record = value as Record<string, unknown>
      return Object.entries(shape.members ?? {})
        .filter(([name]) => record[name] !== undefined && record[name] !== null)
        .map(([name, member]) => `<${name}>${xmlValue(model, member, record[name])}</${name}>`)
        .join('')
    }
    case 'list': {
      const element = shape.member?.locationName ?? 'member'
      return (value as unknown[])
        .map(item => `<${element}>${xmlValue(model, shape.member ?? {}, item)}</${element}>`)
        .join('')
    }
    case 'map':
      return Object.entries(value as Record<string, unknown>)
        .map(
          ([key, item]) =>
            `<entry><key>${escapeXml(key)}</key><value>${xmlValue(model, shape.value ?? {}, item)}</value></entry>`
        )
        .join('')
    case 'timestamp':
      return value instanceof Date
        ? value.toISOString()
        : typeof value === 'number'
          ? new Date(value * 1000).toISOString()
          : escapeXml(String(value))
    default:
      return escapeXml(String(value))
  }
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, char => `&#${char.charCodeAt(0)};`)
}
