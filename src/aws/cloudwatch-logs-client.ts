import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import type { CloudWatchLogsPort, LogLine } from '../ports/cloudwatch-logs.js'
import { awsClientConfig, isAwsError, withOperation, type AwsClientOptions } from './client-config.js'

/** A migrator's log is a few thousand lines; this bounds a runaway stream (10,000 events per page). */
const MAX_PAGES = 100

export class SdkCloudWatchLogs implements CloudWatchLogsPort {
  private readonly client: CloudWatchLogsClient

  constructor(
    readonly region: string,
    options: AwsClientOptions = {}
  ) {
    this.client = new CloudWatchLogsClient(awsClientConfig(region, options))
  }

  /** GetLogEvents from the head; the end of the stream is where nextForwardToken stops changing. */
  async readStream(logGroup: string, logStream: string, startTime?: number): Promise<LogLine[]> {
    const lines: LogLine[] = []
    let nextToken: string | undefined
    for (let page = 0; page < MAX_PAGES; page++) {
      let output
      try {
        output = await this.client.send(
          new GetLogEventsCommand({
            logGroupName: logGroup,
            logStreamName: logStream,
            startFromHead: true,
            startTime,
            nextToken
          })
        )
      } catch (error) {
        if (isAwsError(error, 'ResourceNotFoundException')) return lines
        throw withOperation('CloudWatch Logs', 'GetLogEvents', error)
      }
      for (const event of output.events ?? [])
        lines.push({ timestamp: event.timestamp ?? 0, message: event.message ?? '' })
      if (!output.nextForwardToken || output.nextForwardToken === nextToken) break
      nextToken = output.nextForwardToken
    }
    return lines
  }
}
