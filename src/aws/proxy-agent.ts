import http from 'node:http'
import https from 'node:https'
import { HttpProxyAgent } from 'http-proxy-agent'
import { HttpsProxyAgent } from 'https-proxy-agent'
import { proxyEndpoint, proxyFor, type ProxySettings } from '../network/proxy-settings.js'

/** The agents the AWS SDK's NodeHttpHandler sends with: one for http endpoints, one for https endpoints. */
export interface AwsAgents {
  httpAgent: http.Agent
  httpsAgent: https.Agent
}

/** The SDK's own defaults for the agents it would create itself. */
const AGENT_OPTIONS = { keepAlive: true, maxSockets: 50 }

type AddRequest = (request: http.ClientRequest, options: http.RequestOptions) => void

/**
 * An agent that owns no socket: each request is handed, synchronously, to the agent its target calls for
 * (direct, HttpProxyAgent's absolute-URI requests for http endpoints, HttpsProxyAgent's CONNECT tunnel for
 * https ones), and that agent pools its own connections. Handing over synchronously matters: an agent that
 * decides asynchronously (agent-base's `connect()`) lets the SDK write the request first, and a request that
 * then lands on a reused keep-alive proxy connection goes out with its relative path, which the proxy cannot
 * route.
 */
function routingAgent<A extends http.Agent>(
  agent: A,
  secure: boolean,
  direct: http.Agent,
  proxied: (proxy: URL) => http.Agent,
  settings: ProxySettings
): A {
  const protocol = secure ? 'https:' : 'http:'
  const addRequest: AddRequest = (request, options) => {
    const proxy = proxyFor(settings, {
      protocol,
      hostname: options.host ?? options.hostname ?? 'localhost',
      port: options.port ?? undefined
    })
    const chosen = (proxy ? proxied(proxy) : direct) as unknown as { addRequest: AddRequest }
    chosen.addRequest(request, options)
  }
  // `destroy()` (the SDK calls it when a client is destroyed) stays the agent's own and closes nothing: the
  // pools it hands to serve every client of the run, and their idle keep-alive sockets do not hold the process.
  return Object.assign(agent, { addRequest })
}

const made = new WeakMap<ProxySettings, AwsAgents>()

/** One pair of agents per settings value, so every AWS client of a run shares its connections. */
export function awsAgents(settings: ProxySettings): AwsAgents {
  let agents = made.get(settings)
  if (agents) return agents
  // The credentials as a header, not in the URL: the agents log their URL when DEBUG names them.
  const options = (authorization: string | undefined) => ({
    ...AGENT_OPTIONS,
    ...(authorization ? { headers: { 'Proxy-Authorization': authorization } } : {})
  })
  const httpProxy = once((proxy: URL) => {
    const { uri, authorization } = proxyEndpoint(proxy)
    return new HttpProxyAgent(uri, options(authorization))
  })
  const httpsProxy = once((proxy: URL) => {
    const { uri, authorization } = proxyEndpoint(proxy)
    return new HttpsProxyAgent(uri, options(authorization))
  })
  agents = {
    httpAgent: routingAgent(
      new http.Agent(AGENT_OPTIONS),
      false,
      new http.Agent(AGENT_OPTIONS),
      httpProxy,
      settings
    ),
    httpsAgent: routingAgent(
      new https.Agent(AGENT_OPTIONS),
      true,
      new https.Agent(AGENT_OPTIONS),
      httpsProxy,
      settings
    )
  }
  made.set(settings, agents)
  return agents
}

/** Settings name one proxy per scheme, so one agent per scheme. */
function once<T>(make: (proxy: URL) => T): (proxy: URL) => T {
  let value: T | undefined
  return proxy => (value ??= make(proxy))
}
