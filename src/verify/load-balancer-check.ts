import { targetGroupName } from '../domain/arn.js'
import { errorMessage } from '../errors.js'
import type { Check, Finding } from '../domain/finding.js'
import type { Service } from '../ports/ecs.js'
import type { LoadBalancerPort } from '../ports/load-balancer.js'
import type { ContainerJson } from '../taskdef/container-definition.js'
import { loadBalancerPortFindings } from './port-check.js'
import type { Verification } from './verification.js'
import type { ExpectedDrain } from '../domain/expected-drain.js'

/**
 * The target groups in front of the Open WebUI container: health checks on /health, and sticky sessions so a
 * browser's WebSocket and its HTTP requests reach the same task. Both are warnings: the app still works.
 * With the fleet container, also whether the service's `containerPort` reaches the port Open WebUI listens on
 * (errors: see port-check.ts).
 */
export async function verifyTargetGroups(
  loadBalancer: LoadBalancerPort,
  service: Service | undefined,
  containerName: string,
  container?: ContainerJson
): Promise<Verification & { deregistrationDelays: ExpectedDrain['targetGroups'] }> {
  const entries = (service?.loadBalancers ?? []).filter(
    entry => !entry.containerName || entry.containerName === containerName
  )
  const arns = [
    ...new Set(entries.map(entry => entry.targetGroupArn).filter((arn): arn is string => Boolean(arn)))
  ]
  if (arns.length === 0) {
    return {
      checks: [{ name: 'Load balancer', status: 'SKIP', detail: 'no target group in front of the service' }],
      findings: [],
      deregistrationDelays: []
    }
  }
  const deregistrationDelays: ExpectedDrain['targetGroups'] = []
  const checks: Check[] = []
  const findings: Finding[] = []
  for (const arn of arns) {
    const label = `Target group ${targetGroupName(arn)}`
    try {
      const targetGroup = await loadBalancer.describeTargetGroup(arn)
      if (!targetGroup) {
        checks.push({ name: label, status: 'WARN', detail: `${arn} was not found` })
        continue
      }
      const attributes = await loadBalancer.describeTargetGroupAttributes(arn)
      const sticky = attributes.find(attribute => attribute.Key === 'stickiness.enabled')?.Value === 'true'
      const delay = Number(
        attributes.find(attribute => attribute.Key === 'deregistration_delay.timeout_seconds')?.Value ?? 300
      )
      deregistrationDelays.push({
        name: targetGroupName(arn),
        deregistrationDelaySeconds: Number.isFinite(delay) ? delay : 300
      })
      const path = targetGroup.HealthCheckPath ?? '/'
      const problems: string[] = []
      let unreachable = false
      for (const entry of entries.filter(candidate => candidate.targetGroupArn === arn)) {
        const ports = loadBalancerPortFindings(entry, targetGroup, targetGroupName(arn), container)
        problems.push(...ports.problems)
        findings.push(...ports.findings)
        unreachable ||= ports.findings.length > 0
      }
      if (path !== '/health') {
        problems.push(`health check path is ${path}`)
        findings.push({
          level: 'warning',
          code: 'target-group-health-check',
          title: 'Load balancer health check is not /health',
          message: `Target group ${targetGroupName(arn)} checks ${path}; Open WebUI answers /health without authentication.`,
          fix: `aws elbv2 modify-target-group --target-group-arn ${arn} --health-check-path /health`
        })
      }
      if (!sticky) {
        problems.push('stickiness is off')
        findings.push({
          level: 'warning',
          code: 'target-group-stickiness',
          title: 'Sticky sessions are off',
          message: `Target group ${targetGroupName(arn)} spreads a browser's requests over tasks; with several tasks WebSocket sessions break.`,
          fix: `aws elbv2 modify-target-group-attributes --target-group-arn ${arn} --attributes Key=stickiness.enabled,Value=true Key=stickiness.type,Value=lb_cookie`
        })
      }
      checks.push(
        problems.length === 0
          ? { name: label, status: 'OK', detail: 'health check /health, stickiness on' }
          : { name: label, status: unreachable ? 'NG' : 'WARN', detail: problems.join('; ') }
      )
    } catch (error) {
      checks.push({ name: label, status: 'WARN', detail: `could not be read: ${errorMessage(error)}` })
    }
  }
  return { checks, findings, deregistrationDelays }
}
