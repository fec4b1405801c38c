import { createRequire } from 'node:module'

/**
 * The official API models of the simulated services, recorded by scripts/record-api-models.ts from the
 * `@aws-sdk/client-*` packages into apis/<service>.json: every operation's input (and, for the awsQuery services,
 * output) shapes, required members and enum value sets. The clients' schemas do not tell integers from doubles,
 * so every numeric member is a `number`.
 */
export type ShapeType =
  'structure' | 'list' | 'map' | 'string' | 'number' | 'boolean' | 'timestamp' | 'blob' | 'document'

export interface Shape {
  /** Absent means string. */
  type?: ShapeType
  /** Reference into ApiModel.shapes. */
  shape?: string
  members?: Record<string, Shape>
  required?: string[]
  /** A union: a structure of which one member is set. */
  union?: boolean
  member?: Shape
  key?: Shape
  value?: Shape
  /** The values a string member accepts, as the model lists them. */
  enum?: string[]
  /** awsQuery: a list member's element name (`Tag`, `DBSnapshot`); `member` when absent. */
  locationName?: string
  /** awsQuery: the element wrapping an operation's output; `<Operation>Result` when absent. */
  resultWrapper?: string
}

export interface OperationModel {
  input?: Shape
  output?: Shape
}

export interface ApiModel {
  /** The package and version the model was recorded from. */
  source: { package: string; version: string }
  metadata: {
    protocol: 'json' | 'query'
    targetPrefix?: string
    xmlNamespace?: string
    apiVersion: string
    serviceId: string
  }
  operations: Record<string, OperationModel>
  shapes: Record<string, Shape>
}

const require = createRequire(import.meta.url)
const cache = new Map<string, ApiModel>()

/** `ecs` -> the recorded model in apis/ecs.json. */
export function loadApiModel(service: string): ApiModel {
  let model = cache.get(service)
  if (!model) {
    model = require(`./apis/${service}.json`) as ApiModel
    cache.set(service, model)
  }
  return model
}

/** Follows `shape` references to the shape that carries the type. */
export function resolveShape(model: ApiModel, shape: Shape): Shape {
  let resolved = shape
  for (let depth = 0; resolved.shape !== undefined; depth++) {
    const target = model.shapes[resolved.shape]
    if (!target || depth > 32)
      throw new Error(`API model ${model.metadata.serviceId}: unknown shape ${resolved.shape}`)
    resolved = target
  }
  return resolved
}

export function shapeType(shape: Shape): ShapeType {
  return shape.type ?? 'string'
}
