import http from 'node:http'
import net, { type AddressInfo, type Socket } from 'node:net'

/**
 * A forward proxy on 127.0.0.1, the way an enterprise proxy sits in front of a self-hosted runner. It takes both
 * forms a client uses: an absolute-URI request (`POST http://host:port/path`, what http-proxy-agent sends for
 * http targets, and undici's ProxyAgent with `proxyTunnel: false`), recorded request by request, and a CONNECT
 * tunnel (for https targets), relayed blind as a real proxy does and recorded once.
 */
export interface ProxiedRequest {
  via: 'absolute-uri' | 'connect'
  method: string
  /** Host and port the client asked for. */
  target: string
  /** The request's path; empty for a tunnel, whose requests the proxy cannot read. */
  path: string
  /** The Proxy-Authorization header the client sent (on the request or on its CONNECT). */
  proxyAuthorization?: string
}

export interface ForwardProxy {
  url: string
  requests: ProxiedRequest[]
  /** TCP connections clients opened to the proxy. */
  connections(): number
  stop(): Promise<void>
}

export async function startForwardProxy(): Promise<ForwardProxy> {
  const requests: ProxiedRequest[] = []
  let connections = 0

  /** Forwards one request to the host:port it names and relays the answer. */
  function forward(
    request: http.IncomingMessage,
    response: http.ServerResponse,
    target: string,
    requestPath: string
  ): void {
    const { hostname, port } = new URL(`http://${target}`)
    const headers: http.OutgoingHttpHeaders = { ...request.headers, host: target }
    delete headers['proxy-authorization']
    delete headers['proxy-connection']
    const upstream = http.request(
      {
        host: hostname.replace(/^\[|\]$/g, ''),
        port: Number(port || 80),
        method: request.method,
        path: requestPath,
        headers
      },
      answer => {
        response.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(response)
      }
    )
    upstream.on('error', () => {
      response.writeHead(502)
      response.end()
    })
    request.pipe(upstream)
  }

  function record(
    via: ProxiedRequest['via'],
    method: string,
    target: string,
    path: string,
    auth: string | string[] | undefined
  ): void {
    requests.push({
      via,
      method,
      target,
      path,
      ...(typeof auth === 'string' ? { proxyAuthorization: auth } : {})
    })
  }

  const server = http.createServer((request, response) => {
    let url: URL
    try {
      url = new URL(request.url ?? '')
    } catch {
      // A relative path sent to a proxy: it cannot know where to send it (recorded so a test sees it).
      record('absolute-uri', request.method ?? '', '', request.url ?? '', undefined)
      response.writeHead(400, { 'content-type': 'text/plain' })
      response.end('a request to a proxy needs an absolute URI')
      return
    }
    record(
      'absolute-uri',
      request.method ?? '',
      url.host,
      `${url.pathname}${url.search}`,
      request.headers['proxy-authorization']
    )
    forward(request, response, url.host, `${url.pathname}${url.search}`)
  })
  const sockets = new Set<Socket>()
  server.on('connection', socket => {
    connections++
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  server.on('connect', (request: http.IncomingMessage, socket: Socket, head: Buffer) => {
    const target = request.url ?? ''
    const auth = request.headers['proxy-authorization']
    record('connect', 'CONNECT', target, '', auth)
    const { hostname, port } = new URL(`http://${target}`)
    const upstream = net.connect(Number(port || 443), hostname.replace(/^\[|\]$/g, ''))
    sockets.add(upstream)
    upstream.on('close', () => sockets.delete(upstream))
    upstream.on('error', () => socket.destroy())
    socket.on('error', () => upstream.destroy())
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n')
    if (head.length > 0) upstream.write(head)
    socket.pipe(upstream).pipe(socket)
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    connections: () => connections,
    stop: async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>(resolve => server.close(() => resolve()))
    }
  }
}
