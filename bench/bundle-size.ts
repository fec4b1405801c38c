import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
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
  files: { name: string; bytes: number }[]
  totalBytes: number
  entryBytes: number
}

export function locateBundle(explicit: string | undefined, log: (message: string) => void): { bundle: string; built: boolean } {
  if (explicit) return { bundle: path.resolve(explicit), built: false }
  const committed = path.join(ROOT, 'dist/index.js')
  if (existsSync(committed)) return { bundle: committed, built: false }
  const out = path.join(ROOT, '.bench/dist')
  log('dist/index.js is missing: building the bundle into .bench/dist (as npm run build does)')
  execFileSync('npx', ['ncc', 'build', 'src/index.ts', '-o', out, '-m', '--license', 'licenses.txt'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit']
  })
  return { bundle: path.join(out, 'index.js'), built: true }
}

export function bundleSize(bundle: string, built: boolean): BundleSize {
  const directory = path.dirname(bundle)
  const files = listFiles(directory).map(file => ({
    name: path.relative(directory, file),
    bytes: statSync(file).size
  }))
  return {
    bundle,
    built,
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
