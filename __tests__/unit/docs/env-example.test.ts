import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse as parseYaml } from 'yaml'

/** .env.example is what a local run starts from (docs/local-run.md): every input, no secret, no credentials. */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
const action = parseYaml(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, unknown>
}
const text = readFileSync(path.join(ROOT, '.env.example'), 'utf8')
const variables = new Map(
  text
    .split('\n')
    .map(line => /^([A-Za-z_][\w.-]*)=(.*)$/.exec(line))
    .filter(match => match !== null)
    .map(match => [match[1], match[2]] as const)
)

/** The runner's naming, which @github/local-action's getInput follows too. */
function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

describe('.env.example', () => {
  it('lists every input of action.yml and no other', () => {
    const expected = Object.keys(action.inputs).map(inputVariable).sort()
    const listed = [...variables.keys()].filter(name => name.startsWith('INPUT_')).sort()
    expect(listed).toEqual(expected)
  })

  it('sets the region and leaves credentials to the AWS SDK chain', () => {
    expect(variables.get('AWS_REGION')).toMatch(/^[a-z]{2}-[a-z]+-\d$/)
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) {
      expect(variables.has(name)).toBe(false)
    }
  })

  it('holds placeholders only, and starts as a dry run', () => {
    expect(text).not.toMatch(/\b(AKIA|ASIA)[A-Z0-9]{16}\b/)
    expect(text).not.toMatch(/\b(ghp|ghs|gho|ghu|github_pat)_[A-Za-z0-9_]{20,}/)
    expect(variables.get('INPUT_GITHUB-TOKEN')).toBe('replace-with-a-github-token')
    expect(variables.get('INPUT_DRY-RUN')).toBe('true')
    expect(text).toContain(':123456789012:')
  })
})
