import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse as parseYaml } from 'yaml'
import { DEFAULT_TOKEN, inputEnvName, parseOutputFile } from '../__tests__/e2e/harness.js'
import { actionNode as resolveActionNode } from '../__tests__/support/action-node.js'

/**
 * Runs the bundled action the way the e2e harness (and the runner) does: Node 24, inputs as INPUT_* with
 * action.yml's defaults, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files. Unlike the harness it stamps every
 * stdout line with the instant it arrived, and can wrap the process in /usr/bin/time for its memory peak.
 */

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const GNU_TIME = '/usr/bin/time'

export interface StampedLine {
  /** performance.now() of this process when the chunk holding the line arrived. */
  at: number
  text: string
}

export interface SpawnOptions {
  bundle: string
  simulatorEnv: Record<string, string>
  inputs: Record<string, string>
  env?: Record<string, string>
  /** Wrap in /usr/bin/time (about 1 ms more) to read the peak resident set size and the CPU time. */
  measureResources?: boolean
  timeoutMs?: number
}

export interface SpawnedRun {
  code: number | null
  /** performance.now() just before spawn() and when the process closed. */
  spawnedAt: number
  closedAt: number
  lines: StampedLine[]
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
  /** Peak resident set size in KiB, when measured. */
  maxRssKib?: number
  /** User plus system CPU time, when measured: unlike wall time, hardly longer on a busy machine. */
  cpuMs?: number
}

let actionDefaults: Record<string, string> | undefined
function defaultsFromActionYml(): Record<string, string> {
  if (actionDefaults) return actionDefaults
  const action = parseYaml(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string }>
  }
  actionDefaults = {}
  for (const [name, input] of Object.entries(action.inputs)) {
    if (input.default === undefined) continue
    actionDefaults[name] = input.default === '${{ github.token }}' ? DEFAULT_TOKEN : String(input.default)
  }
  return actionDefaults
}

export function canMeasureResources(): boolean {
  return existsSync(GNU_TIME)
}

/** Node 24 where an optional dependency ships it for this machine, else the running Node. */
export function actionNode(): string {
  return resolveActionNode().path
}

export async function spawnAction(options: SpawnOptions): Promise<SpawnedRun> {
  const base = mkdtempSync(path.join(tmpdir(), 'owed-bench-'))
  const workspace = path.join(base, 'workspace')
  mkdirSync(workspace)
  const outputFile = path.join(base, 'output')
  const summaryFile = path.join(base, 'summary.md')
  const eventFile = path.join(base, 'event.json')
  const resourceFile = path.join(base, 'resources')
  writeFileSync(outputFile, '')
  writeFileSync(summaryFile, '')
  writeFileSync(eventFile, '{}')
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: base,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_EVENT_NAME: 'workflow_dispatch',
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_REPOSITORY: 'acme/platform',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_RUN_ID: '4242',
    GITHUB_SERVER_URL: 'https://github.com',
    RUNNER_TEMP: base,
    ...options.simulatorEnv,
    ...options.env
  }
  for (const [name, value] of Object.entries({ ...defaultsFromActionYml(), ...options.inputs }))
    env[inputEnvName(name)] = value

  const resources = options.measureResources === true && canMeasureResources()
  const [command, args] = resources
    ? [GNU_TIME, ['-f', '%M %U %S', '-o', resourceFile, actionNode(), path.resolve(options.bundle)]]
    : [actionNode(), [path.resolve(options.bundle)]]
  const lines: StampedLine[] = []
  let partial = ''
  let stdout = ''
  let stderr = ''
  const spawnedAt = performance.now()
  const child = spawn(command, args, { cwd: workspace, env, stdio: ['ignore', 'pipe', 'pipe'] })
  child.stdout.setEncoding('utf8')
  child.stdout.on('data', (chunk: string) => {
    const at = performance.now()
    stdout += chunk
    const parts = (partial + chunk).split('\n')
    partial = parts.pop() ?? ''
    for (const text of parts) lines.push({ at, text })
  })
  child.stderr.on('data', chunk => (stderr += chunk))
  const timeoutMs = options.timeoutMs ?? 240_000
  const code = await new Promise<number | null>(resolve => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('close', exitCode => {
      clearTimeout(timer)
      resolve(exitCode)
    })
  })
  const closedAt = performance.now()
  if (partial) lines.push({ at: closedAt, text: partial })
  const run: SpawnedRun = {
    code,
    spawnedAt,
    closedAt,
    lines,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8')
  }
  if (resources && existsSync(resourceFile))
    Object.assign(run, parseTimeOutput(readFileSync(resourceFile, 'utf8')))
  rmSync(base, { recursive: true, force: true })
  return run
}

/** The last line of `/usr/bin/time -f '%M %U %S'` (a line before it may say the command exited non-zero). */
export function parseTimeOutput(text: string): { maxRssKib?: number; cpuMs?: number } {
  const match = /^(\d+) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)$/.exec(text.trim().split('\n').at(-1) ?? '')
  if (!match) return {}
  return { maxRssKib: Number(match[1]), cpuMs: Math.round((Number(match[2]) + Number(match[3])) * 1000) }
}
