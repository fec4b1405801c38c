// PLACEHOLDER: replaced by the real AWS SDK implementation.
import type { CloudWatchLogsPort } from '../ports/cloudwatch-logs.js'

export class SdkCloudWatchLogs implements Partial<CloudWatchLogsPort> {
  constructor(readonly region: string) {}
}
