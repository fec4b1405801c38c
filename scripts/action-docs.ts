import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse as parseYaml } from 'yaml'

/**
 * Generates the README's input and output tables from action.yml, between marker comments, so the two can
 * never disagree. `npm run docs` rewrites README.md; the test in __tests__/unit/docs/ fails when it is stale.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const START = '<!-- action-docs:start -->'
const END = '<!-- action-docs:end -->'

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

/** README text with the generated block replaced (or undefined when the markers are missing). */
export function updateReadme(readme: string, actionYml: string): string | undefined {
  const start = readme.indexOf(START)
  const end = readme.indexOf(END)
  if (start < 0 || end < start) return undefined
  return readme.slice(0, start) + renderActionTables(actionYml) + readme.slice(end + END.length)
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const readmePath = path.join(ROOT, 'README.md')
  const updated = updateReadme(
    readFileSync(readmePath, 'utf8'),
    readFileSync(path.join(ROOT, 'action.yml'), 'utf8')
  )
  if (updated === undefined) {
    console.error(`README.md has no ${START} ... ${END} block`)
    process.exit(1)
  }
  writeFileSync(readmePath, updated)
  console.log('README.md input and output tables updated from action.yml')
}
