import { afterAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { InputError } from '../../../src/errors.js'
import type { RawInputs } from '../../../src/settings/inputs.js'
import { parseSettings } from '../../../src/settings/parse-settings.js'
import { defaultsFromActionYml } from '../../e2e/harness.js'
import {
  BASE_INPUTS,
  CORPUS,
  GOOD_TASK_DEFINITION,
  TD_PATH,
  removeCorpusFiles,
  type BadInput
} from '../../support/bad-input-corpus.js'

/**
 * What each case of the bad-input corpus is told, in detail: parseSettings refuses it with an InputError that
 * names the input, says what was expected and repeats no secret. (The e2e table runs the same cases through the
 * bundle for the contract: exit 1, one annotation, no write.)
 */
const root = mkdtempSync(path.join(tmpdir(), 'bad-input-unit-'))
afterAll(() => {
  rmSync(root, { recursive: true, force: true })
  removeCorpusFiles()
})

let workspaces = 0
function refusal(bad: BadInput): unknown {
  const workspace = path.join(root, String(workspaces++))
  const files = { [TD_PATH]: GOOD_TASK_DEFINITION, ...bad.files }
  for (const [relative, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(workspace, relative)), { recursive: true })
    writeFileSync(path.join(workspace, relative), text)
  }
  // As the runner passes inputs: action.yml's defaults, and core.getInput trims every value.
  const inputs = { ...defaultsFromActionYml(), ...BASE_INPUTS, ...bad.inputs }
  const raw = Object.fromEntries(Object.entries(inputs).map(([name, value]) => [name, value.trim()]))
  try {
    parseSettings(raw as RawInputs, {
      GITHUB_WORKSPACE: workspace,
      GITHUB_EVENT_NAME: 'workflow_dispatch',
      AWS_REGION: 'us-east-1',
      ...bad.env
    })
  } catch (error) {
    return error
  }
  return undefined
}

const SETTINGS_CASES = CORPUS.filter(bad => bad.stage !== 'run')

describe('the bad-input corpus, case by case', () => {
  it('has at least 100 cases, nearly all refused while parsing the inputs', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(100)
    expect(SETTINGS_CASES.length).toBeGreaterThanOrEqual(CORPUS.length - 5)
  })

  it.each(SETTINGS_CASES.map(bad => [bad.case, bad] as const))('%s', (_name, bad) => {
    const error = refusal(bad)
    if (!(error instanceof InputError)) throw new Error(`expected an InputError, got ${String(error)}`)
    expect(error.input).toBe(bad.input)
    expect(error.message.startsWith(`Input '${bad.input}': `)).toBe(true)
    if (bad.expect) expect(error.message).toMatch(bad.expect)
    if (bad.secret) expect(error.message).not.toContain(bad.secret)
  })
})
