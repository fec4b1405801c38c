import type { LogsView } from '../../world.js'

export interface LogEvent {
  timestamp: number
  message: string
  ingestionTime: number
  eventId: string
}

export interface LogStream {
  name: string
  arn: string
  creationTime: number
  /** In arrival order, which is timestamp order for the awslogs driver. */
  events: LogEvent[]
}

export interface LogGroup {
  name: string
  arn: string
  creationTime: number
  streams: Map<string, LogStream>
}

/** CloudWatch Logs state: groups of streams of events, timestamps in epoch milliseconds. */
export class LogStore implements LogsView {
  private readonly groups = new Map<string, LogGroup>()
  private eventCount = 0

  constructor(
    readonly region: string,
    readonly accountId: string
  ) {}

  createGroup(name: string): LogGroup {
    let group = this.groups.get(name)
    if (!group) {
      group = {
        name,
        arn: `arn:aws:logs:${this.region}:${this.accountId}:log-group:${name}`,
        creationTime: Date.now(),
        streams: new Map()
      }
      this.groups.set(name, group)
    }
    return group
  }

  createStream(groupName: string, streamName: string): LogStream {
    const group = this.createGroup(groupName)
    let stream = group.streams.get(streamName)
    if (!stream) {
      stream = {
        name: streamName,
        arn: `${group.arn}:log-stream:${streamName}`,
        creationTime: Date.now(),
        events: []
      }
      group.streams.set(streamName, stream)
    }
    return stream
  }

  /** As the awslogs driver writes: one event per message, timestamped now, group and stream created on demand. */
  append(logGroup: string, logStream: string, messages: string[], timestamp = Date.now()): void {
    const stream = this.createStream(logGroup, logStream)
    for (const message of messages) {
      this.eventCount++
      stream.events.push({
        timestamp,
        message,
        ingestionTime: Date.now(),
        eventId: String(this.eventCount).padStart(56, '0')
      })
    }
  }

  group(name: string): LogGroup | undefined {
    return this.groups.get(name)
  }

  allGroups(): LogGroup[] {
    return [...this.groups.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  }

  /** The events of one stream ([] when it does not exist): for tests. */
  events(logGroup: string, logStream: string): LogEvent[] {
    return this.groups.get(logGroup)?.streams.get(logStream)?.events ?? []
  }
}
