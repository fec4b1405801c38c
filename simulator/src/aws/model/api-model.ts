import { createRequire } from 'node:module'

/**
 * The official API models that the `aws-sdk` (v2) package ships as `apis/<service>-<version>.min.json`: operations,
 * member types and required members (the minified models carry no length, range or enum constraints).
 */
export type ShapeType =
  | 'structure'
  | 'list'
  | 'map'
  | 'string'
  | 'integer'
  | 'long'
  | 'float'
  | 'double'
  | 'boolean'
  | 'timestamp'
  | 'blob'
  | 'document'

export interface Shape {
  /** Absent means string, as in the minified models. */
  type?: ShapeType
  /** Reference into ApiModel.shapes. */
  shape?: string
  members?: Record<string, Shape>
  required?: string[]
  member?: Shape
  key?: Shape
  value?: Shape
  /** awsQuery: a list member's element name (`Tag`, `DBSnapshot`); `member` when absent. */
  locationName?: string
  /** awsQuery: the element wrapping an operation's output. */
  resultWrapper?: string
}

export interface OperationModel {
  input?: Shape
  output?: Shape
}

export interface ApiModel {
  metadata: {
    protocol: string
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

/** `ecs-2014-11-13` -> the parsed model from aws-sdk/apis. */
export function loadApiModel(uid: string): ApiModel {
  let model = cache.get(uid)
  if (!model) {
    model = require(`aws-sdk/apis/${uid}.min.json`) as ApiModel
    cache.set(uid, model)
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
