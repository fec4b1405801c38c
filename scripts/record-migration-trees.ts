import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import * as prettier from 'prettier'

/**
 * Records, for every Open WebUI release found in a local git directory of upstream's history, the names
 * directly inside each migration folder the project has ever used (what the contents API lists), into
 * __tests__/fixtures/migration-trees.json. Data only: no upstream code is copied.
 *
 *   tsx scripts/record-migration-trees.ts /path/to/open-webui.git
 *
 * Finding each release's commit: upstream's release workflow tags `v<version>` when a push to `main` carries
 * a new package.json version, and `main` only moves by merging `open-webui/dev` (earlier `ollama-webui/dev`).
 * So the release is the first of those merges whose package.json has that version. A few versions never
 * reached `main` through such a merge message; for them the commit that set the version is recorded, and
 * `found` says which rule applied.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const OUTPUT = path.join(ROOT, '__tests__/fixtures/migration-trees.json')

/** Every migration folder of every layout, oldest first. */
export const RECORDED_DIRECTORIES = [
  'backend/apps/web/internal/migrations',
  'backend/apps/webui/internal/migrations',
  'backend/migrations/versions',
  'backend/open_webui/apps/webui/internal/migrations',
  'backend/open_webui/migrations/versions',
  'backend/open_webui/internal/migrations'
]

const RELEASE = /^\d+\.\d+\.\d+$/

function git(gitDir: string, ...args: string[]): string {
  return execFileSync('git', ['--git-dir', gitDir, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    stdio: ['ignore', 'pipe', 'ignore']
  })
}

function versionAt(gitDir: string, commit: string): string | undefined {
  try {
    const manifest = JSON.parse(git(gitDir, 'show', `${commit}:package.json`)) as { version?: unknown }
    return typeof manifest.version === 'string' ? manifest.version : undefined
  } catch {
    return undefined
  }
}

/** version -> first commit (oldest first) whose diff sets package.json's "version" to it. */
function versionCommits(gitDir: string): Map<string, string> {
  const found = new Map<string, string>()
  let commit = ''
  for (const line of git(gitDir, 'log', '--reverse', '--format=C %H', '-p', '--', 'package.json').split(
    '\n'
  )) {
    if (line.startsWith('C ')) commit = line.slice(2)
    const match = /^\+\s*"version":\s*"([^"]+)"/.exec(line)
    if (match && !found.has(match[1])) found.set(match[1], commit)
  }
  return found
}

/** version -> first dev-to-main release merge whose package.json has it. */
function releaseMerges(gitDir: string): Map<string, string> {
  const found = new Map<string, string>()
  for (const line of git(gitDir, 'log', '--merges', '--reverse', '--format=%H %s').split('\n')) {
    const [commit, ...subject] = line.split(' ')
    if (!/from (open|ollama)-webui\/dev$/i.test(subject.join(' '))) continue
    const version = versionAt(gitDir, commit)
    if (version && !found.has(version)) found.set(version, commit)
  }
  return found
}

function listFolder(gitDir: string, commit: string, directory: string): string[] | undefined {
  try {
    return git(gitDir, 'ls-tree', '--name-only', `${commit}:${directory}`)
      .split('\n')
      .filter(name => name !== '')
      .sort()
  } catch {
    return undefined
  }
}

function compareVersions(a: string, b: string): number {
  const [x, y] = [a, b].map(version => version.split('.').map(Number))
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2]
}

async function main(): Promise<void> {
  const gitDir = process.argv[2]
  if (!gitDir) throw new Error('usage: tsx scripts/record-migration-trees.ts <git directory of open-webui>')
  const merges = releaseMerges(gitDir)
  const setters = versionCommits(gitDir)
  const versions = [...new Set([...merges.keys(), ...setters.keys()])].filter(v => RELEASE.test(v))
  versions.sort(compareVersions)
  const releases = versions.map(version => {
    const merge = merges.get(version)
    const commit = merge ?? setters.get(version)!
    const folders: Record<string, string[]> = {}
    for (const directory of RECORDED_DIRECTORIES) {
      const names = listFolder(gitDir, commit, directory)
      if (names) folders[directory] = names
    }
    return { version, commit, found: merge ? 'release merge' : 'version commit', folders }
  })
  const fixture = {
    source: 'github.com/open-webui/open-webui history (recorded from the yshishenya/open-webui mirror)',
    recordedBy: 'scripts/record-migration-trees.ts',
    directories: RECORDED_DIRECTORIES,
    releases
  }
  const options = await prettier.resolveConfig(OUTPUT)
  writeFileSync(OUTPUT, await prettier.format(JSON.stringify(fixture), { ...options, filepath: OUTPUT }))
  console.log(`${releases.length} releases recorded in ${path.relative(ROOT, OUTPUT)}`)
}

await main()
