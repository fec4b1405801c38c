import path from 'node:path'
import { InputError, PhaseError } from '../errors.js'
import { maskTaskDefinitionText } from '../report/mask-credentials.js'
import type { GitHubRepositoryPort, RepositoryFile } from '../ports/github-repository.js'
import type { RepositoryName, Settings } from '../settings/settings.js'
import { containerImage, parseImagePin, type ImagePin } from './task-definition-pin.js'
import { versionFilePin } from './version-file-pin.js'

/**
 * Where the pin lives and what it says, read from the default branch head: that commit is what the bump
 * branch is created from, so its copy is the one the commit must change. The workspace copy (a checkout of
 * whatever ref the workflow ran on) is used only when the default branch has no such file.
 */
export type PinSource =
  | {
      kind: 'version-file'
      /** Path inside the repository, `/`-separated. */
      path: string
      input: 'version-file'
      /** undefined: the file does not exist yet and bump creates it. */
      file?: RepositoryFile
      text?: string
      version?: string
      readFrom: 'default-branch' | 'workspace' | 'none'
    }
  | {
      kind: 'task-definition'
      path: string
      input: 'task-definition'
      file?: RepositoryFile
      text: string
      pin: ImagePin
      version: string
      readFrom: 'default-branch' | 'workspace'
    }

/** The workspace is the repository root (actions/checkout's default), so paths relative to it are repository paths. */
export function repositoryPath(input: string, absolute: string, workspace: string): string {
  const relative = path.relative(workspace, absolute)
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new InputError(input, `'${absolute}' is not a file inside the workspace`)
  }
  return relative.split(path.sep).join('/')
}

/** GITHUB_TOKEN may not change workflow files, and a pin there would make every bump fail at the commit. */
export function isWorkflowFile(repositoryFilePath: string): boolean {
  return /^\.github\/workflows\//i.test(repositoryFilePath)
}

export async function readPinSource(
  settings: Settings,
  repository: GitHubRepositoryPort,
  repositoryName: RepositoryName,
  baseSha: string
): Promise<PinSource> {
  const workspace = settings.github.workspace
  if (settings.versionFile) {
    const filePath = repositoryPath('version-file', settings.versionFile.path, workspace)
    const file = await repository.getFile(repositoryName, filePath, baseSha)
    const text = file?.text ?? settings.versionFile.text
    const version = text === undefined ? undefined : versionFilePin(text)
    if (text !== undefined && !version) {
      throw new InputError(
        'version-file',
        `'${filePath}' on the default branch holds no version: expected one line vX.Y.Z or X.Y.Z`
      )
    }
    return {
      kind: 'version-file',
      path: filePath,
      input: 'version-file',
      file,
      text,
      version,
      readFrom: file ? 'default-branch' : text !== undefined ? 'workspace' : 'none'
    }
  }
  if (settings.taskDefinitionFile) {
    const filePath = repositoryPath('task-definition', settings.taskDefinitionFile.path, workspace)
    const file = await repository.getFile(repositoryName, filePath, baseSha)
    const text = file?.text ?? settings.taskDefinitionFile.text
    if (file) maskTaskDefinitionText(file.text)
    const where = file ? `'${filePath}' on the default branch` : `'${filePath}'`
    const found = containerImage(text, settings.containerName)
    if ('problem' in found) throw new InputError('task-definition', `${where} ${found.problem}`)
    const pin = parseImagePin(found.image)
    if (!pin) {
      throw new PhaseError(
        'bump',
        `${where} runs ${found.image} in container '${settings.containerName}', which pins no release: bump rewrites a vX.Y.Z tag and cannot tell the current version from this one`,
        [
          `Set the image to a release tag once, for example ${settings.image.registry}/${settings.image.repository}:v0.6.5, or use version-file.`
        ]
      )
    }
    return {
      kind: 'task-definition',
      path: filePath,
      input: 'task-definition',
      file,
      text,
      pin,
      version: pin.version,
      readFrom: file ? 'default-branch' : 'workspace'
    }
  }
  throw new InputError(
    'version-file',
    'bump mode needs the pin to update: set version-file (a file holding vX.Y.Z) or task-definition (a task-definition file whose image is pinned to a release)'
  )
}
