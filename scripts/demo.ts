/**
 * `npm run demo`: a full Open WebUI upgrade with database migrations, v0.6.5 -> v0.6.6 on a 4-task Fargate
 * service, by the bundled action (dist/index.js, or ACTION_BUNDLE) against the local simulator of AWS, GitHub
 * and the image registry. Prints the action's log as it runs and writes the job summary to .demo/summary.md.
 * `npm run demo -- --docs` first runs plan mode on a pull request too, and keeps the PR comment and the job
 * summary as docs/examples/plan-comment.md and docs/examples/job-summary.md (rendered by `npm run docs:render`).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { ACTION_BUNDLE, runAction } from '../__tests__/e2e/harness.js'
import {
  CLUSTER,
  SECRETS_INPUT,
  SERVICE,
  registryTags,
  standardScenario
} from '../__tests__/fixtures/open-webui.js'
import { startSimulator, type Scenario, type Simulator } from '../simulator/src/index.js'
import { writeExample } from './docs-examples.js'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const SUMMARY = path.join(ROOT, '.demo', 'summary.md')
const DOCS_EXAMPLES = path.join(ROOT, 'docs', 'examples')
const WRITE_DOCS = process.argv.includes('--docs')
const WORKFLOW_REPOSITORY = 'acme/platform'
const PULL_REQUEST = 7

/** Slow enough to watch each state go by, fast enough to finish in well under a minute. */
const DEMO_TIMING = {
  provisioningMs: 400,
  pendingMs: 600,
  healthyAfterMs: 1500,
  stoppingMs: 500,
  unhealthyGraceMs: 1000,
  tickMs: 50
}

/**
 * Images come through an ECR pull-through cache of ghcr.io, as many teams run them: a registry name a reader
 * recognises (not 127.0.0.1:PORT), read through the ECR API that the simulator serves.
 */
const ECR_HOST = '123456789012.dkr.ecr.us-east-1.amazonaws.com'
const CACHED_REPOSITORY = 'ghcr/open-webui/open-webui'

async function main(): Promise<void> {
  if (!existsSync(ACTION_BUNDLE)) {
    console.error(
      `${path.relative(ROOT, ACTION_BUNDLE)} does not exist: run \`npm run build\` first (or set ACTION_BUNDLE).`
    )
    process.exitCode = 1
    return
  }
  const sim = await startSimulator(() => ({
    ...withPullRequest(standardScenario({ registryHost: `${ECR_HOST}/ghcr`, desiredCount: 4 })),
    registry: { repositories: { [CACHED_REPOSITORY]: registryTags()['open-webui/open-webui'] } },
    timing: DEMO_TIMING,
    taskBehaviours: [
      { match: { image: 'v0.6.6', environment: { ENABLE_DB_MIGRATIONS: 'true' } }, healthyAfterMs: 4000 }
    ]
  }))
  const started = Date.now()
  console.log(
    `Simulator on ${sim.url}: cluster ${CLUSTER}, service ${SERVICE} runs Open WebUI v0.6.5 on 4 tasks.`
  )
  console.log(`Running ${path.relative(ROOT, ACTION_BUNDLE)}: deploy v0.6.6 (adds an Alembic revision)\n`)
  try {
    if (WRITE_DOCS) await writePlanComment(sim, inputsFor())
    const run = await runAction({
      simulatorEnv: sim.env,
      inputs: {
        ...inputsFor(),
        mode: 'deploy',
        'timeout-minutes': '5',
        'health-url': `${sim.url}/openwebui/${CLUSTER}/${SERVICE}`
      },
      onSpawn: child => child.stdout?.on('data', chunk => process.stdout.write(chunk)),
      timeoutMs: 120_000
    })
    if (run.stderr.trim()) process.stderr.write(run.stderr)
    mkdirSync(path.dirname(SUMMARY), { recursive: true })
    writeFileSync(SUMMARY, run.summary)
    if (WRITE_DOCS) keepExample('job-summary.md', run.summary, `${sim.url}/openwebui/${CLUSTER}/${SERVICE}`)
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

/** Keeps a docs example, unchanged when this run differs from the committed one only in what it measured. */
function keepExample(name: string, markdown: string, healthBase?: string): void {
  const file = path.join(DOCS_EXAMPLES, name)
  const written = writeExample(file, markdown, healthBase)
  console.log(
    `${path.relative(ROOT, file)}: ${written ? 'written' : 'unchanged (only timings and dates differ)'}`
  )
}

function inputsFor(): Record<string, string> {
  return {
    cluster: CLUSTER,
    service: SERVICE,
    image: `${ECR_HOST}/${CACHED_REPOSITORY}`,
    version: 'v0.6.6',
    secrets: SECRETS_INPUT
  }
}

function withPullRequest(scenario: Scenario): Scenario {
  scenario.github!.repositories![WORKFLOW_REPOSITORY] = {
    pullRequests: [
      {
        number: PULL_REQUEST,
        title: 'Update Open WebUI to v0.6.6',
        head: 'open-webui-ecs-deploy/bump',
        author: 'octocat'
      }
    ]
  }
  return scenario
}

/** Plan mode on the bump pull request, as the plan workflow runs it; keeps the sticky comment it wrote. */
async function writePlanComment(sim: Simulator, inputs: Record<string, string>): Promise<void> {
  const [owner, repo] = WORKFLOW_REPOSITORY.split('/')
  const repository = { full_name: WORKFLOW_REPOSITORY, name: repo, owner: { login: owner } }
  const run = await runAction({
    simulatorEnv: sim.env,
    inputs: { ...inputs, mode: 'plan' },
    repository: WORKFLOW_REPOSITORY,
    event: {
      name: 'pull_request',
      payload: {
        number: PULL_REQUEST,
        pull_request: {
          number: PULL_REQUEST,
          head: {
            sha: '5f1e0c3b9a7d4e2f8c6b1a0d9e8f7a6b5c4d3e2f',
            ref: 'open-webui-ecs-deploy/bump',
            repo: repository
          },
          base: { ref: 'main', repo: repository }
        },
        repository
      }
    }
  })
  const comment = sim.github.comments(WORKFLOW_REPOSITORY, PULL_REQUEST).at(-1)
  if (run.code !== 0 || !comment)
    throw new Error(`plan mode did not comment (exit ${run.code}):\n${run.stdout}`)
  mkdirSync(DOCS_EXAMPLES, { recursive: true })
  keepExample('plan-comment.md', comment.body)
}

await main()
