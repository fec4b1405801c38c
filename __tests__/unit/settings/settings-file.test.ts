import { afterAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parse } from 'yaml'
import { InputError } from '../../../src/errors.js'
import type { RawInputs } from '../../../src/settings/inputs.js'
import { parseSettings } from '../../../src/settings/parse-settings.js'
import { RUNNER_DEFAULTS, SETTINGS_FILE_KEYS } from '../../../src/settings/settings-file.js'
import { openWebuiTaskDefinition } from '../../fixtures/open-webui.js'
import { rawInputs } from './raw-inputs.js'

const root = mkdtempSync(path.join(tmpdir(), 'settings-file-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const SETTINGS_PATH = 'deploy/open-webui/settings.yml'
const SETTINGS = `# written once, read by plan, deploy and rollback
cluster: prod
service: open-webui
task-definition: deploy/open-webui/task-definition.json
version-file: deploy/open-webui/version
desired-count: 3
secrets:
  DATABASE_URL: open-webui/database-url
  REDIS_URL: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:open-webui/redis-url-AbCdEf:url::'
  WEBUI_SECRET_KEY: open-webui/secret-key
environment:
  WEBSOCKET_MANAGER: redis
  PORT: 08080
  ENABLE_SIGNUP: no
  WEBUI_NAME: "Acme: chat"
`

let workspaces = 0
function workspaceWith(files: Record<string, string>): string {
  const workspace = path.join(root, String(workspaces++))
  const all = {
    'deploy/open-webui/task-definition.json': JSON.stringify(
      openWebuiTaskDefinition({ image: 'ghcr.io/open-webui/open-webui:v0.6.5' })
    ),
    'deploy/open-webui/version': 'v0.6.6\n',
    ...files
  }
  for (const [relative, text] of Object.entries(all)) {
    mkdirSync(path.dirname(path.join(workspace, relative)), { recursive: true })
    writeFileSync(path.join(workspace, relative), text)
  }
  return workspace
}

/** The step's inputs as the runner passes them, with no cluster or service unless given. */
function stepInputs(overrides: Partial<RawInputs>): RawInputs {
  return rawInputs({ cluster: '', service: '', 'settings-file': SETTINGS_PATH, ...overrides })
}

function parseIn(workspace: string, inputs: RawInputs) {
  return parseSettings(inputs, { GITHUB_WORKSPACE: workspace, AWS_REGION: 'us-east-1' })
}

function refusal(files: Record<string, string>, overrides: Partial<RawInputs> = {}): InputError {
  try {
    parseIn(workspaceWith(files), stepInputs(overrides))
  } catch (error) {
    if (error instanceof InputError) return error
    throw error
  }
  throw new Error('expected an InputError')
}

describe('settings-file', () => {
  it('gives the same settings as the same inputs written in the step', () => {
    const workspace = workspaceWith({ [SETTINGS_PATH]: SETTINGS })
    const fromFile = parseIn(workspace, stepInputs({}))
    const inStep = parseIn(
      workspace,
      rawInputs({
        cluster: 'prod',
        service: 'open-webui',
        'task-definition': 'deploy/open-webui/task-definition.json',
        'version-file': 'deploy/open-webui/version',
        'desired-count': '3',
        secrets: [
          'DATABASE_URL=open-webui/database-url',
          'REDIS_URL=arn:aws:secretsmanager:us-east-1:123456789012:secret:open-webui/redis-url-AbCdEf:url::',
          'WEBUI_SECRET_KEY=open-webui/secret-key'
        ].join('\n'),
        environment: 'WEBSOCKET_MANAGER=redis\nPORT=08080\nENABLE_SIGNUP=no\nWEBUI_NAME=Acme: chat'
      })
    )
    expect(fromFile.settingsFile).toBe(path.join(workspace, SETTINGS_PATH))
    expect({ ...fromFile, settingsFile: undefined }).toEqual({ ...inStep, settingsFile: undefined })
  })

  it('keeps every value as written: no YAML number or boolean conversion', () => {
    const settings = parseIn(workspaceWith({ [SETTINGS_PATH]: SETTINGS }), stepInputs({}))
    expect(settings.environment).toEqual(
      expect.arrayContaining([
        { name: 'PORT', value: '08080' },
        { name: 'ENABLE_SIGNUP', value: 'no' },
        { name: 'WEBUI_NAME', value: 'Acme: chat' }
      ])
    )
  })

  it('takes secrets and environment as lines NAME=value too', () => {
    const settings = parseIn(
      workspaceWith({
        [SETTINGS_PATH]: 'cluster: prod\nservice: open-webui\nenvironment: |\n  A=1\n  B=two\n'
      }),
      stepInputs({})
    )
    expect(settings.environment).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: 'two' }
    ])
  })

  it('leaves inputs the file does not hold to the step', () => {
    const settings = parseIn(
      workspaceWith({ [SETTINGS_PATH]: 'cluster: prod\nservice: open-webui\n' }),
      stepInputs({ 'timeout-minutes': '45', rollback: 'never' })
    )
    expect({ timeout: settings.timeoutMinutes, rollback: settings.rollback }).toEqual({
      timeout: 45,
      rollback: 'never'
    })
  })

  it('accepts an input in both places when the values agree, or when the step has only the default', () => {
    const settings = parseIn(
      workspaceWith({
        [SETTINGS_PATH]: `${SETTINGS}image: registry.acme.example/open-webui\nmigration: always\n`
      }),
      stepInputs({
        cluster: 'prod',
        environment: '\nWEBSOCKET_MANAGER=redis\n  PORT=08080\nENABLE_SIGNUP=no\nWEBUI_NAME=Acme: chat\n',
        migration: 'auto' // action.yml's default, passed by the runner when the step leaves it out
      })
    )
    expect({ image: settings.image.registry, migration: settings.migration }).toEqual({
      image: 'registry.acme.example',
      migration: 'always'
    })
  })

  it('refuses an input given in the step and in the file with different values, naming the input', () => {
    const error = refusal({ [SETTINGS_PATH]: SETTINGS }, { cluster: 'staging' })
    expect(error.input).toBe('cluster')
    expect(error.message).toContain(`given in the step and in ${SETTINGS_PATH} with different values`)
  })

  it.each([
    [
      'a key the file cannot hold',
      'cluster: prod\nmode: deploy\n',
      /key 'mode' is not a setting the file can hold/
    ],
    ['the token', 'github-token: ghp_x\n', /key 'github-token' is not a setting/],
    ['an unknown key', 'clusters: prod\n', /key 'clusters' is not a setting/],
    ['broken YAML', 'cluster: [prod\n', /line \d+ is not valid YAML/],
    [
      'an unquoted value ending in a colon',
      'secrets:\n  A: arn:x:url::\n',
      /line 2 is not valid YAML: .*quote/
    ],
    ['a key twice', 'cluster: a\ncluster: b\n', /is not valid YAML/],
    ['a list instead of a mapping', '- cluster\n', /is not a mapping/],
    ['a list of secrets', 'secrets:\n  - DATABASE_URL\n', /key 'secrets' is a list: expected a mapping/],
    ['a nested environment value', 'environment:\n  A:\n    b: c\n', /key 'environment', A is a mapping/],
    ['a mapping for a single value', 'cluster:\n  name: prod\n', /key 'cluster' is a mapping/]
  ])('refuses %s, naming the file', (_case, text, expected) => {
    const error = refusal({ [SETTINGS_PATH]: text })
    expect(error.input).toBe('settings-file')
    expect(error.message).toContain(SETTINGS_PATH)
    expect(error.message).toMatch(expected)
  })

  it('blames the file and its key for a bad value it gave', () => {
    const error = refusal({
      [SETTINGS_PATH]: `${SETTINGS.replace('desired-count: 3', 'desired-count: lots')}`
    })
    expect(error.input).toBe('settings-file')
    expect(error.message).toBe(
      `Input 'settings-file': ${SETTINGS_PATH}, key 'desired-count': 'lots' is not a whole number: expected 1 to 5000`
    )
  })

  it('blames the step for a bad value the step gave', () => {
    const error = refusal(
      { [SETTINGS_PATH]: 'cluster: prod\nservice: open-webui\n' },
      { 'desired-count': 'lots' }
    )
    expect(error.input).toBe('desired-count')
  })

  it('refuses a file that does not exist or lies outside the workspace', () => {
    expect(refusal({}).message).toMatch(/^Input 'settings-file': file '.*settings\.yml' does not exist$/)
    expect(refusal({}, { 'settings-file': '../settings.yml' }).message).toMatch(
      /points outside the workspace/
    )
  })

  it("knows action.yml's defaults for the keys it holds", () => {
    const action = parse(readFileSync(path.resolve('action.yml'), 'utf8')) as {
      inputs: Record<string, { default?: string }>
    }
    const defaults = Object.fromEntries(
      SETTINGS_FILE_KEYS.flatMap(key => {
        const value = action.inputs[key]?.default
        return value === undefined ? [] : [[key, value]]
      })
    )
    expect(RUNNER_DEFAULTS).toEqual(defaults)
    for (const key of SETTINGS_FILE_KEYS) expect(action.inputs).toHaveProperty(key)
  })
})
