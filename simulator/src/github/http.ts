import type { SimRequest, SimResponse } from '../world.js'

const DOCS = 'https://docs.github.com/rest'

/** A GitHub error answer: `{message, documentation_url, errors?}` with the status GitHub uses. */
export class GitHubHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: Record<string, unknown>[],
    readonly headers: Record<string, string> = {}
  ) {
    super(message)
  }

  toResponse(): SimResponse {
    const body: Record<string, unknown> = { message: this.message }
    if (this.errors) body.errors = this.errors
    body.documentation_url = DOCS
    body.status = String(this.status)
    return { status: this.status, headers: { ...standardHeaders(), ...this.headers }, body }
  }
}

export const notFound = (message = 'Not Found'): GitHubHttpError => new GitHubHttpError(404, message)

/** 422 Validation Failed with GitHub's `errors` list. */
export function validationFailed(errors: Record<string, unknown>[]): GitHubHttpError {
  return new GitHubHttpError(422, 'Validation Failed', errors)
}

export function missingField(resource: string, field: string): GitHubHttpError {
  return validationFailed([{ resource, field, code: 'missing_field' }])
}

const BODY_LIMIT = 65536

/** GitHub counts characters, not UTF-16 units or bytes. */
export function checkBodyLength(resource: string, body: unknown): void {
  if (typeof body === 'string' && Array.from(body).length > BODY_LIMIT) {
    throw validationFailed([
      {
        resource,
        field: 'body',
        code: 'custom',
        message: `body is too long (maximum is ${BODY_LIMIT} characters)`
      }
    ])
  }
}

export function standardHeaders(): Record<string, string> {
  return {
    'content-type': 'application/json; charset=utf-8',
    'x-github-media-type': 'github.v3; format=json',
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': '4999',
    'x-ratelimit-resource': 'core'
  }
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): SimResponse {
  return { status, headers: { ...standardHeaders(), ...headers }, body: body as object }
}

export function parseJsonBody(request: SimRequest): Record<string, unknown> {
  if (request.body.trim() === '') return {}
  try {
    const parsed: unknown = JSON.parse(request.body)
    if (parsed !== null && typeof parsed === 'object') return parsed as Record<string, unknown>
  } catch {
    // falls through to GitHub's answer for bodies that are not a JSON object
  }
  throw new GitHubHttpError(400, 'Problems parsing JSON')
}

/** A required string member; absent or empty answers 422 missing_field like GitHub. */
export function requiredString(input: Record<string, unknown>, field: string, resource: string): string {
  const value = input[field]
  if (value === undefined || value === null || value === '') throw missingField(resource, field)
  if (typeof value !== 'string') {
    throw new GitHubHttpError(
      422,
      `Invalid request.\n\nFor '${field}', ${JSON.stringify(value)} is not a string.`
    )
  }
  return value
}

export function optionalString(input: Record<string, unknown>, field: string): string | undefined {
  const value = input[field]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') {
    throw new GitHubHttpError(
      422,
      `Invalid request.\n\nFor '${field}', ${JSON.stringify(value)} is not a string.`
    )
  }
  return value
}

/**
 * One page of `items` with GitHub's Link header (`next`, `last`, `first`, `prev`), from `page` and `per_page`
 * (default 30, at most 100) of the request.
 */
export function paginate<T>(items: T[], request: SimRequest, apiUrl: string): { page: T[]; link?: string } {
  const perPage = Math.min(100, Math.max(1, positiveInt(request.query.get('per_page')) ?? 30))
  const page = positiveInt(request.query.get('page')) ?? 1
  const lastPage = Math.max(1, Math.ceil(items.length / perPage))
  const pageUrl = (n: number): string => {
    const query = new URLSearchParams(request.query)
    query.set('per_page', String(perPage))
    query.set('page', String(n))
    return `${apiUrl}${request.path}?${query.toString()}`
  }
  const links: string[] = []
  if (page < lastPage) links.push(`<${pageUrl(page + 1)}>; rel="next"`, `<${pageUrl(lastPage)}>; rel="last"`)
  if (page > 1)
    links.push(`<${pageUrl(1)}>; rel="first"`, `<${pageUrl(Math.min(page - 1, lastPage))}>; rel="prev"`)
  return {
    page: items.slice((page - 1) * perPage, page * perPage),
    link: links.length > 0 ? links.join(', ') : undefined
  }
}

function positiveInt(value: string | null): number | undefined {
  if (value === null || !/^\d+$/.test(value)) return undefined
  const n = Number(value)
  return n >= 1 ? n : undefined
}

export function listResponse<T>(
  items: T[],
  request: SimRequest,
  apiUrl: string,
  render: (item: T) => unknown
): SimResponse {
  const { page, link } = paginate(items, request, apiUrl)
  return json(200, page.map(render), link ? { link } : {})
}
