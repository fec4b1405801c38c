import type { Service } from '../ports/ecs.js'
import type { Log } from '../report/log.js'
import { revisionOf } from '../domain/task-arns.js'
import { continuationOf, quoteUntrusted } from '../report/untrusted-log.js'
import { formatUtc } from '../report/dates.js'

/**
 * Progress a person can follow while the rollout waits: each new service event once, oldest first, and the
 * deployments' counts whenever they change (not every poll).
 */
export class ProgressPrinter {
  private readonly seenEvents = new Set<string>()
  private lastCounts = ''

  constructor(
    private readonly log: Log,
    /** Events created before this instant (epoch ms) belong to earlier rollouts: not printed. */
    private readonly since: number
  ) {}

  /** Events another printer already showed. */
  markSeen(service: Service): void {
    for (const event of service.events ?? []) if (event.id) this.seenEvents.add(event.id)
  }

  update(service: Service, trackedDeploymentId?: string): void {
    const fresh = (service.events ?? [])
      .filter(event => event.id && !this.seenEvents.has(event.id))
      .filter(event => (event.createdAt?.getTime() ?? 0) >= this.since - 1000)
      .reverse()
    for (const event of service.events ?? []) if (event.id) this.seenEvents.add(event.id)
    for (const event of fresh) {
      const message = event.message ?? ''
      const lead = `  event ${formatTime(event.createdAt)}: `
      this.log.info(
        quoteUntrusted(
          lead,
          message.length > 600 ? `${message.slice(0, 600)}…` : message,
          continuationOf(lead)
        )
      )
    }
    const counts = countsLine(service, trackedDeploymentId)
    if (counts !== this.lastCounts) {
      this.lastCounts = counts
      this.log.info(counts)
    }
  }
}

export function countsLine(service: Service, trackedDeploymentId?: string): string {
  const parts = (service.deployments ?? []).map(deployment => {
    const mark = deployment.id === trackedDeploymentId ? '*' : ''
    const failed = deployment.failedTasks ? `, ${deployment.failedTasks} failed` : ''
    const pending = deployment.pendingCount ? `, ${deployment.pendingCount} pending` : ''
    return `${mark}${revisionOf(deployment.taskDefinition)} ${deployment.status ?? ''} ${deployment.rolloutState ?? ''}: ${deployment.runningCount ?? 0}/${deployment.desiredCount ?? 0} running${pending}${failed}`
  })
  return `  desired ${service.desiredCount ?? 0}, running ${service.runningCount ?? 0} | ${parts.join(' | ') || 'no deployments'}`
}

function formatTime(date: Date | undefined): string {
  return formatUtc(date, 'time') ?? '--:--:--'
}
