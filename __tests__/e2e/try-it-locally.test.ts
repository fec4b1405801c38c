import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { actionNode } from '../support/action-node.js'

/**
 * Runs docs/try-it-locally.md as written, so the guide cannot rot: its bash blocks in order are (1) start the
 * simulator with the example scenario, writing the environment to source, (2) the dry run, (3) the deploy.
 * Only `node` is pointed at the Node that runs the bundle in the other e2e tests (PATH), as a reader's shell would
 * find theirs.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const GUIDE = path.join(ROOT, 'docs/try-it-locally.md')
const ENV_FILE = path.join(ROOT, '.demo/simulator.env')

function bashBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```bash\n([\s\S]*?)^```$/gm)].map(match => match[1])
}

const blocks = bashBlocks(readFileSync(GUIDE, 'utf8'))
const shellPath = `${path.dirname(actionNode().path)}${path.delimiter}${process.env.PATH ?? ''}`
let simulator: ChildProcess | undefined

function runBash(script: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('bash', ['-euo', 'pipefail', '-c', script], {
    cwd: ROOT,
    env: { PATH: shellPath, HOME: process.env.HOME ?? ROOT },
    encoding: 'utf8',
    timeout: 90_000
  })
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

async function waitForEnvironment(): Promise<string> {
  for (let attempt = 0; attempt < 300; attempt++) {
    const text = existsSync(ENV_FILE) ? readFileSync(ENV_FILE, 'utf8') : ''
    if (text.includes('SIMULATOR_REGISTRY_HOST=')) return text
    if (simulator?.exitCode !== null && simulator?.exitCode !== undefined)
      throw new Error(`the simulator exited with ${simulator.exitCode}`)
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  throw new Error(`${ENV_FILE} did not get the environment within 30 s`)
}

beforeAll(async () => {
  rmSync(ENV_FILE, { force: true })
  // Its own process group, so the npm -> tsx -> node chain stops together.
  simulator = spawn('bash', ['-c', blocks[0]], {
    cwd: ROOT,
    env: { ...process.env, PATH: shellPath },
    detached: true,
    stdio: 'ignore'
  })
  await waitForEnvironment()
})

afterAll(() => {
  if (simulator?.pid !== undefined) {
    try {
      process.kill(-simulator.pid, 'SIGTERM')
    } catch {
      // already gone
    }
  }
  rmSync(ENV_FILE, { force: true })
})

describe('docs/try-it-locally.md, step by step', () => {
  it('has the three steps: start the simulator, dry run, deploy', () => {
    expect(blocks).toHaveLength(3)
    expect(blocks[0]).toContain(
      'npm run -s simulator -- docs/try-it-locally/scenario.json > .demo/simulator.env'
    )
    expect(blocks[1]).toContain('INPUT_DRY-RUN=true node dist/index.js')
  })

  it('prints an environment that sources, with every AWS endpoint, GitHub and the simulator address', () => {
    const environment = readFileSync(ENV_FILE, 'utf8')
    for (const name of [
      'AWS_ENDPOINT_URL_ECS',
      'AWS_ENDPOINT_URL_SECRETS_MANAGER',
      'AWS_ENDPOINT_URL_CLOUDWATCH_LOGS',
      'AWS_ENDPOINT_URL_APPLICATION_AUTO_SCALING',
      'AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2',
      'AWS_ENDPOINT_URL_ECR',
      'GITHUB_API_URL',
      'SIMULATOR_URL',
      'SIMULATOR_REGISTRY_HOST'
    ])
      expect(environment).toMatch(
        new RegExp(`^export ${name}='(http://)?127\\.0\\.0\\.1:\\d+(/github)?'$`, 'm')
      )
    expect(
      environment
        .split('\n')
        .filter(Boolean)
        .every(line => line.startsWith('export '))
    ).toBe(true)
  })

  it('the dry run plans the migration of the example service and exits 0', () => {
    const run = runBash(blocks[1])
    expect({ status: run.status, stderr: run.stderr }).toMatchObject({ status: 0 })
    expect(run.stdout).toContain('OK   Auto Scaling: min 2, max 6')
    expect(run.stdout).toContain('OK   Target group open-webui-tg: health check /health, stickiness on')
    expect(run.stdout).toContain('Strategy: migrate')
    expect(run.stdout).toMatch(/## Open WebUI deploy plan \\?\(dry run\\?\)/)
    expect(run.stdout).toMatch(
      /123456789012\.dkr\.ecr\.us-east-1\.amazonaws\.com\/ghcr\/open-webui\/open-webui:v0\.6\.6@sha256:/
    )
  })

  it('the deploy after it upgrades the service, and says so in the outputs', () => {
    const run = runBash(`${blocks[1]}\n${blocks[2]}`)
    expect({ status: run.status, stderr: run.stderr }).toMatchObject({ status: 0 })
    expect(run.stdout).toMatch(/^result<<.*\ndeployed$/m)
    expect(run.stdout).toMatch(/^version<<.*\nv0\.6\.6$/m)
    expect(run.stdout).toMatch(/^migrations<<.*\ntrue$/m)
  })
})
