export interface LogLine {
  timestamp: number
  message: string
}

/** CloudWatch Logs, used to read the migrator's log stream. */
export interface CloudWatchLogsPort {
  /** Events of one stream from `startTime` on, oldest first, following tokens; [] when the stream does not exist yet. */
  readStream(logGroup: string, logStream: string, startTime?: number): Promise<LogLine[]>
}
