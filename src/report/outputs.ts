import type { MigrationCheck } from '../domain/migration-check.js'
import type { Plan } from '../domain/plan.js'
import { versionTag } from '../release/version-tag.js'
import type { Outcome } from './outcome.js'

type Outputs = Outcome['outputs']

/**
 * The outputs every mode that picks a release sets, written the same way by each: `version` and
 * `previous-version` as tags (`v0.6.6`), the image pin, and whether the range migrates the database.
 */
export function releaseOutputs(release: {
  version: string
  previousVersion?: string
  image?: string
  migrations?: MigrationCheck['status']
}): Outputs {
  return {
    version: versionTag(release.version),
    ...(release.previousVersion ? { 'previous-version': versionTag(release.previousVersion) } : {}),
    ...(release.image ? { image: release.image } : {}),
    ...(release.migrations ? { migrations: release.migrations } : {})
  }
}

/** deploy (before the rollout) and plan mode: the release outputs, the plan as markdown and what runs now. */
export function planOutputs(plan: Plan, markdown: string): Outputs {
  return {
    ...releaseOutputs({
      version: plan.target.version,
      previousVersion: plan.current.version,
      image: plan.target.image,
      migrations: plan.migrations.status
    }),
    plan: markdown,
    ...(plan.current.taskDefinitionArn
      ? { 'previous-task-definition-arn': plan.current.taskDefinitionArn }
      : {})
  }
}
