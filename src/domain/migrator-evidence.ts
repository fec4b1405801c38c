/**
 * What a failed migrator did to the database, as the rollout judged it (src/rollout/migrator-evidence.ts):
 * recovery acts on the verdict, the deploy summary shows it with what it rests on.
 */

export type MigratorVerdict = 'schema-untouched' | 'migrations-may-have-run' | 'unknown'

export interface TaskEvidence {
  taskId: string
  verdict: MigratorVerdict
  /** One sentence: what the verdict rests on. */
  reason: string
  /** The reason without this task's exit and timing, to tell tasks that failed alike. */
  basis: string
  /** The log lines it rests on, verbatim (untrusted: escape before display). */
  quotes: string[]
}

export interface MigratorEvidence {
  verdict: MigratorVerdict
  reason: string
  tasks: TaskEvidence[]
}
