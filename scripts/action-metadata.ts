import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse as parseYaml } from 'yaml'

/**
 * What the GitHub Marketplace and the release story need from the repository, checked before a release
 * (`npm run release:check`) and on every CI run (`npx tsx scripts/action-metadata.ts`):
 * - action.yml has a name, a description under 125 characters (the Marketplace refuses longer ones) and
 *   branding with a Feather icon name and one of the Marketplace's colours;
 * - package.json's version is a release of the major version the docs tell users to pin: the README says
 *   `@v1`, so the version is 1.x.y (a 0.x release would move `v0`, a tag nobody uses).
 * https://docs.github.com/en/actions/reference/workflows-and-actions/metadata-syntax#branding
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const MAX_DESCRIPTION_LENGTH = 124
export const BRANDING_COLORS = [
  'white',
  'black',
  'yellow',
  'blue',
  'green',
  'orange',
  'red',
  'purple',
  'gray-dark'
]
/** The files that tell users which tag to pin. */
const DOCUMENTED_PIN_FILES = ['README.md', 'docs', 'examples']

interface ActionMetadata {
  name?: unknown
  description?: unknown
  branding?: { icon?: unknown; color?: unknown }
}

export interface PinnedReference {
  file: string
  majorTag: string
}

export function checkActionYml(actionYml: string): string[] {
  const action = (parseYaml(actionYml) ?? {}) as ActionMetadata
  const problems: string[] = []
  if (typeof action.name !== 'string' || action.name.trim() === '') problems.push('action.yml has no name')
  if (typeof action.description !== 'string' || action.description.trim() === '') {
    problems.push('action.yml has no description')
  } else {
    const length = action.description.replace(/\s+/g, ' ').trim().length
    if (length > MAX_DESCRIPTION_LENGTH)
      problems.push(
        `action.yml description is ${length} characters; the Marketplace accepts at most ${MAX_DESCRIPTION_LENGTH}`
      )
  }
  const icon = action.branding?.icon
  const color = action.branding?.color
  if (typeof icon !== 'string' || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(icon))
    problems.push('action.yml branding.icon must be a Feather icon name (for example upload-cloud)')
  if (typeof color !== 'string' || !BRANDING_COLORS.includes(color))
    problems.push(`action.yml branding.color must be one of ${BRANDING_COLORS.join(', ')}`)
  return problems
}

/** Every `uses: <owner>/<action>@vN` in the given texts that names this action by its repository name. */
export function pinnedMajorTags(files: Record<string, string>, actionRepository: string): PinnedReference[] {
  const pattern = new RegExp(`${actionRepository.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}@(v\\d+)\\b`, 'g')
  return Object.entries(files).flatMap(([file, text]) =>
    [...text.matchAll(pattern)].map(match => ({ file, majorTag: match[1] }))
  )
}

export function checkVersionStory(version: string, pins: PinnedReference[]): string[] {
  const match = /^(\d+)\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.exec(version)
  if (!match) return [`package.json version '${version}' is not X.Y.Z`]
  const majorTag = `v${match[1]}`
  const problems: string[] = []
  if (match[1] === '0')
    problems.push(
      `package.json version ${version} would move v0; the first release is 1.0.0 (tag v1.0.0, moving tag v1)`
    )
  for (const pin of pins)
    if (pin.majorTag !== majorTag)
      problems.push(
        `${pin.file} tells users to pin @${pin.majorTag}, but package.json ${version} releases ${majorTag}`
      )
  if (pins.length === 0) problems.push(`no README, docs or example pins the action @${majorTag}`)
  return problems
}

function documentedFiles(): Record<string, string> {
  const files: Record<string, string> = {}
  const visit = (relative: string): void => {
    const absolute = path.join(ROOT, relative)
    if (/\.(md|ya?ml)$/.test(relative)) {
      files[relative] = readFileSync(absolute, 'utf8')
      return
    }
    if (relative.includes('.')) return
    for (const entry of readdirSync(absolute, { withFileTypes: true }))
      if (entry.isDirectory() || entry.isFile()) visit(path.join(relative, entry.name))
  }
  for (const entry of DOCUMENTED_PIN_FILES) visit(entry)
  return files
}

export function checkRepository(): string[] {
  const packageJson = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    name: string
    version: string
  }
  return [
    ...checkActionYml(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')),
    ...checkVersionStory(packageJson.version, pinnedMajorTags(documentedFiles(), `/${packageJson.name}`))
  ]
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const problems = checkRepository()
  for (const problem of problems) console.error(`action metadata: ${problem}`)
  if (problems.length > 0) process.exit(1)
  console.log(
    'action.yml name, description and branding fit the Marketplace; the version matches the documented tag'
  )
}
