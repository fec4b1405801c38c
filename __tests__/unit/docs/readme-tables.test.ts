import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse as parseYaml } from 'yaml'
import {
  REFERENCE_PATH,
  renderActionTables,
  renderChecksTable,
  updateReadme
} from '../../../scripts/action-docs.js'
import { CHECK_REGISTRY } from '../../../src/domain/check-registry.js'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
const actionYml = readFileSync(path.join(ROOT, 'action.yml'), 'utf8')

describe('reference input and output tables (docs/reference.md)', () => {
  it('match action.yml (run `npm run docs` when this fails)', () => {
    const readme = readFileSync(REFERENCE_PATH, 'utf8')
    expect(updateReadme(readme, actionYml)).toBe(readme)
  })

  it('list every input and output action.yml declares', () => {
    const action = parseYaml(actionYml) as { inputs: object; outputs: object }
    const tables = renderActionTables(actionYml)
    for (const name of [...Object.keys(action.inputs), ...Object.keys(action.outputs)]) {
      expect(tables).toContain(`| \`${name}\` |`)
    }
  })

  it('has one checks-table row per registered finding, each code once', () => {
    const codes = CHECK_REGISTRY.map(entry => entry.code)
    expect(new Set(codes).size).toBe(codes.length)
    const rows = renderChecksTable()
      .split('\n')
      .filter(line => / \| (error|warning|notice) \| /.test(line))
    expect(rows).toHaveLength(codes.length)
    for (const entry of CHECK_REGISTRY)
      expect(rows).toContainEqual(expect.stringContaining(`| ${entry.level} |`))
    expect(rows.map(row => /`([a-z-]+)` \|$/.exec(row)?.[1]).sort()).toEqual([...codes].sort())
  })

  it('notices a stale checks table', () => {
    const readme = readFileSync(REFERENCE_PATH, 'utf8')
    const stale = readme.replace(
      '| `uvicorn-workers` |',
      '| `uvicorn-workers` |\n| Auto Scaling minimum above 1 | notice | x | `x` |'
    )
    expect(stale).not.toBe(readme)
    expect(updateReadme(stale, actionYml)).toBe(readme)
    expect(updateReadme(readme.replace('<!-- checks-table:end -->', ''), actionYml)).toBeUndefined()
  })

  it('notices a stale table', () => {
    const stale = `intro\n<!-- action-docs:start -->\n| old |\n<!-- action-docs:end -->\n`
    expect(updateReadme(stale, actionYml)).not.toBe(stale)
    expect(updateReadme('no markers', actionYml)).toBeUndefined()
  })
})
