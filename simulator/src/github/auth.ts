import type { GitHubSeed } from '../scenario.js'
import type { SimRequest } from '../world.js'
import { GitHubHttpError } from './http.js'

export interface Identity {
  login: string
  kind: 'app' | 'user' | 'anonymous'
  readOnly: boolean
}

/** The identity GITHUB_TOKEN has; every token gets it when the scenario seeds no tokens. */
export const ACTIONS_BOT: Identity = { login: 'github-actions[bot]', kind: 'app', readOnly: false }

const ANONYMOUS: Identity = { login: '', kind: 'anonymous', readOnly: true }

function bearer(request: SimRequest): string | undefined {
  const header = request.headers.authorization
  if (!header) return undefined
  const match = /^(?:token|bearer)\s+(\S+)\s*$/i.exec(header)
  if (!match) throw new GitHubHttpError(401, 'Bad credentials')
  return match[1]
}

/**
 * Who is calling. Seeded tokens are checked (unknown: 401 Bad credentials); with no tokens seeded any token is
 * GITHUB_TOKEN. No Authorization header at all is an anonymous caller, who may read public repositories only.
 */
export function identify(request: SimRequest, seed: GitHubSeed | undefined): Identity {
  const token = bearer(request)
  if (token === undefined) return ANONYMOUS
  const tokens = seed?.tokens
  if (!tokens || Object.keys(tokens).length === 0) return ACTIONS_BOT
  const known = Object.prototype.hasOwnProperty.call(tokens, token) ? tokens[token] : undefined
  if (!known) throw new GitHubHttpError(401, 'Bad credentials')
  return { login: known.login, kind: known.kind, readOnly: known.readOnly ?? false }
}

/** Writes need a token with write access, as the fine-grained permissions of GITHUB_TOKEN decide. */
export function requireWrite(identity: Identity): void {
  if (identity.kind === 'anonymous') throw new GitHubHttpError(401, 'Requires authentication')
  if (identity.readOnly) throw new GitHubHttpError(403, 'Resource not accessible by integration')
}

export function userPayload(login: string, apiUrl: string, serverUrl: string): Record<string, unknown> {
  const bot = login.endsWith('[bot]')
  return {
    login,
    id: loginId(login),
    node_id: Buffer.from(`User:${login}`).toString('base64'),
    type: bot ? 'Bot' : 'User',
    site_admin: false,
    url: `${apiUrl}/users/${encodeURIComponent(login)}`,
    html_url: bot ? `${serverUrl}/apps/${login.slice(0, -5)}` : `${serverUrl}/${login}`,
    avatar_url: `${serverUrl}/avatars/${encodeURIComponent(login)}`
  }
}

/** A stable numeric id per login (github-actions[bot] is 41898282 on github.com). */
function loginId(login: string): number {
  if (login === ACTIONS_BOT.login) return 41898282
  let hash = 7
  for (const char of login) hash = (hash * 31 + char.charCodeAt(0)) % 100_000_000
  return 1_000_000 + hash
}
