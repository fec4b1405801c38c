import { readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The end-to-end tests run the bundle (`node dist/index.js`), not the sources: after a change in src/ without
 * `npm run build` they would pass or fail on yesterday's code. Rebuilding before every run costs about ten
 * seconds of both cores for runs that are mostly unit tests, so this only compares modification times (a few
 * milliseconds) and says so loudly; CI rebuilds and checks dist/ itself.
 */
export function newestModification(directory: string): number {
  let newest = 0
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestModification(full) : statSync(full).mtimeMs)
  }
  return newest
}

/** Why the bundle may not be the sources, or undefined when it is at least as new as every file in src/. */
export function staleDistNotice(root: string): string | undefined {
  const bundle = path.join(root, 'dist', 'index.js')
  let built: number
  try {
    built = statSync(bundle).mtimeMs
  } catch {
    return 'dist/index.js does not exist: the e2e tests need `npm run build` first.'
  }
  const changed = newestModification(path.join(root, 'src'))
  if (changed <= built) return undefined
  const minutes = Math.max(1, Math.round((changed - built) / 60_000))
  return `src/ changed about ${minutes} min after dist/index.js was built: the e2e tests run the old bundle. Run \`npm run build\` first.`
}

export default function warnOnStaleDist(): void {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
  const notice = staleDistNotice(root)
  if (notice) process.stderr.write(`\n⚠️  ${notice}\n\n`)
}
