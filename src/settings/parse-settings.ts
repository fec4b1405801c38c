import { readFileSync } from 'node:fs'
import { parseEcsResourceArn } from '../domain/arn.js'
import { InputError } from '../errors.js'
import { parseProxySettings } from '../network/proxy-settings.js'
import { MIGRATIONS_VARIABLE } from '../taskdef/migrations-variable.js'
import { unwrapDescribeOutput } from '../taskdef/task-definition-file.js'
import { firstDuplicateKey } from '../taskdef/duplicate-keys.js'
import { ecsRuleViolation, registryHostProblem } from '../taskdef/ecs-task-definition-rules.js'
import { MAX_JSON_DEPTH, jsonDepth } from '../taskdef/json-depth.js'
import { portProblem } from '../taskdef/port-variable.js'
import { parseDatabaseSnapshot } from './database-snapshot-input.js'
import { checkEcsArns } from './ecs-arns.js'
import type { RawInputs } from './inputs.js'
import { parseEnvironmentLines, parseSecretLines } from './parse-lines.js'
import { applySettingsFile, blameSettingsFile } from './settings-file.js'
import {
  MODES,
  VARIANTS,
  type GitHubContext,
  type ImageRepository,
  type Mode,
  type RepositoryName,
  type Settings,
  type TaskDefinitionFile,
  type Variant,
  type VersionRequest
} from './settings.js'
import { readWorkspaceText, resolveWorkspacePath } from './workspace-files.js'
import { parseVersionText, versionLines } from './version-text.js'

const RESOURCE_NAME = /^[A-Za-z0-9_-]{1,255}$/
const MAX_DESIRED_COUNT = 5000
/** ECS quota "Containers per task definition" (not adjustable). */
const MAX_CONTAINERS = 10

/** Parses and validates every input. Throws InputError naming the first bad input; performs no network call. */
export function parseSettings(given: RawInputs, env: NodeJS.ProcessEnv): Settings {
  const { inputs, file } = applySettingsFile(given, env.GITHUB_WORKSPACE || process.cwd())
  try {
    return { ...parseInputs(inputs, env), ...(file ? { settingsFile: file.path } : {}) }
  } catch (error) {
    throw blameSettingsFile(error, file)
  }
}

function parseInputs(raw: RawInputs, env: NodeJS.ProcessEnv): Settings {
  const mode = parseMode(raw.mode)
  const proxy = parseProxySettings(env)
  const github = readGitHubContext(env)
  const awsRegion = env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined
  const target = serviceTarget(mode, optional(raw.cluster), optional(raw.service))
  const { cluster, service } = target
  if (cluster && !RESOURCE_NAME.test(cluster) && parseEcsResourceArn(cluster)?.kind !== 'cluster') {
    throw new InputError(
      'cluster',
      `'${cluster}' is not an ECS cluster name (letters, digits, - and _) or cluster ARN`
    )
  }
  if (service && !RESOURCE_NAME.test(service) && parseEcsResourceArn(service)?.kind !== 'service') {
    throw new InputError(
      'service',
      `'${service}' is not an ECS service name (letters, digits, - and _) or service ARN`
    )
  }

  checkEcsArns(cluster, service, awsRegion)

  const containerName = optional(raw['container-name']) ?? 'open-webui'
  if (!RESOURCE_NAME.test(containerName)) {
    throw new InputError(
      'container-name',
      `'${containerName}' is not a container name (letters, digits, - and _)`
    )
  }
  const taskDefinitionFile = optional(raw['task-definition'])
    ? readTaskDefinitionFile(raw['task-definition'].trim(), github.workspace, containerName)
    : undefined

  return {
    ...target,
    taskDefinitionFile,
    containerName,
    version: parseVersionInput(raw.version),
    versionFile: readVersionFile(raw['version-file'], github.workspace, mode),
    image: parseImageRepository(optional(raw.image) ?? 'ghcr.io/open-webui/open-webui'),
    imageGiven: optional(raw.image) !== undefined,
    variant: parseVariant(raw.variant),
    releaseRepository: parseRepositoryName(optional(raw['release-repository']) ?? 'open-webui/open-webui'),
    pinDigest: parseBoolean('pin-digest', raw['pin-digest'], true),
    ...parseContainerVariables(raw.secrets ?? '', raw.environment ?? '', awsRegion),
    desiredCount: parseDesiredCount(raw['desired-count']),
    migration: parseChoice('migration', raw.migration, ['auto', 'always', 'never'] as const, 'auto'),
    timeoutMinutes: parseNumber('timeout-minutes', raw['timeout-minutes'], 30, { min: 1, max: 360 }),
    rollback: parseChoice('rollback', raw.rollback, ['auto', 'never'] as const, 'auto'),
    allowDowngrade: parseChoice(
      'allow-downgrade',
      raw['allow-downgrade'],
      ['none', 'after-restore'] as const,
      'none'
    ),
    healthUrl: parseHealthUrl(raw['health-url']),
    githubToken: parseGitHubToken(raw['github-token']),
    comment: parseBoolean('comment', raw.comment, true),
    minReleaseAgeDays: parseNumber('min-release-age-days', raw['min-release-age-days'], 0, {
      min: 0,
      max: 3650
    }),
    dryRun: parseBoolean('dry-run', raw['dry-run'], false),
    databaseSnapshot: parseDatabaseSnapshot(
      parseChoice('db-snapshot', raw['db-snapshot'], ['none', 'instance', 'cluster'] as const, 'none'),
      raw['db-identifier']
    ),
    awsRegion,
    proxy,
    github
  }
}

type ServiceTarget =
  | { mode: 'deploy' | 'plan'; cluster: string; service: string }
  | { mode: 'resolve' | 'bump'; cluster?: string; service?: string }

/** deploy and plan aim at one service and require both inputs; resolve and bump take them as given. */
function serviceTarget(mode: Mode, cluster: string | undefined, service: string | undefined): ServiceTarget {
  if (mode === 'resolve' || mode === 'bump') {
    return { mode, ...(cluster ? { cluster } : {}), ...(service ? { service } : {}) }
  }
  if (!cluster)
    throw new InputError('cluster', `is required in ${mode} mode: expected an ECS cluster name or ARN`)
  if (!service) throw new InputError('service', `is required in ${mode} mode: expected an ECS service name`)
  return { mode, cluster, service }
}

/** The action sets ENABLE_DB_MIGRATIONS itself (true on the one migrator, false on the fleet). */

/** A variable comes from one source: ECS refuses a name that is both a secret and plain environment. */
function parseContainerVariables(
  secretsText: string,
  environmentText: string,
  awsRegion: string | undefined
): Pick<Settings, 'secrets' | 'environment'> {
  const secrets = parseSecretLines(secretsText, awsRegion)
  const environment = parseEnvironmentLines(environmentText)
  for (const [input, names] of [
    ['secrets', secrets.map(secret => secret.name)],
    ['environment', environment.map(variable => variable.name)]
  ] as const) {
    if (names.includes(MIGRATIONS_VARIABLE)) {
      throw new InputError(
        input,
        `${MIGRATIONS_VARIABLE} is set by the action (true on the migrator task only): remove it`
      )
    }
  }
  const port = environment.find(variable => variable.name === 'PORT')
  const badPort = port && portProblem(port.value)
  if (badPort) throw new InputError('environment', `PORT ${badPort}`)
  const secretNames = new Set(secrets.map(secret => secret.name))
  const both = environment.find(variable => secretNames.has(variable.name))
  if (both) {
    throw new InputError(
      'environment',
      `${both.name} is also given in secrets: expected each variable in one of them`
    )
  }
  return { secrets, environment }
}

function optional(value: string | undefined): string | undefined {
  const trimmed = (value ?? '').trim()
  return trimmed === '' ? undefined : trimmed
}

function parseMode(value: string): Mode {
  const mode = optional(value) ?? 'deploy'
  if (!(MODES as readonly string[]).includes(mode)) {
    throw new InputError('mode', `'${mode}' is not a mode: expected one of ${MODES.join(', ')}`)
  }
  return mode as Mode
}

function parseChoice<T extends string>(input: string, value: string, choices: readonly T[], fallback: T): T {
  const choice = optional(value) ?? fallback
  if (!(choices as readonly string[]).includes(choice)) {
    throw new InputError(input, `'${choice}' is not allowed: expected one of ${choices.join(', ')}`)
  }
  return choice as T
}

/** The YAML 1.2 core-schema booleans, as @actions/core's getBooleanInput accepts them. */
function parseBoolean(input: string, value: string, fallback: boolean): boolean {
  const text = optional(value)
  if (text === undefined) return fallback
  if (['true', 'True', 'TRUE'].includes(text)) return true
  if (['false', 'False', 'FALSE'].includes(text)) return false
  throw new InputError(input, `'${text}' is not a boolean: expected true or false`)
}

function parseNumber(
  input: string,
  value: string,
  fallback: number,
  range: { min: number; max: number; exclusiveMin?: boolean }
): number {
  const text = optional(value)
  if (text === undefined) return fallback
  if (!/^\d+(\.\d+)?$/.test(text))
    throw new InputError(input, `'${text}' is not a number: expected a non-negative number`)
  const number = Number(text)
  const tooSmall = range.exclusiveMin ? number <= range.min : number < range.min
  if (tooSmall || number > range.max) {
    throw new InputError(
      input,
      `${text} is out of range: expected ${range.exclusiveMin ? 'more than' : 'at least'} ${range.min} and at most ${range.max}`
    )
  }
  return number
}

function parseDesiredCount(value: string): number | undefined {
  const text = optional(value)
  if (text === undefined) return undefined
  if (!/^\d+$/.test(text))
    throw new InputError(
      'desired-count',
      `'${text}' is not a whole number: expected 1 to ${MAX_DESIRED_COUNT}`
    )
  const count = Number(text)
  if (count < 1 || count > MAX_DESIRED_COUNT) {
    throw new InputError('desired-count', `${text} is out of range: expected 1 to ${MAX_DESIRED_COUNT}`)
  }
  return count
}

function parseVersionInput(value: string): VersionRequest {
  const text = optional(value)
  if (text === undefined) return { kind: 'unspecified' }
  if (text === 'latest') return { kind: 'latest' }
  if (text === 'previous') return { kind: 'previous' }
  const version = parseVersionText(text)
  if (!version)
    throw new InputError(
      'version',
      `'${text}' is not a release version: expected latest, previous, vX.Y.Z or X.Y.Z`
    )
  return { kind: 'exact', version }
}

function readVersionFile(value: string, workspace: string, mode: Mode): Settings['versionFile'] {
  const relative = optional(value)
  if (relative === undefined) return undefined
  const file = resolveWorkspacePath('version-file', relative, workspace)
  let text: string | undefined
  try {
    text = readWorkspaceText('version-file', file)
  } catch (error) {
    // bump may create the file; every other mode reads a pin from it.
    if (mode === 'bump' && error instanceof InputError && /does not exist/.test(error.message))
      return { path: file }
    throw error
  }
  const candidates = versionLines(text)
  if (candidates.length > 1) {
    throw new InputError(
      'version-file',
      `'${relative}' holds ${candidates.length} version lines (comments count: a reader takes them for the pin): expected one line vX.Y.Z or X.Y.Z`
    )
  }
  if (!parseVersionText(text)) {
    throw new InputError('version-file', `'${relative}' holds no version: expected one line vX.Y.Z or X.Y.Z`)
  }
  return { path: file, text }
}

/** A registry host is the first path part when it has a dot, a port or is localhost (Docker's rule). */
export function parseImageRepository(value: string): ImageRepository {
  const bad = (why: string) =>
    new InputError(
      'image',
      `'${value}' ${why}: expected an image repository such as ghcr.io/open-webui/open-webui`
    )
  const host = registryHostProblem(value)
  // Not repeated as typed: the look-alike is the point, its punycode tells it apart.
  if (host) throw new InputError('image', `${host}, such as ghcr.io/open-webui/open-webui`)
  if (/\s/.test(value)) throw bad('contains white space')
  if (value.includes('@')) throw bad('has a digest')
  const slash = value.indexOf('/')
  const first = slash < 0 ? value : value.slice(0, slash)
  const hasHost = slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost')
  const registry = hasHost ? first : 'docker.io'
  let repository = hasHost ? value.slice(slash + 1) : value
  if (repository.includes(':')) throw bad('has a tag (the action chooses the tag)')
  if (!/^[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/.test(repository))
    throw bad('is not a repository path')
  if (registry === 'docker.io' && !repository.includes('/')) repository = `library/${repository}`
  return { registry, repository }
}

function parseVariant(value: string): Variant | undefined {
  const variant = optional(value)
  if (variant === undefined) return undefined
  if (!(VARIANTS as readonly string[]).includes(variant)) {
    throw new InputError(
      'variant',
      `'${variant}' is not an image variant: expected one of ${VARIANTS.join(', ')}, or empty`
    )
  }
  return variant as Variant
}

function parseRepositoryName(value: string): RepositoryName {
  const match = /^([A-Za-z0-9-]{1,39})\/([A-Za-z0-9._-]{1,100})$/.exec(value)
  if (!match)
    throw new InputError('release-repository', `'${value}' is not a GitHub repository: expected owner/name`)
  return { owner: match[1], repo: match[2] }
}

/** One token, never repeated: a line break or space inside means two values were pasted, or a wrong one. */
function parseGitHubToken(value: string | undefined): string {
  const token = (value ?? '').trim()
  if (/\s/.test(token))
    throw new InputError(
      'github-token',
      'contains white space or a line break (not repeated here): expected one token, such as ${{ github.token }}'
    )
  return token
}

function parseHealthUrl(value: string): URL | undefined {
  const text = optional(value)
  if (text === undefined) return undefined
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new InputError('health-url', `'${text}' is not a URL: expected https://openwebui.example.com`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InputError('health-url', `'${text}' is not an http(s) URL`)
  }
  if (url.username || url.password) throw new InputError('health-url', 'must not carry credentials')
  // The probes ask <url>/health and <url>/api/version without the query: a query here (often a token) would
  // be ignored, and shown in the plan.
  if (url.search || url.hash)
    throw new InputError(
      'health-url',
      'has a query string or fragment (not repeated here): expected the base URL only, such as https://openwebui.example.com'
    )
  return url
}

function readTaskDefinitionFile(
  relative: string,
  workspace: string,
  containerName: string
): TaskDefinitionFile {
  const file = resolveWorkspacePath('task-definition', relative, workspace)
  const text = readWorkspaceText('task-definition', file)
  if (jsonDepth(text) > MAX_JSON_DEPTH) {
    throw new InputError(
      'task-definition',
      `'${relative}' nests objects or lists more than ${MAX_JSON_DEPTH} deep: expected a task definition (about 6 deep)`
    )
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw new InputError('task-definition', `'${relative}' is not valid JSON (${(error as Error).message})`)
  }
  const duplicate = firstDuplicateKey(text)
  if (duplicate) {
    throw new InputError(
      'task-definition',
      `'${relative}' gives the key "${duplicate.key}" twice${duplicate.path ? ` in ${duplicate.path}` : ''}: expected each key once (JSON keeps only the last)`
    )
  }
  const json = unwrapDescribeOutput(parsed)
  if (!json)
    throw new InputError('task-definition', `'${relative}' is not a task definition: expected a JSON object`)
  const containers = json.containerDefinitions
  if (!Array.isArray(containers) || containers.length === 0) {
    throw new InputError('task-definition', `'${relative}' has no containerDefinitions array`)
  }
  if (containers.length > MAX_CONTAINERS) {
    throw new InputError(
      'task-definition',
      `'${relative}' has ${containers.length} containerDefinitions: ECS allows at most ${MAX_CONTAINERS} in a task definition`
    )
  }
  for (const [index, container] of containers.entries()) {
    if (
      !container ||
      typeof container !== 'object' ||
      typeof (container as { name?: unknown }).name !== 'string'
    ) {
      throw new InputError('task-definition', `'${relative}': containerDefinitions[${index}] has no name`)
    }
  }
  if (typeof json.family !== 'string' || json.family.trim() === '') {
    throw new InputError(
      'task-definition',
      `'${relative}' has no family: expected the task definition family name`
    )
  }
  for (const [index, container] of containers.entries()) checkContainerShape(relative, index, container)
  const violation = ecsRuleViolation(json, containerName)
  if (violation)
    throw new InputError('task-definition', `'${relative}': ${violation} (ECS would refuse to register it)`)
  const names = containers.map(container => (container as { name: string }).name)
  if (new Set(names).size !== names.length) {
    throw new InputError('task-definition', `'${relative}' names a container twice`)
  }
  if (!names.includes(containerName)) {
    throw new InputError(
      'container-name',
      `the task definition '${relative}' has no container '${containerName}' (it has: ${names.join(', ')})`
    )
  }
  return { path: file, text, json }
}

/** The lists the action merges into must be what ECS takes, or rendering would produce nonsense. */
function checkContainerShape(relative: string, index: number, container: Record<string, unknown>): void {
  const where = `'${relative}': containerDefinitions[${index}]`
  if (container.image !== undefined && typeof container.image !== 'string') {
    throw new InputError('task-definition', `${where}.image is not a string`)
  }
  for (const [key, valueKey] of [
    ['environment', 'value'],
    ['secrets', 'valueFrom']
  ] as const) {
    const list = container[key]
    if (list === undefined) continue
    if (!Array.isArray(list))
      throw new InputError('task-definition', `${where}.${key} is not a list of {name, ${valueKey}}`)
    for (const [position, entry] of list.entries()) {
      const item = entry as Record<string, unknown> | null
      if (
        !item ||
        typeof item !== 'object' ||
        typeof item.name !== 'string' ||
        typeof item[valueKey] !== 'string'
      ) {
        throw new InputError(
          'task-definition',
          `${where}.${key}[${position}] is not {"name": string, "${valueKey}": string}`
        )
      }
    }
  }
}

function readGitHubContext(env: NodeJS.ProcessEnv): GitHubContext {
  const repository = env.GITHUB_REPOSITORY?.split('/')
  let payload: Record<string, unknown> = {}
  if (env.GITHUB_EVENT_PATH) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8'))
      if (parsed && typeof parsed === 'object') payload = parsed as Record<string, unknown>
    } catch {
      payload = {}
    }
  }
  return {
    eventName: env.GITHUB_EVENT_NAME ?? '',
    payload,
    repository: repository?.length === 2 ? { owner: repository[0], repo: repository[1] } : undefined,
    sha: env.GITHUB_SHA ?? '',
    ref: env.GITHUB_REF ?? '',
    runId: env.GITHUB_RUN_ID ?? '',
    ...(env.GITHUB_RUN_ATTEMPT ? { runAttempt: env.GITHUB_RUN_ATTEMPT } : {}),
    serverUrl: (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/$/, ''),
    apiUrl: (env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/$/, ''),
    workspace: env.GITHUB_WORKSPACE || process.cwd()
  }
}
