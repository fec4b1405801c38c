import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse as parseYaml } from 'yaml'
import { actionNode, runtimeCacheDir } from '../support/action-node.js'

/**
 * Runs the bundled action exactly as the runner does: `node dist/index.js` on Node 24 (where this machine has it:
 * ../support/action-node.ts) with inputs as INPUT_*
 * variables (defaults from action.yml applied, as the runner does), GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and an
 * event payload file. The child runs asynchronously so an in-process simulator keeps answering.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const ACTION_BUNDLE = process.env.ACTION_BUNDLE ?? path.join(ROOT, 'dist/index.js')
export const DEFAULT_TOKEN = 'ghs_simulatedActionsToken'

export interface ParsedAnnotation {
  level: 'error' | 'warning' | 'notice'
  title?: string
  message: string
}

export interface ActionRun {
  code: number | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
  annotations: ParsedAnnotation[]
  workspace: string
}

export interface RunOptions {
  /** Environment from the simulator (AWS endpoints, GITHUB_API_URL, region, dummy credentials). */
  simulatorEnv: Record<string, string>
  /** Inputs by their action.yml names; missing ones get action.yml's defaults. */
  inputs: Record<string, string>
  /** Files to create in the workspace, by relative path. */
  files?: Record<string, string>
  event?: { name: string; payload: Record<string, unknown> }
  /** `owner/name` of the repository the workflow runs in. Default `acme/platform`. */
  repository?: string
  env?: Record<string, string>
  /** Called with the child process once it started (cancellation tests send signals). */
  onSpawn?: (child: ReturnType<typeof spawn>) => void
  timeoutMs?: number
}

let actionDefaults: Record<string, string> | undefined
export function defaultsFromActionYml(): Record<string, string> {
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

export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

export async function runAction(options: RunOptions): Promise<ActionRun> {
  const base = mkdtempSync(path.join(tmpdir(), 'owed-e2e-'))
  const workspace = path.join(base, 'workspace')
  mkdirSync(workspace)
  for (const [relative, text] of Object.entries(options.files ?? {})) {
    const file = path.join(workspace, relative)
    mkdirSync(path.dirname(file), { recursive: true })
    writeFileSync(file, text)
  }
  const outputFile = path.join(base, 'output')
  const summaryFile = path.join(base, 'summary.md')
  const eventFile = path.join(base, 'event.json')
  writeFileSync(outputFile, '')
  writeFileSync(summaryFile, '')
  writeFileSync(eventFile, JSON.stringify(options.event?.payload ?? {}))

  const inputs = { ...defaultsFromActionYml(), ...options.inputs }
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: base,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_EVENT_NAME: options.event?.name ?? 'workflow_dispatch',
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_REPOSITORY: options.repository ?? 'acme/platform',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_RUN_ID: '4242',
    GITHUB_SERVER_URL: 'https://github.com',
    RUNNER_TEMP: base,
    // Where the bundle runs on the developer's Node (no Node 24 fetched: ../support/action-node.ts), the AWS SDK
    // would warn about that Node on every run; the runner's is Node 24.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    // Node's on-disk compile cache: the suite starts the same bundle a few hundred times, and all but the first
    // skip compiling its 3 MB. What the bundle does is unchanged; its cold start is the benchmark's to measure.
    NODE_COMPILE_CACHE: path.join(runtimeCacheDir(), 'compile-cache'),
    ...options.simulatorEnv,
    ...options.env
  }
  for (const [name, value] of Object.entries(inputs)) env[inputEnvName(name)] = value

  const child = spawn(actionNode().path, [ACTION_BUNDLE], {
    cwd: workspace,
    env,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  options.onSpawn?.(child)
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', chunk => (stdout += chunk))
  child.stderr.on('data', chunk => (stderr += chunk))
  const code = await new Promise<number | null>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`action did not finish within ${options.timeoutMs ?? 90000} ms\n${stdout}\n${stderr}`))
    }, options.timeoutMs ?? 90000)
    child.on('close', exitCode => {
      clearTimeout(timer)
      resolve(exitCode)
    })
  })
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    annotations: parseAnnotations(stdout),
    workspace
  }
}

/**
 * The job log as the runner shows it: an `::add-mask::value` line is consumed, and from the next line on every
 * occurrence of the value reads `***`. A value printed before its mask line stays visible, as on a real runner.
 */
export function runnerLog(stdout: string): string {
  const masks: string[] = []
  const shown: string[] = []
  for (const line of stdout.split(/\r\n|\r|\n/)) {
    const mask = /^::add-mask::(.*)$/.exec(line)
    if (mask) {
      if (mask[1]) masks.push(mask[1])
      continue
    }
    shown.push(masks.reduce((text, value) => text.split(value).join('***'), line))
  }
  return shown.join('\n')
}

/** Reads the `name<<delimiter` blocks @actions/core writes to GITHUB_OUTPUT. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let index = 0; index < lines.length; index++) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[index])
    if (match) {
      const [, name, delimiter] = match
      const value: string[] = []
      while (++index < lines.length && lines[index] !== delimiter) value.push(lines[index])
      outputs[name] = value.join('\n')
    } else if (lines[index].includes('=')) {
      const eq = lines[index].indexOf('=')
      outputs[lines[index].slice(0, eq)] = lines[index].slice(eq + 1)
    }
  }
  return outputs
}

function unescapeData(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
}

function unescapeProperty(text: string): string {
  return unescapeData(text).replace(/%3A/g, ':').replace(/%2C/g, ',')
}

/** Workflow commands `::error title=...::message` as the runner reads them from stdout. */
export function parseAnnotations(stdout: string): ParsedAnnotation[] {
  const annotations: ParsedAnnotation[] = []
  for (const line of stdout.split(/\r?\n/)) {
    const match = /^::(error|warning|notice)( [^:]*)?::(.*)$/.exec(line)
    if (!match) continue
    const properties = Object.fromEntries(
      (match[2] ?? '')
        .trim()
        .split(',')
        .filter(Boolean)
        .map(pair => {
          const eq = pair.indexOf('=')
          return [pair.slice(0, eq), unescapeProperty(pair.slice(eq + 1))]
        })
    )
    annotations.push({
      level: match[1] as ParsedAnnotation['level'],
      title: properties.title,
      message: unescapeData(match[3])
    })
  }
  return annotations
}
