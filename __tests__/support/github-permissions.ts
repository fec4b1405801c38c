import type { CallRecord } from '../../simulator/src/simulator.js'

/**
 * The GITHUB_TOKEN permission each recorded GitHub request needs, after GitHub's REST reference ("Permissions
 * required for GitHub Apps"). Only requests to the workflow's own repository count: the release repository
 * (open-webui/open-webui) is public, and any token reads a public repository without a permission.
 * GET /user and the GraphQL viewer query need none.
 */

export type Level = 'read' | 'write'
export type Permissions = Record<string, Level>

export function permissionFor(call: CallRecord, workflowRepository: string): [string, Level] | undefined {
  if (call.service !== 'github') return undefined
  const space = call.operation.indexOf(' ')
  const method = call.operation.slice(0, space)
  const path = decodeURIComponent(call.operation.slice(space + 1))
  const prefix = `/repos/${workflowRepository}`
  if (!path.startsWith(`${prefix}/`) && path !== prefix) return undefined
  const rest = path.slice(prefix.length)
  const level: Level = method === 'GET' || method === 'HEAD' ? 'read' : 'write'
  if (rest === '') return ['metadata', 'read']
  // Comments and labels of a pull request go through the issues API; pull-requests covers them on a PR.
  if (/^\/(pulls|issues)(\/|$)/.test(rest)) return ['pull-requests', level]
  if (/^\/labels(\/|$)/.test(rest)) return ['pull-requests', level]
  if (/^\/(contents|git|commits|branches|compare|releases)(\/|$)/.test(rest)) return ['contents', level]
  throw new Error(`no permission mapping for ${call.operation}`)
}

/** The least permissions that cover these calls: write implies read; metadata is always granted. */
export function neededPermissions(calls: CallRecord[], workflowRepository: string): Permissions {
  const needed: Permissions = {}
  for (const call of calls) {
    const permission = permissionFor(call, workflowRepository)
    if (!permission) continue
    const [scope, level] = permission
    if (scope === 'metadata') continue
    if (needed[scope] !== 'write') needed[scope] = level
  }
  return needed
}
