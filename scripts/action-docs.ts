import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse as parseYaml } from 'yaml'
import { CHECK_REGISTRY, type CheckEntry } from '../src/domain/check-registry.js'
import { TEMPLATE_PATH, renderIamTemplate } from './iam-template.js'

/**
 * Generates the reference's input and output tables (docs/reference.md) from action.yml, and its checks table
 * from the check registry (src/domain/check-registry.ts), between marker comments, so neither can disagree with
 * what it documents; and the IAM CloudFormation template from the policy documents (scripts/iam-template.ts).
 * `npm run docs` rewrites them; `--check` and the tests in __tests__/unit/docs/ fail when they are stale.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const REFERENCE_PATH = path.join(ROOT, 'docs/reference.md')
const START = '<!-- action-docs:start -->'
const END = '<!-- action-docs:end -->'
const CHECKS_START = '<!-- checks-table:start -->'
const CHECKS_END = '<!-- checks-table:end -->'
const LEVEL_ORDER: CheckEntry['level'][] = ['error', 'warning', 'notice']

interface ActionYml {
  inputs: Record<string, { description: string; required?: boolean; default?: string }>
  outputs: Record<string, { description: string }>
}

function cell(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(/\|/g, '\\|')
}

export function renderActionTables(actionYml: string): string {
  const action = parseYaml(actionYml) as ActionYml
  const inputs = Object.entries(action.inputs).map(
    ([name, input]) =>
      `| \`${name}\` | ${input.default === undefined ? '' : `\`${cell(String(input.default))}\``} | ${cell(input.description)} |`
  )
  const outputs = Object.entries(action.outputs).map(
    ([name, output]) => `| \`${name}\` | ${cell(output.description)} |`
  )
  return [
    START,
    '### Inputs',
    '',
    '| input | default | description |',
    '| --- | --- | --- |',
    ...inputs,
    '',
    '### Outputs',
    '',
    '| output | description |',
    '| --- | --- |',
    ...outputs,
    END
  ].join('\n')
}

/** One row per registered finding, errors first, in registry order within a level. */
export function renderChecksTable(registry: readonly CheckEntry[] = CHECK_REGISTRY): string {
  const rows = LEVEL_ORDER.flatMap(level =>
    registry
      .filter(entry => entry.level === level)
      .map(entry => `| ${cell(entry.check)} | ${entry.level} | ${cell(entry.fix)} | \`${entry.code}\` |`)
  )
  return [
    CHECKS_START,
    '| check | level | fix | code |',
    '| --- | --- | --- | --- |',
    ...rows,
    CHECKS_END
  ].join('\n')
}

function replaceBlock(text: string, start: string, end: string, block: string): string | undefined {
  const from = text.indexOf(start)
  const to = text.indexOf(end)
  if (from < 0 || to < from) return undefined
  return text.slice(0, from) + block + text.slice(to + end.length)
}

/** README text with the generated blocks replaced (or undefined when a block's markers are missing). */
export function updateReadme(readme: string, actionYml: string): string | undefined {
  const withTables = replaceBlock(readme, START, END, renderActionTables(actionYml))
  return withTables === undefined
    ? undefined
    : replaceBlock(withTables, CHECKS_START, CHECKS_END, renderChecksTable())
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const readmePath = REFERENCE_PATH
  const updated = updateReadme(
    readFileSync(readmePath, 'utf8'),
    readFileSync(path.join(ROOT, 'action.yml'), 'utf8')
  )
  if (updated === undefined) {
    console.error(
      `docs/reference.md needs a ${START} ... ${END} and a ${CHECKS_START} ... ${CHECKS_END} block`
    )
    process.exit(1)
  }
  if (process.argv.includes('--check')) {
    if (updated !== readFileSync(readmePath, 'utf8')) {
      console.error('docs/reference.md tables are stale: run `npm run docs` and commit docs/reference.md')
      process.exit(1)
    }
    console.log('docs/reference.md tables match action.yml and the check registry')
    if (readFileSync(TEMPLATE_PATH, 'utf8') !== (await renderIamTemplate())) {
      console.error(`${path.relative(ROOT, TEMPLATE_PATH)} is stale: run \`npm run docs\` and commit it`)
      process.exit(1)
    }
    process.exit(0)
  }
  writeFileSync(TEMPLATE_PATH, await renderIamTemplate())
  writeFileSync(readmePath, updated)
  console.log(
    'docs/reference.md input and output tables updated from action.yml, the checks table from the check registry'
  )
}
