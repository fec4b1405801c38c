import type { EcsContext } from './context.js'

/**
 * The database behind the simulated Open WebUI, as far as Alembic sees it: which revisions are applied. A seeded
 * service's version has its revisions applied already; a migrator of a newer version applies the ones its
 * release adds, and logs one `Running upgrade FROM -> TO, message` line per revision, in chain order, the way
 * `alembic upgrade head` does. The revisions come from the release repository's files at the image's tag
 * (`backend/open_webui/migrations/versions/<id>_<message>.py`), the same files the action compares, so the log
 * tells the same story as the plan: one new revision file, one upgrade step.
 */

const RELEASE_REPOSITORY = 'open-webui/open-webui'
const REVISION_FILE = /(?:^|\/)migrations\/versions\/([0-9a-f]+)_([^/]+)\.py$/

export interface Revision {
  id: string
  message: string
}

/** The revisions a release tag ships, in the order of its files; undefined when the scenario has no files for it. */
export function revisionsAt(ctx: EcsContext, tag: string): Revision[] | undefined {
  const tags = ctx.world.scenario.github?.repositories?.[RELEASE_REPOSITORY]?.files
  // A variant (v0.6.6-cuda) ships the release's revisions.
  const files = tags?.[tag] ?? tags?.[tag.replace(/-[a-z0-9]+$/, '')]
  if (!files) return undefined
  return Object.keys(files).flatMap(file => {
    const match = REVISION_FILE.exec(file)
    return match ? [{ id: match[1], message: match[2].replace(/_/g, ' ') }] : []
  })
}

/** A seeded service runs this version: its schema is in place. */
export function markApplied(ctx: EcsContext, tag: string): void {
  for (const revision of revisionsAt(ctx, tag) ?? [])
    if (!ctx.appliedRevisions.includes(revision.id)) ctx.appliedRevisions.push(revision.id)
}

/**
 * `upgrade head` to the tag's revisions: the log lines, and the revisions are applied. Undefined when the tag's
 * revisions are unknown (the caller logs a generic line).
 */
export function upgradeTo(ctx: EcsContext, tag: string): string[] | undefined {
  const target = revisionsAt(ctx, tag)
  if (!target) return undefined
  const lines: string[] = []
  for (const revision of target) {
    if (ctx.appliedRevisions.includes(revision.id)) continue
    const from = ctx.appliedRevisions.at(-1) ?? '<base>'
    lines.push(
      `INFO  [alembic.runtime.migration] Running upgrade ${from} -> ${revision.id}, ${revision.message}`
    )
    ctx.appliedRevisions.push(revision.id)
  }
  return lines
}
