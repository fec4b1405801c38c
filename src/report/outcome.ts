/** What a mode hands back to main.ts: everything the runner gets to see, as data. */

export type Result =
  | 'deployed'
  | 'unchanged'
  | 'rolled-back'
  | 'failed'
  | 'planned'
  | 'bump-opened'
  | 'bump-updated'
  | 'up-to-date'
  | 'resolved'

export const OUTPUT_NAMES = [
  'version',
  'previous-version',
  'image',
  'task-definition-arn',
  'migrator-task-definition-arn',
  'previous-task-definition-arn',
  'result',
  'migrations',
  'plan',
  'plan-hash',
  'db-snapshot-id',
  'outage-seconds',
  'pull-request-number',
  'pull-request-url'
] as const

export type OutputName = (typeof OUTPUT_NAMES)[number]

export interface Annotation {
  level: 'error' | 'warning' | 'notice'
  title: string
  message: string
}

export interface Outcome {
  result: Result
  outputs: Partial<Record<OutputName, string>>
  /** Markdown for the job summary; written on failure too. */
  summary: string
  annotations: Annotation[]
  /** Set when the step must fail: the message for core.setFailed (exit code 1). */
  failure?: string
}
