import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { SimResponse } from '../world.js'

export interface IncomingSimRequest {
  method: string
  /** Path still percent-encoded, as the GitHub router wants it. */
  url: URL
  /** Lower-case names. */
  headers: Record<string, string | undefined>
  body: string
}

/** An answer, or `reset`: the connection is destroyed without one (a fault). */
export type Answer = { response: SimResponse } | { reset: true }

export interface RunningServer {
  port: number
  close(): Promise<void>
}

/** One HTTP server on 127.0.0.1 at a free port; every request goes to `answer`. */
export async function listen(
  answer: (request: IncomingSimRequest) => Promise<Answer>
): Promise<RunningServer> {
  const server = createServer((incoming, outgoing) => {
    void serve(incoming, outgoing, answer)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    port,
    close: () =>
      new Promise<void>(resolve => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
  }
}

async function serve(
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  answer: (request: IncomingSimRequest) => Promise<Answer>
): Promise<void> {
  try {
    const chunks: Buffer[] = []
    for await (const chunk of incoming) chunks.push(chunk as Buffer)
    const headers: Record<string, string | undefined> = {}
    for (const [name, value] of Object.entries(incoming.headers)) {
      headers[name] = Array.isArray(value) ? value.join(', ') : value
    }
    const result = await answer({
      method: (incoming.method ?? 'GET').toUpperCase(),
      // Concatenated, not resolved: a path starting with `//` must not turn into a host name.
      url: new URL(`http://127.0.0.1${(incoming.url ?? '/').startsWith('/') ? incoming.url : '/'}`),
      headers,
      body: Buffer.concat(chunks).toString('utf8')
    })
    if ('reset' in result) {
      incoming.socket.destroy()
      return
    }
    write(outgoing, incoming.method === 'HEAD', result.response)
  } catch (error) {
    process.stderr.write(
      `simulator: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`
    )
    if (!outgoing.headersSent) {
      outgoing.writeHead(500, { 'content-type': 'application/json' })
      outgoing.end(JSON.stringify({ message: 'simulator error' }))
    }
  }
}

function write(outgoing: ServerResponse, head: boolean, response: SimResponse): void {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(response.headers ?? {})) headers[name.toLowerCase()] = value
  let body: Buffer
  if (response.body === undefined) body = Buffer.alloc(0)
  else if (Buffer.isBuffer(response.body)) body = response.body
  else if (typeof response.body === 'string') body = Buffer.from(response.body)
  else {
    body = Buffer.from(JSON.stringify(response.body))
    headers['content-type'] ??= 'application/json; charset=utf-8'
  }
  const bodiless = head || response.status === 204 || response.status === 304
  headers['content-length'] ??= String(body.length)
  if (bodiless && !head) delete headers['content-length']
  outgoing.writeHead(response.status, headers)
  outgoing.end(bodiless ? undefined : body)
}
