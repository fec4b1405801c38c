import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * What `npm run build` built from: a fingerprint of src/ and of the bundle it made, kept outside dist/ (dist/
 * is committed, the stamp is not). The test run compares both with what is on disk, in a few milliseconds, to
 * say when the e2e tests would run a bundle of other sources: src/ changed since, or dist/ was checked out or
 * replaced (which file times cannot tell).
 */
export interface BuildStamp {
  src: string
  dist: string
}

export function stampPath(root: string): string {
  return path.join(root, 'node_modules', '.cache', 'open-webui-ecs-deploy', 'build-stamp.json')
}

/** sha256 over every file's path and content below `directory`, in a stable order. */
export function fingerprint(directory: string, include: (name: string) => boolean = () => true): string {
  const hash = createHash('sha256')
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1
    )) {
      const full = path.join(folder, entry.name)
      if (entry.isDirectory()) walk(full)
      else if (include(entry.name))
        hash.update(path.relative(directory, full)).update('\0').update(readFileSync(full))
    }
  }
  walk(directory)
  return hash.digest('hex')
}

export function currentStamp(root: string): BuildStamp {
  return {
    src: fingerprint(path.join(root, 'src')),
    dist: fingerprint(path.join(root, 'dist'), name => name.endsWith('.js'))
  }
}

export function readStamp(root: string): BuildStamp | undefined {
  try {
    return JSON.parse(readFileSync(stampPath(root), 'utf8')) as BuildStamp
  } catch {
    return undefined
  }
}

/**
 * The end-to-end tests run the bundle (`node dist/index.js`), not the sources: after a change in src/ without
 * `npm run build` they would pass or fail on other code than the one on disk. Rebuilding before every run
 * would cost about ten seconds of both cores for runs that are mostly unit tests, so the run only compares
 * src/ and dist/ with what the last build stamped (a few milliseconds of hashing) and says so loudly. CI
 * rebuilds and checks dist/ itself.
 */
export function staleDistNotice(root: string): string | undefined {
  try {
    statSync(path.join(root, 'dist', 'index.js'))
  } catch {
    return 'dist/index.js does not exist: the e2e tests need `npm run build` first.'
  }
  const stamp = readStamp(root)
  if (!stamp)
    return 'dist/ was not built here (no build stamp): the e2e tests may run another bundle. Run `npm run build` first.'
  const now = currentStamp(root)
  if (now.dist !== stamp.dist)
    return 'dist/ is not the last build (checked out or replaced since): the e2e tests run another bundle. Run `npm run build` first.'
  if (now.src !== stamp.src)
    return 'src/ changed since the last build: the e2e tests run the old bundle. Run `npm run build` first.'
  return undefined
}

/** Jest's globalSetup: warns before the tests start, never fails the run. */
export default function warnOnStaleDist(): void {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
  const notice = staleDistNotice(root)
  if (notice) process.stderr.write(`\n⚠️  ${notice}\n\n`)
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
  mkdirSync(path.dirname(stampPath(root)), { recursive: true })
  writeFileSync(stampPath(root), JSON.stringify(currentStamp(root)))
}
