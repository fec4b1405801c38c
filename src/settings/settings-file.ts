import { parseDocument } from 'yaml'
import { InputError } from '../errors.js'
import { INPUT_NAMES, type InputName, type RawInputs } from './inputs.js'
import { readWorkspaceText, resolveWorkspacePath } from './workspace-files.js'

/**
 * The settings file (`settings-file`): the inputs that describe the deployment, written once in the repository
 * and read by every workflow that plans, deploys or rolls it back, so those cannot drift apart.
 *
 * ```yaml
 * cluster: prod
 * service: open-webui
 * task-definition: deploy/open-webui/task-definition.json
 * secrets:
 *   DATABASE_URL: open-webui/database-url
 * environment:
 *   WEBSOCKET_MANAGER: redis
 * ```
 *
 * Each key is an input of the same name. What differs per workflow (mode, dry-run, comment, version, the
 * token) stays in the workflow. An input given both in the step and in the file is refused unless the two
 * agree, so no reader has to know a precedence rule; a step value equal to the input's default in action.yml
 * counts as not given, because the runner passes defaults for every input a step leaves out.
 */

const INPUT = 'settings-file'

/**
 * What differs per workflow stays in the workflow: these inputs are refused in a settings file. `allow-downgrade`
 * is a decision for one run after a restore, never a standing setting.
 */
const WORKFLOW_ONLY = [
  'mode',
  'version',
  'allow-downgrade',
  'dry-run',
  'comment',
  'github-token',
  'settings-file'
] as const

type SettingsFileKey = Exclude<InputName, (typeof WORKFLOW_ONLY)[number]>

/** The inputs a settings file may hold: every input of action.yml but the workflow's own. */
export const SETTINGS_FILE_KEYS: readonly SettingsFileKey[] = INPUT_NAMES.filter(
  (name): name is SettingsFileKey => !(WORKFLOW_ONLY as readonly string[]).includes(name)
)

/** action.yml's defaults for the keys above (a unit test holds the two equal). */
export const RUNNER_DEFAULTS: Partial<Record<SettingsFileKey, string>> = {
  'container-name': 'open-webui',
  'release-repository': 'open-webui/open-webui',
  'pin-digest': 'true',
  migration: 'auto',
  'timeout-minutes': '30',
  rollback: 'auto',
  'min-release-age-days': '0',
  'db-snapshot': 'none'
}

/** Variables are lines NAME=value in the step, and a mapping (or the same lines) in the file. */
const VARIABLE_KEYS: ReadonlySet<string> = new Set(['secrets', 'environment'])

export interface SettingsFile {
  /** As the step wrote it, relative to the workspace. */
  relative: string
  path: string
  keys: SettingsFileKey[]
}

/** The inputs with the settings file's keys filled in, and which file gave which key. */
export function applySettingsFile(
  given: RawInputs,
  workspace: string
): { inputs: RawInputs; file?: SettingsFile } {
  const relative = (given[INPUT] ?? '').trim()
  if (relative === '') return { inputs: given }
  const path = resolveWorkspacePath(INPUT, relative, workspace)
  const values = readSettings(relative, readWorkspaceText(INPUT, path))
  const inputs = { ...given }
  for (const [key, value] of Object.entries(values) as [SettingsFileKey, string][]) {
    const direct = (given[key] ?? '').trim()
    if (direct !== '' && direct !== RUNNER_DEFAULTS[key] && !sameValue(key, direct, value)) {
      throw new InputError(
        key,
        `is given in the step and in ${relative} with different values: expected it in one place (the settings file, so every workflow reads the same)`
      )
    }
    inputs[key] = value
  }
  return { inputs, file: { relative, path, keys: Object.keys(values) as SettingsFileKey[] } }
}

/** An InputError about a key the file gave names the file and the key, so the fix is found where it is. */
export function blameSettingsFile(error: unknown, file: SettingsFile | undefined): unknown {
  if (!file || !(error instanceof InputError)) return error
  if (!(file.keys as string[]).includes(error.input)) return error
  const reason = error.message.replace(`Input '${error.input}': `, '')
  return new InputError(INPUT, `${file.relative}, key '${error.input}': ${reason}`)
}

function readSettings(relative: string, text: string): Partial<Record<SettingsFileKey, string>> {
  // The failsafe schema keeps every value as written: `0123`, `1e3` and `yes` stay text, as in a step's `with`.
  const document = parseDocument(text, { schema: 'failsafe', uniqueKeys: true, prettyErrors: true })
  const problem = document.errors[0]
  if (problem) {
    const line = problem.linePos?.[0].line
    throw new InputError(
      INPUT,
      `${relative}${line ? ` line ${line}` : ''} is not valid YAML: ${problem.message.split('\n')[0].replace(/:$/, '')} (quote a value that holds ': ' or ends in ':')`
    )
  }
  const content: unknown = document.toJS()
  if (content === null || content === undefined) return {}
  if (typeof content !== 'object' || Array.isArray(content)) {
    throw new InputError(
      INPUT,
      `${relative} is not a mapping: expected keys such as cluster, service, secrets`
    )
  }
  const values: Partial<Record<SettingsFileKey, string>> = {}
  for (const [key, value] of Object.entries(content)) {
    if (!(SETTINGS_FILE_KEYS as readonly string[]).includes(key)) {
      throw new InputError(
        INPUT,
        `${relative}, key '${printable(key)}' is not a setting the file can hold: expected one of ${SETTINGS_FILE_KEYS.join(', ')} (mode, version, dry-run, comment and github-token stay in the workflow)`
      )
    }
    values[key as SettingsFileKey] = VARIABLE_KEYS.has(key)
      ? variableLines(relative, key, value)
      : scalar(relative, key, value)
  }
  return values
}

function scalar(relative: string, key: string, value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return String(value)
  }
  throw new InputError(INPUT, `${relative}, key '${key}' is a ${kind(value)}: expected a single value`)
}

/** `{NAME: value}` becomes the lines `NAME=value` the secrets and environment inputs take. */
function variableLines(relative: string, key: string, value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return value
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new InputError(
      INPUT,
      `${relative}, key '${key}' is a ${kind(value)}: expected a mapping NAME: value (or lines NAME=value)`
    )
  }
  return Object.entries(value as Record<string, unknown>)
    .map(([name, item]) => {
      if (item !== null && typeof item === 'object') {
        throw new InputError(
          INPUT,
          `${relative}, key '${key}', ${printable(name)} is a ${kind(item)}: expected a single value`
        )
      }
      return `${name}=${item === null || item === undefined ? '' : String(item)}`
    })
    .join('\n')
}

/** Lines compare without the blank lines and indentation a block scalar may add. */
function sameValue(key: string, direct: string, fromFile: string): boolean {
  if (!VARIABLE_KEYS.has(key)) return direct === fromFile.trim()
  const lines = (text: string) =>
    text
      .split('\n')
      .map(line => line.trim())
      .filter(line => line !== '')
      .join('\n')
  return lines(direct) === lines(fromFile)
}

function kind(value: unknown): string {
  return Array.isArray(value) ? 'list' : typeof value === 'object' ? 'mapping' : typeof value
}

/** Keys are the file's own text: shown short and on one line. */
function printable(key: string): string {
  const flat = key.replace(/[^\x20-\x7e]/g, '?')
  return flat.length > 60 ? `${flat.slice(0, 60)}…` : flat
}
