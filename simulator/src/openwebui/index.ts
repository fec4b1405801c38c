import { imageTag } from '../ecs/image-reference.js'
import type { EcsSimulator, TaskRecord } from '../ecs/index.js'
import type { HttpService, RegistryView, SimRequest, SimResponse } from '../world.js'

/**
 * A service's public Open WebUI endpoints behind its load balancer: `/<cluster>/<service>/health`,
 * `/health/db`, `/ready` and `/api/version` (mounted under `/openwebui`). Requests go round-robin to the
 * service's healthy tasks, so a mixed-version fleet answers with mixed versions, as it would through an ALB.
 */
export function createOpenWebUiService(ecs: EcsSimulator, registry?: RegistryView): HttpService {
  let turn = 0
  return {
    handle(request: SimRequest): SimResponse {
      const match = /^(?:\/openwebui)?\/([^/]+)\/([^/]+)(\/.*)$/.exec(request.path)
      if (!match) return { status: 404, body: { detail: 'Not Found' } }
      const [, cluster, service, endpoint] = match
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        return { status: 405, body: { detail: 'Method Not Allowed' } }
      }
      if (!ecs.service(decodeURIComponent(cluster), decodeURIComponent(service))) {
        return { status: 404, body: { detail: 'Not Found' } }
      }
      const tasks = ecs.healthyTasks(decodeURIComponent(cluster), decodeURIComponent(service))
      if (tasks.length === 0) return serviceUnavailable()
      return answerAsTask(tasks[turn++ % tasks.length], endpoint, registry)
    }
  }
}

/** What one Open WebUI task answers on its port. */
export function answerAsTask(task: TaskRecord, endpoint: string, registry?: RegistryView): SimResponse {
  const headers = { 'x-ecs-task-arn': task.arn }
  switch (endpoint) {
    case '/':
      return {
        status: 200,
        headers: { ...headers, 'content-type': 'text/html' },
        body: `<!doctype html><title>Open WebUI</title><p>Open WebUI ${versionOf(task, registry)}</p>`
      }
    case '/health':
    case '/health/db':
    case '/ready':
      return { status: 200, headers, body: { status: true } }
    case '/api/version':
      return {
        status: 200,
        headers,
        body: { version: versionOf(task, registry), deployment_id: deploymentId(task) }
      }
    default:
      return { status: 404, headers, body: { detail: 'Not Found' } }
  }
}

/** The ALB's own answer when a listener's target group has no healthy target. */
export function serviceUnavailable(): SimResponse {
  return {
    status: 503,
    headers: { 'content-type': 'text/html' },
    body: '<html><body><center><h1>503 Service Temporarily Unavailable</h1></center></body></html>'
  }
}

/** Open WebUI reports its package version: the image tag without the `v`. */
export function versionOf(task: TaskRecord, registry?: RegistryView): string {
  const image = task.appContainer.image
  const tag = imageTag(image) ?? registry?.tagOf?.(image)
  const version = tag?.replace(/^v/, '').replace(/-(cuda|cuda126|ollama|slim)$/, '')
  return version && /^\d+\.\d+\.\d+/.test(version) ? version : '0.0.0'
}

function deploymentId(task: TaskRecord): string {
  return task.appContainer.environment.DEPLOYMENT_ID ?? ''
}
