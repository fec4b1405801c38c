import type { Plan } from '../../../../src/domain/plan.js'

/** A hand-made plan: v0.6.5 -> v0.6.6 with one migration, as buildPlan would compute it for the fixtures. */
export function samplePlan(overrides: Partial<Plan> = {}): Plan {
  const image = 'ghcr.io/open-webui/open-webui:v0.6.6@sha256:' + 'a'.repeat(64)
  const taskDefinition = { family: 'open-webui', containerDefinitions: [{ name: 'open-webui', image }] }
  return {
    cluster: 'prod',
    service: 'open-webui',
    region: 'us-east-1',
    current: {
      version: '0.6.5',
      image: 'ghcr.io/open-webui/open-webui:v0.6.5',
      desiredCount: 2,
      runningCount: 2,
      deploymentsInProgress: []
    },
    target: { version: '0.6.6', tag: 'v0.6.6', digest: 'sha256:' + 'a'.repeat(64), image },
    releaseRange: [],
    migrations: {
      status: 'true',
      newRevisions: ['9f0c9cd09105_add_note_table.py'],
      reason: 'compared v0.6.5 and v0.6.6'
    },
    strategy: 'migrate',
    desiredCount: 2,
    fleetTaskDefinition: taskDefinition,
    migratorTaskDefinition: taskDefinition,
    hasHealthCheck: false,
    taskDefinitionDiff: '-    "image": "ghcr.io/open-webui/open-webui:v0.6.5"\n+    "image": "' + image + '"',
    findings: [],
    checks: [],
    steps: [
      { phase: 'drain', description: 'Stop the 2 running v0.6.5 tasks' },
      { phase: 'migrator', description: 'Start one task with ENABLE_DB_MIGRATIONS=true' },
      { phase: 'fleet', description: 'Start 2 tasks with ENABLE_DB_MIGRATIONS=false' }
    ],
    blocked: false,
    hash: '3f8a0c1d2e4b5a6978695a4b3c2d1e0f3f8a0c1d2e4b5a6978695a4b3c2d1e0f',
    ...overrides
  }
}
