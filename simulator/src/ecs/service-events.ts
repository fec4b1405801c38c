import { eventId, type EcsContext } from './context.js'
import type { ServiceRecord, TaskRecord } from './model.js'

/** ECS keeps the newest 100 events of a service. */
const maxEvents = 100

export function addServiceEvent(ctx: EcsContext, service: ServiceRecord, message: string): void {
  service.events.unshift({
    id: eventId(),
    createdAt: ctx.world.now(),
    message: `(service ${service.name}) ${message}`
  })
  service.events.length = Math.min(service.events.length, maxEvents)
}

export function taskList(tasks: TaskRecord[]): string {
  return tasks.map(task => `(task ${task.id})`).join(' ')
}
