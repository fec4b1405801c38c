import type { PhaseName, PhaseRecord, PhaseStatus } from '../domain/rollout-phases.js'

/** A phase under way, as its body sees it: it can name its deployment and say what it has done so far. */
export interface RunningPhase {
  readonly name: PhaseName
  readonly startedAt: number
  /** The deployment this phase started or follows: linked in the report, and known as this rollout's own. */
  deployment(deploymentId: string, serviceDeploymentArn?: string): void
  /** What the phase has done so far: the record's detail if it fails before it finishes. */
  note(detail: string): void
}

/** What a phase body hands back: the record's detail and the phase's result. */
export interface PhaseDone<T> {
  detail: string
  value: T
}

export function done(detail: string): PhaseDone<undefined> {
  return { detail, value: undefined }
}

/**
 * The phases of a rollout in the order they started, for the report. Append-only: a record is added when its
 * phase starts (or is skipped) and replaced by its finished form once; none is removed or reordered.
 */
export class PhaseLog {
  private readonly entries: PhaseRecord[] = []

  get records(): readonly PhaseRecord[] {
    return this.entries
  }

  start(name: PhaseName, at: number): PhaseRecord {
    const record: PhaseRecord = Object.freeze({ name, startedAt: at, status: 'running', detail: '' })
    this.entries.push(record)
    return record
  }

  skip(name: PhaseName, at: number, detail: string): PhaseRecord {
    const record: PhaseRecord = Object.freeze({ name, startedAt: at, endedAt: at, status: 'skipped', detail })
    this.entries.push(record)
    return record
  }

  /** Adds what a running phase learned (its deployment, its detail so far). */
  update(
    record: PhaseRecord,
    changes: Partial<Pick<PhaseRecord, 'detail' | 'deploymentId' | 'serviceDeploymentArn'>>
  ): PhaseRecord {
    return this.replace(record, { ...record, ...changes })
  }

  finish(
    record: PhaseRecord,
    status: Exclude<PhaseStatus, 'running' | 'skipped'>,
    detail: string,
    at: number
  ): PhaseRecord {
    return this.replace(record, { ...record, status, detail, endedAt: at })
  }

  /** Deployments the rollout's phases started or followed, as opposed to someone else's. */
  deploymentIds(): Set<string> {
    return new Set(this.entries.flatMap(record => (record.deploymentId ? [record.deploymentId] : [])))
  }

  private replace(record: PhaseRecord, next: PhaseRecord): PhaseRecord {
    const index = this.entries.lastIndexOf(record)
    if (index < 0 || this.entries[index].status !== 'running')
      throw new Error(`Phase ${record.name} is not running`)
    const frozen = Object.freeze(next)
    this.entries[index] = frozen
    return frozen
  }
}
