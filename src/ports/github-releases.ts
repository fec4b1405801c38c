import type { RepositoryName } from '../settings/settings.js'

export interface Release {
  tagName: string
  name: string
  draft: boolean
  prerelease: boolean
  /** ISO timestamp; absent on drafts. */
  publishedAt?: string
  /** Release notes: untrusted text, escape before showing it anywhere. */
  body: string
  htmlUrl: string
}

/** Read access to the release repository (open-webui/open-webui or a fork the user names). */
export interface GitHubReleasesPort {
  /** Every release, following Link pagination to the end. */
  listReleases(repository: RepositoryName): Promise<Release[]>
  /** File and folder names directly inside `path` at `ref`; undefined when the path does not exist there (404). */
  listDirectory(repository: RepositoryName, path: string, ref: string): Promise<string[] | undefined>
}
