import { AwsError, type AwsJsonService } from '../../world.js'
import { operationTable, pageSize, paginate } from '../pagination.js'
import { compileFilterPattern } from './filter-pattern.js'
import type { LogEvent, LogGroup, LogStore, LogStream } from './log-store.js'

const invalidToken = (): AwsError =>
  new AwsError('InvalidParameterException', 'The specified nextToken is invalid.')

/** CloudWatch Logs: GetLogEvents, FilterLogEvents, DescribeLogStreams, DescribeLogGroups. */
export function createLogsService(store: LogStore): AwsJsonService {
  const groupOf = (input: Record<string, unknown>): LogGroup => {
    const name = input.logGroupName as string | undefined
    const identifier = input.logGroupIdentifier as string | undefined
    if (name !== undefined && identifier !== undefined) {
      throw new AwsError(
        'InvalidParameterException',
        'LogGroup name and LogGroup ARN are mutually exclusive parameters.'
      )
    }
    if (name === undefined && identifier === undefined) {
      throw new AwsError(
        'InvalidParameterException',
        'Either logGroupName or logGroupIdentifier must be specified.'
      )
    }
    const groupName =
      name ?? /^arn:aws:logs:[^:]+:\d{12}:log-group:([^:]+)(?::\*)?$/.exec(identifier!)?.[1] ?? identifier!
    const group = store.group(groupName)
    if (!group) throw new AwsError('ResourceNotFoundException', 'The specified log group does not exist.')
    return group
  }

  const handle = operationTable('CloudWatch Logs', {
    GetLogEvents(input) {
      const group = groupOf(input)
      const stream = group.streams.get(input.logStreamName as string)
      if (!stream) throw new AwsError('ResourceNotFoundException', 'The specified log stream does not exist.')
      const limit = pageSize(
        input.limit,
        'limit',
        { max: 10000, default: 10000 },
        'InvalidParameterException'
      )
      return readStream(stream, input, limit)
    },

    FilterLogEvents(input) {
      const group = groupOf(input)
      const names = input.logStreamNames as string[] | undefined
      const prefix = input.logStreamNamePrefix as string | undefined
      if (names !== undefined && prefix !== undefined) {
        throw new AwsError(
          'InvalidParameterException',
          'logStreamNames and logStreamNamePrefix are mutually exclusive parameters.'
        )
      }
      const limit = pageSize(
        input.limit,
        'limit',
        { max: 10000, default: 10000 },
        'InvalidParameterException'
      )
      const matches = compileFilterPattern(input.filterPattern as string | undefined)
      const streams = [...group.streams.values()].filter(stream =>
        names ? names.includes(stream.name) : prefix ? stream.name.startsWith(prefix) : true
      )
      const inWindow = timeWindow(input)
      const found = streams
        .flatMap(stream => stream.events.map((event, index) => ({ stream, event, index })))
        .filter(({ event }) => inWindow(event) && matches(event.message))
        .sort(
          (a, b) =>
            a.event.timestamp - b.event.timestamp ||
            compare(a.stream.name, b.stream.name) ||
            a.index - b.index
        )
      // The token is the last event returned, so events appended between pages are neither lost nor repeated.
      let start = 0
      if (input.nextToken !== undefined) {
        const after = decodeCursor(input.nextToken as string)
        start = found.findIndex(({ stream, index, event }) => {
          const order =
            event.timestamp - after.timestamp || compare(stream.name, after.stream) || index - after.index
          return order > 0
        })
        if (start < 0) start = found.length
      }
      const page = found.slice(start, start + limit)
      const last = page[page.length - 1]
      return {
        events: page.map(({ stream, event }) => ({ logStreamName: stream.name, ...event })),
        searchedLogStreams: streams.map(stream => ({ logStreamName: stream.name, searchedCompletely: true })),
        nextToken:
          start + limit < found.length && last
            ? encodeCursor({ timestamp: last.event.timestamp, stream: last.stream.name, index: last.index })
            : undefined
      }
    },

    DescribeLogStreams(input) {
      const group = groupOf(input)
      const prefix = input.logStreamNamePrefix as string | undefined
      const orderBy = (input.orderBy as string | undefined) ?? 'LogStreamName'
      if (orderBy !== 'LogStreamName' && orderBy !== 'LastEventTime') {
        throw new AwsError(
          'InvalidParameterException',
          `1 validation error detected: Value '${orderBy}' at 'orderBy' failed to satisfy constraint: Member must satisfy enum value set: [LogStreamName, LastEventTime]`
        )
      }
      if (prefix !== undefined && orderBy === 'LastEventTime') {
        throw new AwsError(
          'InvalidParameterException',
          'Cannot order by LastEventTime with a logStreamNamePrefix.'
        )
      }
      const limit = pageSize(input.limit, 'limit', { max: 50, default: 50 }, 'InvalidParameterException')
      const lastEvent = (stream: LogStream): number => stream.events[stream.events.length - 1]?.timestamp ?? 0
      const streams = [...group.streams.values()]
        .filter(stream => prefix === undefined || stream.name.startsWith(prefix))
        .sort((a, b) => (orderBy === 'LastEventTime' ? lastEvent(a) - lastEvent(b) : compare(a.name, b.name)))
      if (input.descending === true) streams.reverse()
      const page = paginate(streams, limit, input.nextToken as string | undefined, invalidToken)
      return {
        logStreams: page.items.map(stream => ({
          logStreamName: stream.name,
          creationTime: stream.creationTime,
          firstEventTimestamp: stream.events[0]?.timestamp,
          lastEventTimestamp: stream.events[stream.events.length - 1]?.timestamp,
          lastIngestionTime: stream.events[stream.events.length - 1]?.ingestionTime,
          arn: stream.arn,
          storedBytes: 0
        })),
        nextToken: page.nextToken
      }
    },

    DescribeLogGroups(input) {
      const prefix = input.logGroupNamePrefix as string | undefined
      const limit = pageSize(input.limit, 'limit', { max: 50, default: 50 }, 'InvalidParameterException')
      const groups = store.allGroups().filter(group => prefix === undefined || group.name.startsWith(prefix))
      const page = paginate(groups, limit, input.nextToken as string | undefined, invalidToken)
      return {
        logGroups: page.items.map(group => ({
          logGroupName: group.name,
          creationTime: group.creationTime,
          arn: `${group.arn}:*`,
          logGroupArn: group.arn,
          storedBytes: 0,
          metricFilterCount: 0
        })),
        nextToken: page.nextToken
      }
    }
  })
  return { handle }
}

/** startTime inclusive, endTime exclusive, as the API documents. */
function timeWindow(input: Record<string, unknown>): (event: LogEvent) => boolean {
  const start = input.startTime as number | undefined
  const end = input.endTime as number | undefined
  return event =>
    (start === undefined || event.timestamp >= start) && (end === undefined || event.timestamp < end)
}

/**
 * GetLogEvents: tokens are positions in the stream (`f/…/s` forward, `b/…/s` backward). Without a token it reads
 * from the head (startFromHead) or the tail. At the end of the stream the forward token passed in comes back
 * unchanged, which is how callers know they have caught up.
 */
function readStream(
  stream: LogStream,
  input: Record<string, unknown>,
  limit: number
): Record<string, unknown> {
  const inWindow = timeWindow(input)
  let direction: 'f' | 'b'
  let position: number
  if (input.nextToken !== undefined) {
    const token = /^([fb])\/(\d{56})\/s$/.exec(input.nextToken as string)
    if (!token || Number(token[2]) > stream.events.length) throw invalidToken()
    direction = token[1] as 'f' | 'b'
    position = Number(token[2])
  } else if (input.startFromHead === true) {
    direction = 'f'
    position = 0
  } else {
    direction = 'b'
    position = stream.events.length
  }
  const indices: number[] = []
  if (direction === 'f') {
    for (let index = position; index < stream.events.length && indices.length < limit; index++) {
      if (inWindow(stream.events[index])) indices.push(index)
    }
  } else {
    for (let index = position - 1; index >= 0 && indices.length < limit; index--) {
      if (inWindow(stream.events[index])) indices.unshift(index)
    }
  }
  const first = indices[0]
  const last = indices[indices.length - 1]
  return {
    events: indices.map(index => {
      const { timestamp, message, ingestionTime } = stream.events[index]
      return { timestamp, message, ingestionTime }
    }),
    nextForwardToken: token('f', last === undefined ? position : last + 1),
    nextBackwardToken: token('b', first === undefined ? position : first)
  }
}

function token(direction: 'f' | 'b', position: number): string {
  return `${direction}/${String(position).padStart(56, '0')}/s`
}

interface Cursor {
  timestamp: number
  stream: string
  index: number
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64')
}

function decodeCursor(text: string): Cursor {
  try {
    const cursor = JSON.parse(Buffer.from(text, 'base64').toString('utf8')) as Cursor
    if (
      typeof cursor.timestamp === 'number' &&
      typeof cursor.stream === 'string' &&
      typeof cursor.index === 'number'
    )
      return cursor
  } catch {
    // refused below
  }
  throw invalidToken()
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
