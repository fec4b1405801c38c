import type { SimRequest, SimResponse } from '../world.js'
import type { Identity } from './auth.js'
import type { Urls } from './payloads.js'
import type { IdSequence, RepositoryState } from './repository-state.js'

/** What every route handler gets: the request, its decoded path parameters, caller and repository. */
export interface RouteCall {
  request: SimRequest
  params: Record<string, string>
  identity: Identity
  /** Set for routes under `/repos/:owner/:repo`. */
  repository: RepositoryState
  /** Parsed JSON body ({} for none). */
  input: Record<string, unknown>
  ids: IdSequence
  urls: Urls
}

export type RouteHandler = (call: RouteCall) => SimResponse

export interface Route {
  method: string
  /** Segments; `:name` takes one segment, a final `*name` takes the rest (possibly empty, slashes kept). */
  pattern: string
  handler: RouteHandler
}

export function route(method: string, pattern: string, handler: RouteHandler): Route {
  return { method, pattern, handler }
}

/**
 * Matches a raw (still percent-encoded) path, so `%2F` inside a branch name stays inside its parameter, then
 * decodes each parameter.
 */
export function matchRoute(pattern: string, path: string): Record<string, string> | undefined {
  const wanted = pattern.split('/').filter(Boolean)
  const trimmed = path.replace(/^\/+/, '')
  const actual = trimmed === '' ? [] : trimmed.split('/')
  const params: Record<string, string> = {}
  for (let index = 0; index < wanted.length; index++) {
    const segment = wanted[index]
    if (segment.startsWith('*')) {
      params[segment.slice(1)] = decode(actual.slice(index).filter(Boolean).join('/'))
      return params
    }
    const value = actual[index]
    if (value === undefined || value === '') return undefined
    if (segment.startsWith(':')) params[segment.slice(1)] = decode(value)
    else if (segment !== value) return undefined
  }
  const rest = actual.slice(wanted.length).filter(Boolean)
  return rest.length === 0 ? params : undefined
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}
