import { resourceName } from '../../domain/arn.js'

/**
 * The plan comment is found again by a hidden marker on its first line (naming cluster and service, so one
 * pull request can carry a plan per service) and by its author. Only the first line counts: the body also
 * holds untrusted text (a task-definition diff, release notes) that may quote a marker of its own.
 */
const MARKER_PREFIX = 'open-webui-ecs-deploy:plan'
const HASH_LINE = /^<!-- plan-hash: ([A-Za-z0-9_+/=.:-]{6,200}) -->$/

/**
 * `arn:aws:ecs:...:cluster/prod` and `prod` are the same cluster (the service ARN ends with the name too).
 * Percent-encoding leaves nothing that could end an HTML comment (`>`) or split the marker (spaces, `=`).
 */
function encodeValue(value: string): string {
  return encodeURIComponent(resourceName(value))
}

export function planCommentMarker(cluster: string, service: string): string {
  return `<!-- ${MARKER_PREFIX} cluster=${encodeValue(cluster)} service=${encodeValue(service)} -->`
}

function firstLine(body: string): string {
  const text = body.trimStart()
  const end = text.search(/\r?\n|\r/)
  return (end < 0 ? text : text.slice(0, end)).trimEnd()
}

function lastLine(body: string): string {
  const text = body.trimEnd()
  return text.slice(Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r')) + 1).trim()
}

/** Whether `body` is a plan comment for this cluster and service (author is checked by the caller). */
export function isPlanCommentFor(body: string, cluster: string, service: string): boolean {
  return firstLine(body) === planCommentMarker(cluster, service)
}

export function planHashLine(hash: string): string {
  return `<!-- plan-hash: ${hash} -->`
}

/** The plan hash a comment was written for: its last line, where nothing untrusted can stand. */
export function recordedPlanHash(body: string): string | undefined {
  return HASH_LINE.exec(lastLine(body))?.[1]
}
