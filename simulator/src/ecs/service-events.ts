import { eventId, type EcsContext } from './context.js'
import type { ServiceRecord, TaskRecord } from './model.js'

/** ECS keeps the newest 100 events of a service. */
const maxEvents = 100

export function addServiceEvent(ctx: EcsContext, service: ServiceRecord, message: string): void {
  addServiceEventMessage(ctx, service, `(service ${service.name}) ${message}`)
}

/** An event whose prefix is not the plain `(service NAME)` (ECS names the task set in drain events). */
export function addServiceEventMessage(ctx: EcsContext, service: ServiceRecord, message: string): void {
  service.events.unshift({ id: eventId(), createdAt: ctx.world.now(), message })
  service.events.length = Math.min(service.events.length, maxEvents)
}

export function taskList(tasks: TaskRecord[]): string {
  return tasks.map(task => `(task ${task.id})`).join(' ')
}
