import { BlockList, isIP } from 'node:net'

/**
 * NO_PROXY, parsed once: which hosts every client of the action reaches directly although a proxy is set.
 *
 * Hand-written on purpose. The libraries that read NO_PROXY each lack a rule enterprise runners use or add one
 * the tests cannot live with: @actions/http-client's `checkBypass` always bypasses loopback and knows no CIDR
 * ranges, `proxy-from-env` and undici's `EnvHttpProxyAgent` read `process.env` themselves (so one value could
 * not be validated once and shared) and know no CIDR ranges either. The rules below are the common ground of
 * curl, Go's `httpproxy` and the runner, plus ranges:
 * - entries separated by commas and/or whitespace, compared case-insensitively;
 * - `*` alone: no request uses a proxy;
 * - a host name matches itself and every subdomain (`example.com`, `.example.com` and `*.example.com` all match
 *   `example.com` and `api.example.com`, never `badexample.com`);
 * - `host:port` (`[v6]:port` for IPv6) matches only that port (the URL's, or 80/443 by scheme);
 * - an IP literal (`10.1.2.3`, `::1`, `[::1]`) or CIDR range (`10.0.0.0/8`, `fd00::/8`) matches a target
 *   written as an IP address in it; names are not resolved, so a range never matches a host name;
 * - no implicit entries: loopback goes through the proxy unless NO_PROXY names it.
 * An entry that fits none of these (a malformed range, a URL) matches nothing: NO_PROXY is shared by every tool
 * on the runner, and one another tool understands must not fail the action.
 */
export interface NoProxyRules {
  /** `*`: no request uses a proxy. */
  readonly all: boolean
  readonly entries: readonly NoProxyEntry[]
}

export type NoProxyEntry =
  { kind: 'domain'; domain: string; port?: number } | { kind: 'address'; addresses: BlockList; port?: number }

const PORT = /^\d{1,5}$/
const DOMAIN = /^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/

export function parseNoProxy(text: string | undefined): NoProxyRules {
  const items = (text ?? '')
    .split(/[\s,]+/)
    .map(item => item.trim().toLowerCase())
    .filter(Boolean)
  if (items.includes('*')) return { all: true, entries: [] }
  const entries: NoProxyEntry[] = []
  for (const item of items) {
    const entry = parseEntry(item)
    if (entry) entries.push(entry)
  }
  return { all: false, entries }
}

function parseEntry(item: string): NoProxyEntry | undefined {
  const { host, port } = splitPort(item)
  if (port !== undefined && (port < 1 || port > 65535)) return undefined
  const addresses = addressList(host)
  if (addresses) return { kind: 'address', addresses, ...(port !== undefined ? { port } : {}) }
  const domain = host.replace(/^\*?\./, '').replace(/\.$/, '')
  if (!DOMAIN.test(domain)) return undefined
  return { kind: 'domain', domain, ...(port !== undefined ? { port } : {}) }
}

/** `[v6]:port`, `[v6]`, `host:port`; a bare IPv6 literal or range (several colons) has no port. */
function splitPort(item: string): { host: string; port?: number } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(item)
  if (bracketed) return { host: bracketed[1], ...(bracketed[2] ? { port: Number(bracketed[2]) } : {}) }
  const colon = item.lastIndexOf(':')
  if (colon > 0 && item.indexOf(':') === colon && PORT.test(item.slice(colon + 1))) {
    return { host: item.slice(0, colon), port: Number(item.slice(colon + 1)) }
  }
  return { host: item }
}

/** An IP literal or CIDR range as a BlockList, or undefined when `host` is neither. */
function addressList(host: string): BlockList | undefined {
  const [address, prefix, ...rest] = host.split('/')
  const family = isIP(address)
  if (!family || rest.length > 0) return undefined
  const type = family === 4 ? 'ipv4' : 'ipv6'
  const list = new BlockList()
  if (prefix === undefined) {
    list.addAddress(address, type)
    return list
  }
  const bits = PORT.test(prefix) ? Number(prefix) : NaN
  if (!(bits >= 0 && bits <= (family === 4 ? 32 : 128))) return undefined
  list.addSubnet(address, bits, type)
  return list
}

/**
 * True when a request to `hostname` (as in a URL: IPv6 in brackets or not) on `port` goes direct.
 * `port` is the effective one: the URL's, or the scheme's default.
 */
export function bypassesProxy(rules: NoProxyRules, hostname: string, port: number): boolean {
  if (rules.all) return true
  const host = hostname
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '')
  const family = isIP(host)
  return rules.entries.some(entry => {
    if (entry.port !== undefined && entry.port !== port) return false
    if (entry.kind === 'address')
      return family !== 0 && entry.addresses.check(host, family === 4 ? 'ipv4' : 'ipv6')
    return family === 0 && (host === entry.domain || host.endsWith(`.${entry.domain}`))
  })
}
