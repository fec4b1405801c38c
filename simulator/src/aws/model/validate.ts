import { resolveShape, shapeType, type ApiModel, type Shape } from './api-model.js'

/** One way an input breaks its model: a required member missing, a value of the wrong type or outside its enum. */
export interface ValidationIssue {
  /** Coral's member path: `containerDefinitions.1.member.name`. */
  path: string
  value: unknown
  constraint: string
}

/**
 * Checks a decoded input against its operation's input shape, recursively through structures, lists and maps.
 * Unknown members are ignored, as the services' JSON front ends do.
 */
export function validateShape(model: ApiModel | undefined, shape: Shape, input: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = []
  check(model, shape, input, '', issues)
  return issues
}

/** Coral's wording: `1 validation error detected: Value null at 'services' failed to satisfy constraint: …`. */
export function describeIssues(issues: ValidationIssue[]): string {
  const shown = issues.slice(0, 10).map(issue => {
    const value = issue.value === undefined || issue.value === null ? 'null' : `'${preview(issue.value)}'`
    return `Value ${value} at '${issue.path}' failed to satisfy constraint: ${issue.constraint}`
  })
  const count =
    issues.length === 1 ? '1 validation error detected' : `${issues.length} validation errors detected`
  return `${count}: ${shown.join('; ')}`
}

function preview(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value)
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}

function check(
  model: ApiModel | undefined,
  declared: Shape,
  value: unknown,
  path: string,
  issues: ValidationIssue[],
  /** An element of a list of enums, whose enum the list's own issue reports. */
  enumReported = false
): void {
  const shape = model ? resolveShape(model, declared) : declared
  const type = shapeType(shape)
  const wrong = (constraint: string): void => void issues.push({ path: path || 'input', value, constraint })
  switch (type) {
    case 'structure': {
      if (!isPlainObject(value)) return wrong('Member must be a structure')
      const record = value as Record<string, unknown>
      for (const name of shape.required ?? []) {
        if (record[name] === undefined || record[name] === null) {
          issues.push({ path: join(path, name), value: null, constraint: 'Member must not be null' })
        }
      }
      for (const [name, member] of Object.entries(shape.members ?? {})) {
        const memberValue = record[name]
        if (memberValue !== undefined && memberValue !== null)
          check(model, member, memberValue, join(path, name), issues)
      }
      return
    }
    case 'list': {
      if (!Array.isArray(value)) return wrong('Member must be a list')
      // Coral reports a list whose elements break their enum once, at the list, with the whole list as value.
      const values = enumOf(model, shape.member)
      if (values && value.some(item => typeof item === 'string' && !values.includes(item))) {
        issues.push({
          path: path || 'input',
          value: javaList(value),
          constraint: `Member must satisfy constraint: [${enumConstraint(values)}]`
        })
      }
      value.forEach((item, index) => {
        const itemPath = `${join(path, String(index + 1))}.member`
        if (item === null || item === undefined) {
          issues.push({ path: itemPath, value: null, constraint: 'Member must not be null' })
        } else check(model, shape.member ?? {}, item, itemPath, issues, values !== undefined)
      })
      return
    }
    case 'map': {
      if (!isPlainObject(value)) return wrong('Member must be a map')
      const keys = enumOf(model, shape.key)
      if (keys && Object.keys(value as object).some(key => !keys.includes(key)))
        wrong(`Map keys must satisfy constraint: [${enumConstraint(keys)}]`)
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
        if (item === null || item === undefined) {
          issues.push({ path: join(path, key), value: null, constraint: 'Member must not be null' })
        } else check(model, shape.value ?? {}, item, join(path, key), issues)
      }
      return
    }
    case 'string':
      if (typeof value !== 'string') wrong('Member must be a string')
      else if (shape.enum && !shape.enum.includes(value) && !enumReported) wrong(enumConstraint(shape.enum))
      return
    case 'boolean':
      if (typeof value !== 'boolean') wrong('Member must be a boolean')
      return
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) wrong('Member must be a number')
      return
    case 'timestamp':
      // JSON 1.1 sends epoch seconds; an ISO 8601 string is accepted as well.
      if (
        !(typeof value === 'number' && Number.isFinite(value)) &&
        !(typeof value === 'string' && !isNaN(Date.parse(value)))
      ) {
        wrong('Member must be a timestamp')
      }
      return
    case 'blob':
      if (typeof value !== 'string') wrong('Member must be base64-encoded binary data')
      return
    case 'document':
      return
  }
}

/** The enum value set of a list element or map key, when it has one. */
function enumOf(model: ApiModel | undefined, declared: Shape | undefined): string[] | undefined {
  if (!declared) return undefined
  return (model ? resolveShape(model, declared) : declared).enum
}

function enumConstraint(values: string[]): string {
  return `Member must satisfy enum value set: [${values.join(', ')}]`
}

/** How Java prints a list, as Coral's messages show one: `[FARGATE, FARGATEE]`. */
function javaList(items: unknown[]): string {
  return `[${items.map(item => (typeof item === 'string' ? item : JSON.stringify(item))).join(', ')}]`
}

function join(path: string, name: string): string {
  return path ? `${path}.${name}` : name
}

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
