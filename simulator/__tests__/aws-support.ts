import type { Simulator } from '../src/simulator.js'

/** Client configuration for the real AWS SDK v3 clients against the simulator. */
export function clientConfig(sim: Simulator) {
  return {
    region: sim.region,
    endpoint: sim.url,
    credentials: { accessKeyId: sim.env.AWS_ACCESS_KEY_ID, secretAccessKey: sim.env.AWS_SECRET_ACCESS_KEY }
  }
}

/** A well-formed SigV4 header: the simulator requires one but does not verify the signature. */
export const FAKE_AUTHORIZATION =
  'AWS4-HMAC-SHA256 Credential=AKIASIMULATOR0000000/20240601/us-east-1/ecs/aws4_request, ' +
  `SignedHeaders=host;x-amz-date;x-amz-target, Signature=${'0'.repeat(64)}`

/**
 * A JSON 1.1 request as raw bytes, for inputs the SDK would never send (wrong types): the real service's answer
 * to them is what the simulator must reproduce.
 */
export async function awsJson(
  sim: Simulator,
  target: string,
  body: unknown,
  headers: Record<string, string> = { authorization: FAKE_AUTHORIZATION }
): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }> {
  const response = await fetch(sim.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body)
  })
  return {
    status: response.status,
    headers: response.headers,
    json: (await response.json()) as Record<string, unknown>
  }
}

/** An awsQuery (ELBv2) request as raw form parameters. */
export async function awsQuery(
  sim: Simulator,
  params: Record<string, string>
): Promise<{ status: number; text: string }> {
  const response = await fetch(sim.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      authorization: FAKE_AUTHORIZATION
    },
    body: new URLSearchParams(params).toString()
  })
  return { status: response.status, text: await response.text() }
}
