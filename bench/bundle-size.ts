import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs'
import path from 'node:path'
import { ROOT } from './spawn-action.js'

/**
 * The bundle the runner downloads: every file of dist/. When dist/ is not built the benchmark builds it the way
 * `npm run build` does, into .bench/dist/ (ignored by git), so it never writes into dist/.
 */

export interface BundleSize {
  /** The bundle's entry file. */
  bundle: string
  /** True when the benchmark built it. */
  built: boolean
  stale: boolean
  buildMs?: number
  files: { name: string; bytes: number }[]
  totalBytes: number
  entryBytes: number
}

export interface LocatedBundle {
  bundle: string
  /** True when the benchmark built it (or reused its own build, still newer than the sources). */
  built: boolean
  /** True when the bundle is older than a file under src/ or the lockfile: it may not be what src/ builds. */
  stale: boolean
  /** How long the benchmark's own build took, when it built one. */
  buildMs?: number
}

export function locateBundle(explicit: string | undefined, log: (message: string) => void): LocatedBundle {
  if (explicit) {
    const bundle = path.resolve(explicit)
    return { bundle, built: false, stale: isStale(bundle) }
  }
  const committed = path.join(ROOT, 'dist/index.js')
  if (existsSync(committed)) return { bundle: committed, built: false, stale: isStale(committed) }
  const out = path.join(ROOT, '.bench/dist')
  const bundle = path.join(out, 'index.js')
  if (existsSync(bundle) && !isStale(bundle)) {
    log('dist/index.js is missing: using .bench/dist, built from the current sources')
    return { bundle, built: true, stale: false }
  }
  log('dist/index.js is missing: building the bundle into .bench/dist (as npm run build does)')
  rmSync(out, { recursive: true, force: true })
  const started = performance.now()
  execFileSync('npx', ['ncc', 'build', 'src/index.ts', '-o', out, '-m', '--license', 'licenses.txt'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit']
  })
  return { bundle, built: true, stale: false, buildMs: performance.now() - started }
}

function isStale(bundle: string): boolean {
  const built = statSync(bundle).mtimeMs
  const sources = [...listFiles(path.join(ROOT, 'src')), path.join(ROOT, 'package-lock.json')]
  return sources.some(file => existsSync(file) && statSync(file).mtimeMs > built)
}

export function bundleSize({ bundle, built, stale, buildMs }: LocatedBundle): BundleSize {
  const directory = path.dirname(bundle)
  const files = listFiles(directory).map(file => ({
    name: path.relative(directory, file),
    bytes: statSync(file).size
  }))
  return {
    bundle,
    built,
    stale,
    ...(buildMs !== undefined ? { buildMs } : {}),
    files: files.sort((a, b) => b.bytes - a.bytes),
    totalBytes: files.reduce((sum, file) => sum + file.bytes, 0),
    entryBytes: statSync(bundle).size
  }
}

function listFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(directory, entry.name)
    return entry.isDirectory() ? listFiles(full) : [full]
  })
}
