import path from 'node:path'
import { errorMessage } from '../errors.js'
import type { GitHubRepositoryPort } from '../ports/github-repository.js'
import { maskTaskDefinitionText } from '../report/mask-credentials.js'
import { escapeInline, inlineCode } from '../report/untrusted-text.js'
import { formatImageReference } from '../release/image-reference.js'
import { versionTag } from '../release/version-tag.js'
import type { RepositoryName, Settings } from '../settings/settings.js'
import { parseVersionText } from '../settings/version-text.js'
import { findContainer } from '../taskdef/container-definition.js'
import { renderTaskDefinitions } from '../taskdef/render-task-definitions.js'
import { toRegisterRequest } from '../taskdef/strip-describe-fields.js'
import { unwrapDescribeOutput } from '../taskdef/task-definition-file.js'
import { versionOfImage } from './current-state.js'
import type { CurrentState } from '../domain/plan.js'

/**
 * The offline current-state source. Without AWS what runs cannot be read, so the base branch stands for it:
 * its task-definition file is what the last deploy from it rolled out, unless someone changed the service by
 * hand. The live source is `current-state.ts`.
 */
export interface BaseTaskDefinition {
  json?: Record<string, unknown>
  /** The version the base branch pins: its version file, else its task definition's image tag. */
  version?: string
  /** Where it came from, for the notice (trusted markdown: untrusted parts are escaped). */
  source: string
}

type BaseSettings = Pick<
  Settings,
  'github' | 'taskDefinitionFile' | 'versionFile' | 'containerName' | 'variant'
>

/** The task-definition file and the version file as they are on `ref`; a file that is missing is said so. */
export async function readBaseBranch(
  repositoryPort: Pick<GitHubRepositoryPort, 'getFile'>,
  settings: BaseSettings,
  repository: RepositoryName,
  ref: string
): Promise<BaseTaskDefinition> {
  if (!settings.taskDefinitionFile) return { source: 'no task-definition file' }
  const filePath = workspaceRelative(settings, settings.taskDefinitionFile.path)
  const source = `${inlineCode(filePath)} on the base branch ${inlineCode(ref)}`
  let json: Record<string, unknown> | undefined
  try {
    const found = await repositoryPort.getFile(repository, filePath, ref)
    if (!found) return { source: `nothing (${source} does not exist)` }
    maskTaskDefinitionText(found.text)
    json = unwrapDescribeOutput(JSON.parse(found.text))
  } catch (error) {
    return { source: `nothing (${source} could not be read: ${escapeInline(errorMessage(error))})` }
  }
  let version: string | undefined
  if (settings.versionFile) {
    const versionFile = await repositoryPort
      .getFile(repository, workspaceRelative(settings, settings.versionFile.path), ref)
      .catch(() => undefined)
    version = versionFile ? parseVersionText(versionFile.text) : undefined
  }
  const image = findContainer(json, settings.containerName)?.image
  version ??= versionOfImage(typeof image === 'string' ? image : undefined, settings.variant)
  return { ...(json ? { json } : {}), ...(version ? { version } : {}), source }
}

/**
 * The base rendered with today's inputs and the base's version, so the diff shows what the pull request
 * changes and not what the inputs add to every task definition. The service's size is unknown: the
 * desired-count input when given, else one task.
 */
export function currentStateFromBase(base: BaseTaskDefinition, settings: Settings): CurrentState {
  if (!base.json)
    return {
      desiredCount: 0,
      runningCount: 0,
      deploymentsInProgress: [],
      ...(base.version ? { version: base.version } : {})
    }
  const baseImage = findContainer(base.json, settings.containerName)?.image
  const image = base.version
    ? formatImageReference({ ...settings.image, tag: versionTag(base.version, settings.variant) })
    : typeof baseImage === 'string'
      ? baseImage
      : undefined
  let taskDefinition
  try {
    taskDefinition = image
      ? renderTaskDefinitions({ base: base.json, settings, image, secretArns: new Map() }).fleet
      : undefined
  } catch {
    // The base names no Open WebUI container (renamed in this pull request): compare with it as written.
    taskDefinition = undefined
  }
  return {
    ...(base.version ? { version: base.version } : {}),
    ...(image ? { image } : {}),
    desiredCount: settings.desiredCount ?? 1,
    runningCount: 0,
    deploymentsInProgress: [],
    taskDefinition: taskDefinition ?? toRegisterRequest(base.json)
  }
}

function workspaceRelative(settings: Pick<Settings, 'github'>, absolute: string): string {
  return path.relative(settings.github.workspace, absolute).split(path.sep).join('/')
}
