import { Agent, Dispatcher, ProxyAgent, fetch as undiciFetch } from 'undici'
import { proxyEndpoint, proxyFor, type ProxySettings } from './proxy-settings.js'

/**
 * An undici dispatcher that sends each request straight or through the proxy `proxyFor` names for its origin,
 * decided per request, so a redirect to another host (a registry's blob storage) follows the rules too.
 * Proxied requests go through undici's ProxyAgent: a CONNECT tunnel for https targets, and for http targets an
 * absolute-URI request (`proxyTunnel: false`), as curl and the AWS SDK's agents send it; many proxies allow
 * CONNECT to port 443 only.
 */
class ProxyRoutingDispatcher extends Dispatcher {
  private readonly direct = new Agent()
  private readonly proxies = new Map<string, ProxyAgent>()

  constructor(private readonly settings: ProxySettings) {
    super()
  }

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandlers): boolean {
    const proxy = proxyFor(this.settings, new URL(String(options.origin)))
    return (proxy ? this.proxyAgent(proxy) : this.direct).dispatch(options, handler)
  }

  private proxyAgent(proxy: URL): ProxyAgent {
    let agent = this.proxies.get(proxy.href)
    if (!agent) {
      // The credentials travel as Proxy-Authorization, never in the URI undici may quote in an error.
      const { uri, authorization } = proxyEndpoint(proxy)
      agent = new ProxyAgent({
        uri: uri.href,
        proxyTunnel: false,
        ...(authorization ? { token: authorization } : {})
      })
      this.proxies.set(proxy.href, agent)
    }
    return agent
  }

  override async close(): Promise<void> {
    await Promise.all([this.direct.close(), ...[...this.proxies.values()].map(agent => agent.close())])
  }

  override async destroy(): Promise<void> {
    await Promise.all([this.direct.destroy(), ...[...this.proxies.values()].map(agent => agent.destroy())])
  }
}

const fetches = new WeakMap<ProxySettings, typeof fetch>()

/**
 * `fetch` that follows these proxy settings, for Octokit, the registry and the health probe: undici's own,
 * the one Octokit already runs on (Node's global fetch ignores HTTPS_PROXY). One per settings value, so a
 * run shares its connections.
 */
export function proxiedFetch(settings: ProxySettings): typeof fetch {
  let made = fetches.get(settings)
  if (!made) {
    const dispatcher = new ProxyRoutingDispatcher(settings)
    made = ((input, init) =>
      undiciFetch(input as Parameters<typeof undiciFetch>[0], {
        ...(init as Parameters<typeof undiciFetch>[1]),
        dispatcher
      })) as typeof fetch
    fetches.set(settings, made)
  }
  return made
}
