import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse as parseYaml } from 'yaml'
import { renderActionTables, updateReadme } from '../../../scripts/action-docs.js'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
const actionYml = readFileSync(path.join(ROOT, 'action.yml'), 'utf8')

describe('README input and output tables', () => {
  it('match action.yml (run `npm run docs` when this fails)', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8')
    expect(updateReadme(readme, actionYml)).toBe(readme)
  })

  it('list every input and output action.yml declares', () => {
    const action = parseYaml(actionYml) as { inputs: object; outputs: object }
    const tables = renderActionTables(actionYml)
    for (const name of [...Object.keys(action.inputs), ...Object.keys(action.outputs)]) {
      expect(tables).toContain(`| \`${name}\` |`)
    }
  })

  it('notices a stale table', () => {
    const stale = `intro\n<!-- action-docs:start -->\n| old |\n<!-- action-docs:end -->\n`
    expect(updateReadme(stale, actionYml)).not.toBe(stale)
    expect(updateReadme('no markers', actionYml)).toBeUndefined()
  })
})
