/** A `WWW-Authenticate` challenge: `Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:x:pull"`. */
export interface AuthChallenge {
  scheme: string
  params: Record<string, string>
}

/** Parses the first challenge of a WWW-Authenticate header (registries send one). */
export function parseChallenge(header: string | null): AuthChallenge | undefined {
  if (!header) return undefined
  const match = /^\s*([A-Za-z][A-Za-z0-9_-]*)\s*(.*)$/s.exec(header)
  if (!match) return undefined
  const [, scheme, rest] = match
  const params: Record<string, string> = {}
  for (const param of rest.matchAll(/([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g)) {
    params[param[1].toLowerCase()] = param[2] !== undefined ? param[2].replace(/\\(.)/g, '$1') : param[3]
  }
  return { scheme: scheme.toLowerCase(), params }
}
