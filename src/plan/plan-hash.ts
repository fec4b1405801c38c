import { createHash } from 'node:crypto'
import { canonicalTaskDefinition } from '../taskdef/canonical-task-definition.js'
import type { Plan } from '../domain/plan.js'

/**
 * sha256 over what the plan decides: versions and pin, migrations, strategy, fleet size, both rendered task
 * definitions, findings, blocking checks and steps. Not over what merely describes the moment (running count,
 * release notes, passing checks), so the same decision made twice hashes the same.
 */
export function planHash(plan: Omit<Plan, 'hash'> | Plan): string {
  const content = {
    cluster: plan.cluster,
    service: plan.service,
    region: plan.region,
    current: {
      version: plan.current.version ?? null,
      image: plan.current.image ?? null,
      taskDefinitionArn: plan.current.taskDefinitionArn ?? null,
      desiredCount: plan.current.desiredCount
    },
    target: {
      version: plan.target.version,
      tag: plan.target.tag,
      digest: plan.target.digest ?? null,
      image: plan.target.image
    },
    migrations: { status: plan.migrations.status, newRevisions: [...plan.migrations.newRevisions].sort() },
    strategy: plan.strategy,
    desiredCount: plan.desiredCount,
    fleet: canonicalTaskDefinition(plan.fleetTaskDefinition),
    migrator: canonicalTaskDefinition(plan.migratorTaskDefinition),
    findings: plan.findings.map(finding => [finding.level, finding.code, finding.message]),
    // Only the verdicts that block: a deployment in progress or a target group's state come and go.
    blockingChecks: plan.checks
      .filter(check => check.status === 'NG')
      .map(check => [check.name, check.detail]),
    steps: plan.steps.map(step => [step.phase, step.description]),
    blocked: plan.blocked
  }
  return createHash('sha256').update(JSON.stringify(content)).digest('hex')
}
