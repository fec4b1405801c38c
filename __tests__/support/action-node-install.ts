import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  ACTION_NODE_MAJOR,
  RUNTIME_PACKAGES,
  majorVersionOf,
  runtimeBinary,
  runtimeCacheDir,
  type RuntimePackage
} from './action-node.ts'

/**
 * Fetches the Node 24 runtime package for this machine into the runtime cache (./action-node.ts), once: `npm pack`
 * takes the tarball from npm's cache (or the registry), its sha512 must be the pinned one, and only `bin/node`
 * is unpacked (127 of the package's 189 MB). A finished runtime is moved into place in one rename, so parallel
 * runs never see half a binary. Used by the slow tests' global setup, the benchmark and `.ci/run`.
 */

function npmCommand(): [string, string[]] {
  // Under `npm test`, npm says which npm runs it; elsewhere the one on PATH.
  const npmCli = process.env.npm_execpath
  return npmCli && npmCli.endsWith('.js') ? [process.execPath, [npmCli]] : ['npm', []]
}

function integrityOf(file: string): string {
  return `sha512-${createHash('sha512').update(readFileSync(file)).digest('base64')}`
}

function fetchRuntime(runtime: RuntimePackage, cacheDir: string): void {
  mkdirSync(cacheDir, { recursive: true })
  const work = mkdtempSync(path.join(cacheDir, '.fetch-'))
  try {
    const [npm, prefix] = npmCommand()
    execFileSync(
      npm,
      [
        ...prefix,
        'pack',
        `${runtime.name}@${runtime.version}`,
        '--prefer-offline',
        '--silent',
        '--pack-destination',
        work
      ],
      { stdio: ['ignore', 'ignore', 'pipe'], timeout: 600_000 }
    )
    const tarball = readdirSync(work).find(name => name.endsWith('.tgz'))
    if (!tarball) throw new Error(`npm pack ${runtime.name}@${runtime.version} left no tarball`)
    const integrity = integrityOf(path.join(work, tarball))
    if (integrity !== runtime.integrity)
      throw new Error(`${tarball} has integrity ${integrity}, expected ${runtime.integrity}`)
    execFileSync('tar', ['-xzf', path.join(work, tarball), '-C', work, 'package/bin/node'], { stdio: 'pipe' })
    const target = path.dirname(path.dirname(runtimeBinary(cacheDir, runtime)))
    try {
      renameSync(path.join(work, 'package'), target)
    } catch (error) {
      // Another run got there first: its runtime is as good as this one.
      if (!existsSync(runtimeBinary(cacheDir, runtime))) throw error
    }
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

/**
 * The Node 24 binary for this machine, fetched when missing; undefined where no package exists (macOS,
 * Windows) or `ACTION_NODE` names one by hand. Throws when fetching fails or the binary does not start.
 */
export function installActionNode(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.ACTION_NODE) return undefined
  const runtime = RUNTIME_PACKAGES[`${process.platform}-${process.arch}`]
  if (!runtime) return undefined
  const cacheDir = runtimeCacheDir(env)
  const binary = runtimeBinary(cacheDir, runtime)
  if (!existsSync(binary)) fetchRuntime(runtime, cacheDir)
  const major = majorVersionOf(binary)
  if (major !== ACTION_NODE_MAJOR)
    throw new Error(`${binary} does not start as Node ${ACTION_NODE_MAJOR} (reports ${major ?? 'nothing'})`)
  return binary
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(
    installActionNode() ?? `no Node ${ACTION_NODE_MAJOR} package for this machine: the running Node`
  )
}
