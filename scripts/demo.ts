/**
 * `npm run demo`: a full Open WebUI upgrade with database migrations, v0.6.5 -> v0.6.6 on a 4-task Fargate
 * service, by the bundled action (dist/index.js, or ACTION_BUNDLE) against the local simulator of AWS, GitHub
 * and the image registry. Prints the action's log as it runs and writes the job summary to .demo/summary.md.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { ACTION_BUNDLE, runAction } from '../__tests__/e2e/harness.js'
import { CLUSTER, SECRETS_INPUT, SERVICE, standardScenario } from '../__tests__/fixtures/open-webui.js'
import { startSimulator } from '../simulator/src/index.js'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const SUMMARY = path.join(ROOT, '.demo', 'summary.md')

/** Slow enough to watch each state go by, fast enough to finish in well under a minute. */
const DEMO_TIMING = {
  provisioningMs: 400,
  pendingMs: 600,
  healthyAfterMs: 1500,
  stoppingMs: 500,
  unhealthyGraceMs: 1000,
  tickMs: 50
}

const MIGRATION_LOG = [
  'INFO  [alembic.runtime.migration] Running upgrade 3ab32c4b8f59 -> 9f0c9cd09105, add note table',
  'INFO  [open_webui.config] Migrations complete'
]

async function main(): Promise<void> {
  if (!existsSync(ACTION_BUNDLE)) {
    console.error(
      `${path.relative(ROOT, ACTION_BUNDLE)} does not exist: run \`npm run build\` first (or set ACTION_BUNDLE).`
    )
    process.exitCode = 1
    return
  }
  const sim = await startSimulator(({ registryHost }) => ({
    ...standardScenario({ registryHost, desiredCount: 4 }),
    timing: DEMO_TIMING,
    taskBehaviours: [
      {
        match: { image: 'v0.6.6', environment: { ENABLE_DB_MIGRATIONS: 'true' } },
        healthyAfterMs: 4000,
        logLines: MIGRATION_LOG
      }
    ]
  }))
  const started = Date.now()
  console.log(
    `Simulator on ${sim.url}: cluster ${CLUSTER}, service ${SERVICE} runs Open WebUI v0.6.5 on 4 tasks.`
  )
  console.log(`Running ${path.relative(ROOT, ACTION_BUNDLE)}: deploy v0.6.6 (adds an Alembic revision)\n`)
  try {
    const run = await runAction({
      simulatorEnv: sim.env,
      inputs: {
        mode: 'deploy',
        cluster: CLUSTER,
        service: SERVICE,
        image: `${sim.registryHost}/open-webui/open-webui`,
        version: 'v0.6.6',
        secrets: SECRETS_INPUT,
        'timeout-minutes': '5',
        'health-url': `${sim.url}/openwebui/${CLUSTER}/${SERVICE}`
      },
      onSpawn: child => child.stdout?.on('data', chunk => process.stdout.write(chunk)),
      timeoutMs: 120_000
    })
    if (run.stderr.trim()) process.stderr.write(run.stderr)
    mkdirSync(path.dirname(SUMMARY), { recursive: true })
    writeFileSync(SUMMARY, run.summary)
    const migrators = new Set(
      sim.timeline.filter(entry => entry.migrationsEnabled).map(entry => entry.taskArn)
    ).size
    console.log(
      `\nExit code ${run.code}, result ${run.outputs.result ?? '?'} in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
        `${migrators} migration-enabled task${migrators === 1 ? '' : 's'} ran.`
    )
    console.log(`Job summary written to ${path.relative(process.cwd(), SUMMARY)}`)
    process.exitCode = run.code ?? 1
  } finally {
    await sim.stop()
  }
}

await main()
