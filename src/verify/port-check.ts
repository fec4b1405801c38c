import type { Finding } from '../domain/finding.js'
import type { Service } from '../ports/ecs.js'
import type { TargetGroup } from '../ports/load-balancer.js'
import { environmentOf, secretsOf, type ContainerJson } from '../taskdef/container-definition.js'

/** Open WebUI's start script serves on `${PORT:-8080}`. */
export const OPEN_WEBUI_PORT = 8080

type LoadBalancer = NonNullable<Service['loadBalancers']>[number]

export interface ListeningPort {
  port: number
  /** How it was told: "PORT=3000" or "PORT is not set". */
  because: string
}

/** The port Open WebUI listens on in this container; undefined when that cannot be told (PORT from a secret). */
export function listeningPort(container: ContainerJson | undefined): ListeningPort | undefined {
  if (!container) return undefined
  if (secretsOf(container).has('PORT')) return undefined
  const value = environmentOf(container).get('PORT')
  if (value === undefined) return { port: OPEN_WEBUI_PORT, because: 'PORT is not set' }
  const port = Number(value.trim())
  return Number.isInteger(port) && port > 0 && port < 65536 ? { port, because: `PORT=${port}` } : undefined
}

function mappedPorts(container: ContainerJson | undefined): number[] {
  const mappings = (container as { portMappings?: unknown } | undefined)?.portMappings
  if (!Array.isArray(mappings)) return []
  return mappings
    .map(mapping => (mapping as { containerPort?: unknown } | null)?.containerPort)
    .filter((port): port is number => typeof port === 'number')
}

/**
 * The container's port mappings against the port Open WebUI listens on. Task definitions published for Open
 * WebUI map 80 or 3000 with no PORT; with awsvpc (Fargate) the mapped port is the container's own port, so
 * nothing answers there. A warning: without a load balancer on that port, the app may still be reached.
 */
export function lintContainerPort(container: ContainerJson | undefined): Finding[] {
  const listening = listeningPort(container)
  const mapped = mappedPorts(container)
  if (!listening || mapped.length === 0 || mapped.includes(listening.port)) return []
  const ports = mapped.join(', ')
  return [
    {
      level: 'warning',
      code: 'container-port',
      title: 'Container port is not the port Open WebUI listens on',
      message: `Open WebUI listens on ${listening.port} (${listening.because}), but the container maps containerPort ${ports}: nothing answers there.`,
      fix: `Set PORT=${mapped[0]} (environment input), or map containerPort ${listening.port}`
    }
  ]
}

/**
 * One `loadBalancers` entry of the service against the fleet container. ECS registers each task in the target
 * group on the entry's `containerPort` (for `ip` targets the target group's own port is only a default), and
 * that port "must correspond to a containerPort in the task definition"
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_LoadBalancer.html), else UpdateService is
 * refused. Errors: either way no task of the new revision would ever be healthy behind the load balancer.
 */
export function loadBalancerPortFindings(
  entry: LoadBalancer,
  targetGroup: TargetGroup,
  targetGroupName: string,
  container: ContainerJson | undefined
): { problems: string[]; findings: Finding[] } {
  const listening = listeningPort(container)
  const registered = entry.containerPort
  if (!listening || registered === undefined) return { problems: [], findings: [] }
  const problems: string[] = []
  const findings: Finding[] = []
  const groupPort = targetGroup.Port === undefined ? '' : ` (port ${targetGroup.Port})`
  if (registered !== listening.port) {
    problems.push(`traffic goes to containerPort ${registered}, Open WebUI listens on ${listening.port}`)
    findings.push({
      level: 'error',
      code: 'load-balancer-port',
      title: 'The load balancer cannot reach Open WebUI',
      message: `The service registers its tasks in target group ${targetGroupName}${groupPort} on containerPort ${registered}, but Open WebUI listens on ${listening.port} (${listening.because}): every task would fail the load balancer's health check.`,
      fix: `Set PORT=${registered} (environment input), or map containerPort ${listening.port} and point the service's load balancer at it (aws ecs update-service --load-balancers targetGroupArn=…,containerName=${entry.containerName ?? '…'},containerPort=${listening.port})`
    })
  } else if (!mappedPorts(container).includes(registered)) {
    problems.push(`containerPort ${registered} is not mapped`)
    findings.push({
      level: 'error',
      code: 'load-balancer-port',
      title: 'The load balancer port is not mapped',
      message: `The service sends target group ${targetGroupName} to containerPort ${registered}, which the new task definition does not map: ECS refuses the update.`,
      fix: `Add a portMapping with containerPort ${registered}`
    })
  }
  const checked = Number(targetGroup.HealthCheckPort)
  if (Number.isInteger(checked) && checked !== listening.port) {
    problems.push(`health check on port ${checked}`)
    findings.push({
      level: 'error',
      code: 'load-balancer-port',
      title: 'The load balancer checks another port',
      message: `Target group ${targetGroupName} checks port ${checked}, but Open WebUI listens on ${listening.port} (${listening.because}): every task would be marked unhealthy.`,
      fix: `aws elbv2 modify-target-group --target-group-arn ${targetGroup.TargetGroupArn ?? '…'} --health-check-port traffic-port`
    })
  }
  return { problems, findings }
}
