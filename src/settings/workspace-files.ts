import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs'
import path from 'node:path'
import { InputError } from '../errors.js'

/** Task definitions are at most 64 KiB in ECS; anything far larger is not one. */
const MAX_FILE_BYTES = 1024 * 1024

/**
 * Resolves `relative` inside the workspace. Absolute paths, `..` escapes and symlinks that lead out of the
 * workspace are refused, so a workflow cannot be tricked into reading files elsewhere on the runner.
 */
export function resolveWorkspacePath(input: string, relative: string, workspace: string): string {
  if (path.isAbsolute(relative)) {
    throw new InputError(
      input,
      `'${relative}' is an absolute path: expected a path relative to the workspace`
    )
  }
  const root = realpathSync(workspace)
  const resolved = path.resolve(root, relative)
  if (!isInside(root, resolved)) {
    throw new InputError(input, `'${relative}' points outside the workspace: expected a path inside ${root}`)
  }
  if (existsSync(resolved) && !isInside(root, realpathSync(resolved))) {
    throw new InputError(input, `'${relative}' is a link to a file outside the workspace`)
  }
  return resolved
}

function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate)
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))
}

export function readWorkspaceText(input: string, file: string): string {
  if (!existsSync(file)) throw new InputError(input, `file '${file}' does not exist`)
  const stat = statSync(file)
  if (!stat.isFile()) throw new InputError(input, `'${file}' is not a file`)
  if (stat.size > MAX_FILE_BYTES)
    throw new InputError(input, `'${file}' is ${stat.size} bytes: expected at most 1 MiB`)
  // Editors on Windows save UTF-8 with a byte-order mark: it is no part of the text (JSON.parse would refuse it).
  return readFileSync(file, 'utf8').replace(/^\ufeff/, '')
}
