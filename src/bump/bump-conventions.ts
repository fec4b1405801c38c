import { versionTag } from '../release/version-tag.js'

/**
 * The fixed names that make bump create-or-update: one branch, one marker, one label. A re-run finds what the
 * previous run made by these, never by guessing from titles.
 */
export const BUMP_BRANCH = 'open-webui-ecs-deploy/bump'

/** Hidden in the pull-request body; release notes cannot forge it (their HTML is escaped). */
export const BUMP_MARKER = '<!-- open-webui-ecs-deploy:bump -->'

export const BUMP_LABEL = {
  name: 'dependencies',
  color: '0366d6',
  description: 'Pull requests that update a dependency'
}

/** Pull-request title and commit message. */
export function bumpTitle(version: string): string {
  return `Update Open WebUI to ${versionTag(version)}`
}
