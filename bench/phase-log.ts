/**
 * Reads the rollout phases out of the action's job log. Each phase is a log group (`::group::Migrator: ...`)
 * that names the deployment UpdateService started, prints the tracked deployment's counts whenever they change
 * (`*open-webui:3 PRIMARY COMPLETED: 2/2 running` once ECS reports it done) and closes (`::endgroup::`) when
 * the action has verified the tasks and moves on.
 */

export type RolloutPhaseName = 'migrator' | 'fleet' | 'rolling'

export interface LogLine {
  /** ms on the clock the caller measures with. */
  at: number
  text: string
}

export interface PhaseInLog {
  name: RolloutPhaseName
  openedAt: number
  /** From `UpdateService: deployment ecs-svc/123 ...`, when printed. */
  deploymentId?: string
  /** The first counts line showing the tracked deployment COMPLETED. */
  sawCompletedAt?: number
  closedAt?: number
}

const PHASE_TITLES: [RegExp, RolloutPhaseName][] = [
  [/^::group::Migrator\b/, 'migrator'],
  [/^::group::Fleet\b/, 'fleet'],
  [/^::group::Rolling update\b/, 'rolling']
]
const DEPLOYMENT_ID = /\bdeployment (ecs-svc\/\d+)/
const TRACKED_COMPLETED = /\*\S+ PRIMARY COMPLETED\b/

export function phasesInLog(lines: readonly LogLine[]): PhaseInLog[] {
  const phases: PhaseInLog[] = []
  let open: PhaseInLog | undefined
  for (const line of lines) {
    const title = PHASE_TITLES.find(([pattern]) => pattern.test(line.text))
    if (title) {
      open = { name: title[1], openedAt: line.at }
      phases.push(open)
      continue
    }
    if (!open) continue
    if (line.text.startsWith('::endgroup::')) {
      open.closedAt = line.at
      open = undefined
      continue
    }
    const id = DEPLOYMENT_ID.exec(line.text)
    if (id && open.deploymentId === undefined && /UpdateService/.test(line.text)) open.deploymentId = id[1]
    if (open.sawCompletedAt === undefined && TRACKED_COMPLETED.test(line.text)) open.sawCompletedAt = line.at
  }
  return phases
}
