import { setTimeout as sleep } from 'node:timers/promises'
import {
  AWS_SERVICES,
  isMutatingOperation,
  operationInputShape,
  specBySigningName,
  specByTargetPrefix,
  type AwsServiceName,
  type AwsServiceSpec
} from '../aws/catalogue.js'
import { describeIssues, validateShape, type ValidationIssue } from '../aws/model/validate.js'
import { awsFaultError, checkSignature, signingNameOf } from '../aws/protocol/aws-faults.js'
import { jsonErrorResponse, jsonResponse, parseJsonInput, splitTarget } from '../aws/protocol/aws-json.js'
import { decodeQueryInput, queryErrorResponse, queryResponse } from '../aws/protocol/aws-query.js'
import type { SimulatedService } from '../scenario.js'
import type { CallRecord } from '../records.js'
import { AwsError, type AwsJsonService, type HttpService, type SimResponse } from '../world.js'
import type { FaultInjector } from './faults.js'
import { httpFaultResponse } from './http-faults.js'
import type { Answer, IncomingSimRequest } from './http-server.js'

/** Where an HTTP service lives on the server. */
export interface HttpMount {
  service: SimulatedService
  matches(path: string): boolean
  /** Removed from the path before the handler sees it (`/github`). */
  strip: string
  handler: HttpService
}

export interface FrontDoorOptions {
  aws: Partial<Record<AwsServiceName, AwsJsonService>>
  http: HttpMount[]
  faults: FaultInjector
  calls: CallRecord[]
  now(): number
  accountId: string
}

interface AwsCall {
  spec: AwsServiceSpec
  operation: string
  input: Record<string, unknown>
  rawBody: string
  authorization: string | undefined
  /** Refusals found while reading the request, in the order the service would check them. */
  unreadable?: AwsError
  decodeIssues: ValidationIssue[]
}

/**
 * The one entry of the simulator: names the service and operation of a request, records it, then applies, in
 * this order, SigV4 presence, the operation's existence, injected faults, validation against the API model,
 * and finally the service's handler.
 */
export class FrontDoor {
  private readonly closing = new AbortController()

  constructor(private readonly options: FrontDoorOptions) {}

  /** Ends injected latencies still being served, so stopping never waits for them. */
  close(): void {
    this.closing.abort()
  }

  async answer(request: IncomingSimRequest): Promise<Answer> {
    const path = request.url.pathname
    const mount = this.options.http.find(candidate => candidate.matches(path))
    if (mount) return this.answerHttp(mount, request)
    if (request.method === 'POST' && request.headers['x-amz-target']) return this.answerAwsJson(request)
    if (
      request.method === 'POST' &&
      (request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')
    ) {
      return this.answerAwsQuery(request)
    }
    return {
      response: {
        status: 404,
        body: { message: `The simulator serves nothing at ${request.method} ${path}` }
      }
    }
  }

  private async answerAwsJson(request: IncomingSimRequest): Promise<Answer> {
    const { prefix, operation } = splitTarget(request.headers['x-amz-target']!)
    const authorization = request.headers.authorization
    const spec = specByTargetPrefix(prefix) ?? specBySigningName(signingNameOf(authorization) ?? '')
    if (!spec || spec.protocol !== 'json') {
      return {
        response: jsonErrorResponse(
          undefined,
          new AwsError('UnknownOperationException', `Unknown target ${request.headers['x-amz-target']}`)
        )
      }
    }
    let input: Record<string, unknown> = {}
    let unreadable: AwsError | undefined
    try {
      input = parseJsonInput(request.body)
    } catch (error) {
      unreadable = error as AwsError
    }
    if (!unreadable && spec.targetPrefix !== prefix) {
      unreadable = new AwsError(
        'UnknownOperationException',
        `Unknown target ${request.headers['x-amz-target']}`
      )
    }
    return this.serveAws({
      spec,
      operation,
      input,
      rawBody: request.body,
      authorization,
      unreadable,
      decodeIssues: []
    })
  }

  private async answerAwsQuery(request: IncomingSimRequest): Promise<Answer> {
    // Query services share the form body; the SigV4 credential scope names which one (rds, elasticloadbalancing).
    const signed = specBySigningName(signingNameOf(request.headers.authorization) ?? '')
    const spec = signed?.protocol === 'query' ? signed : AWS_SERVICES.elbv2
    const params = new URLSearchParams(request.body)
    const operation = params.get('Action') ?? ''
    const shape = operationInputShape(spec, operation)
    const decoded = shape
      ? decodeQueryInput(spec.model, shape, params)
      : { input: Object.fromEntries(params), issues: [] }
    let unreadable: AwsError | undefined
    const version = params.get('Version')
    if (version === null)
      unreadable = new AwsError('MissingParameter', 'The request must contain the parameter Version')
    else if (version !== spec.model.metadata.apiVersion) {
      unreadable = new AwsError(
        'InvalidParameterValue',
        `The requested version (${version}) of service ${spec.service === 'rds' ? 'AmazonRDSv19' : 'ElasticLoadBalancing'} does not exist`
      )
    }
    return this.serveAws({
      spec,
      operation,
      input: decoded.input,
      rawBody: request.body,
      authorization: request.headers.authorization,
      unreadable,
      decodeIssues: decoded.issues
    })
  }

  private async serveAws(call: AwsCall): Promise<Answer> {
    const { spec, operation } = call
    const mutating = isMutatingOperation(operation)
    const record = this.record(spec.service, operation, mutating, call.input, call.rawBody)
    const refuse = (error: AwsError): Answer => {
      record.errorCode = error.code
      return this.finish(
        record,
        spec.protocol === 'json' ? jsonErrorResponse(spec, error) : queryErrorResponse(spec, error)
      )
    }

    const unsigned = checkSignature(call.authorization)
    if (unsigned) return refuse(unsigned)
    if (call.unreadable) return refuse(call.unreadable)
    const shape = operationInputShape(spec, operation)
    if (!shape) {
      return refuse(
        spec.protocol === 'json'
          ? new AwsError('UnknownOperationException', `Unknown operation ${operation}`)
          : new AwsError('InvalidAction', `The action ${operation} is not valid for this web service.`)
      )
    }

    const fault = await this.applyFaults(spec.service, operation, mutating)
    if (fault === 'reset') return this.reset(record)
    if (fault) return refuse(awsFaultError(spec, fault, operation, this.options.accountId))

    const issues = [...call.decodeIssues, ...validateShape(spec.model, shape, call.input)]
    if (issues.length > 0) return refuse(new AwsError(spec.validationErrorCode, describeIssues(issues)))

    const handler = this.options.aws[spec.service]
    if (!handler)
      return refuse(
        new AwsError(
          'UnknownOperationException',
          `The simulator does not serve ${spec.model.metadata.serviceId}`
        )
      )
    try {
      const output = await handler.handle(operation, call.input)
      return this.finish(
        record,
        spec.protocol === 'json' ? jsonResponse(output) : queryResponse(spec, operation, output)
      )
    } catch (error) {
      if (isAwsError(error)) return refuse(error)
      process.stderr.write(
        `simulator: ${spec.service} ${operation} failed: ${error instanceof Error ? error.stack : String(error)}\n`
      )
      return refuse(
        new AwsError(
          'InternalFailure',
          `The simulator failed: ${error instanceof Error ? error.message : String(error)}`,
          500
        )
      )
    }
  }

  private async answerHttp(mount: HttpMount, request: IncomingSimRequest): Promise<Answer> {
    const path = mount.strip ? request.url.pathname.slice(mount.strip.length) || '/' : request.url.pathname
    const operation = `${request.method} ${path}`
    const mutating = request.method !== 'GET' && request.method !== 'HEAD'
    const record = this.record(mount.service, operation, mutating, parseHttpBody(request), request.body)
    const fault = await this.applyFaults(mount.service, operation, mutating)
    if (fault === 'reset') return this.reset(record)
    if (fault) {
      record.errorCode = fault.kind
      return this.finish(record, httpFaultResponse(mount.service, fault))
    }
    try {
      const response = await mount.handler.handle({
        method: request.method,
        path,
        query: request.url.searchParams,
        headers: request.headers,
        body: request.body
      })
      return this.finish(record, response)
    } catch (error) {
      const answer = (error as { toResponse?: () => SimResponse }).toResponse
      if (typeof answer === 'function') return this.finish(record, answer.call(error))
      process.stderr.write(
        `simulator: ${operation} failed: ${error instanceof Error ? error.stack : String(error)}\n`
      )
      return this.finish(record, {
        status: 500,
        body: { message: `The simulator failed: ${error instanceof Error ? error.message : String(error)}` }
      })
    }
  }

  /** Latency is served first; a failing fault then replaces the answer. */
  private async applyFaults(service: SimulatedService, operation: string, mutating: boolean) {
    const draw = this.options.faults.draw({ service, operation, mutating })
    if (draw.latencyMs > 0) {
      try {
        await sleep(draw.latencyMs, undefined, { signal: this.closing.signal })
      } catch {
        return 'reset' as const
      }
    }
    if (!draw.failure) return undefined
    return draw.failure.kind === 'reset' ? ('reset' as const) : draw.failure
  }

  private record(
    service: SimulatedService,
    operation: string,
    mutating: boolean,
    request: unknown,
    rawBody: string
  ): CallRecord {
    const record: CallRecord = {
      service,
      operation,
      mutating,
      at: this.options.now(),
      status: 0,
      request,
      rawBody
    }
    this.options.calls.push(record)
    return record
  }

  private finish(record: CallRecord, response: SimResponse): Answer {
    record.status = response.status
    return { response }
  }

  private reset(record: CallRecord): Answer {
    record.errorCode = 'ConnectionReset'
    return { reset: true }
  }
}

function isAwsError(error: unknown): error is AwsError {
  if (error instanceof AwsError) return true
  const candidate = error as { code?: unknown; status?: unknown; message?: unknown } | null
  return (
    typeof candidate?.code === 'string' &&
    typeof candidate.status === 'number' &&
    typeof candidate.message === 'string'
  )
}

function parseHttpBody(request: IncomingSimRequest): unknown {
  if (request.body === '') return {}
  const type = request.headers['content-type'] ?? ''
  if (type.startsWith('application/x-www-form-urlencoded'))
    return Object.fromEntries(new URLSearchParams(request.body))
  try {
    return JSON.parse(request.body) as unknown
  } catch {
    return {}
  }
}
