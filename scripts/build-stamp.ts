import { createHash } from 'node:crypto'
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * What `npm run build` built from: a fingerprint of src/ and of the bundle it made, committed with the bundle
 * (dist/build-stamp.json), so a fresh clone knows its dist/ is the build of its src/. The slow tests compare both
 * with what is on disk, in a few milliseconds, to tell when the e2e tests would run a bundle of other sources:
 * src/ changed since, or dist/ was replaced by hand (which file times cannot tell).
 */
export interface BuildStamp {
  src: string
  dist: string
}

export function stampPath(root: string): string {
  return path.join(root, 'dist', 'build-stamp.json')
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
 * `npm run build` they would pass or fail on other code than the one on disk. Why dist/ is not the build of
 * src/ as it is, or undefined when it is (a few milliseconds of hashing).
 */
export function staleDistNotice(root: string): string | undefined {
  try {
    statSync(path.join(root, 'dist', 'index.js'))
  } catch {
    return 'dist/index.js does not exist'
  }
  const stamp = readStamp(root)
  if (!stamp) return 'dist/ has no build stamp'
  const now = currentStamp(root)
  if (now.dist !== stamp.dist) return 'dist/ is not the build its stamp names (replaced since)'
  if (now.src !== stamp.src) return 'src/ changed since the last build'
  return undefined
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
  writeFileSync(stampPath(root), JSON.stringify(currentStamp(root)))
}
