import { randomBytes } from 'node:crypto'

/** Scopes granted to a token: repository name -> actions (`pull`, `push`). */
type Grants = Map<string, Set<string>>

const TOKEN_LIFETIME_SECONDS = 300

/**
 * Docker token authentication as ghcr.io runs it: anyone may get a pull token for a public repository; the token
 * only opens the repositories named in its scopes.
 */
export class TokenIssuer {
  private readonly tokens = new Map<string, { grants: Grants; expiresAt: number }>()

  /** `scope` values as the token endpoint gets them: `repository:<name>:<actions>`, several allowed. */
  issue(scopes: string[]): { token: string; access_token: string; expires_in: number; issued_at: string } {
    const grants: Grants = new Map()
    for (const scope of scopes.flatMap(value => value.split(' ')).filter(Boolean)) {
      const match = /^repository:(.+):([a-z*,]+)$/.exec(scope)
      if (!match) continue
      const actions = grants.get(match[1]) ?? new Set<string>()
      // Anonymous callers get pull only, whatever they ask for.
      if (match[2].split(',').some(action => action === 'pull' || action === '*')) actions.add('pull')
      grants.set(match[1], actions)
    }
    const token = randomBytes(24).toString('base64url')
    this.tokens.set(token, { grants, expiresAt: Date.now() + TOKEN_LIFETIME_SECONDS * 1000 })
    return {
      token,
      access_token: token,
      expires_in: TOKEN_LIFETIME_SECONDS,
      issued_at: new Date().toISOString()
    }
  }

  /** Whether the request's bearer token is valid and, when a repository is named, may pull from it. */
  allows(authorization: string | undefined, repository?: string): boolean {
    const match = /^bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '')
    const entry = match ? this.tokens.get(match[1]) : undefined
    if (!entry || entry.expiresAt < Date.now()) return false
    return repository === undefined || (entry.grants.get(repository)?.has('pull') ?? false)
  }
}
