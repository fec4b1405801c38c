import type { Release } from '../domain/release.js'
import type { RepositoryName } from '../settings/settings.js'

/** Read access to the release repository (open-webui/open-webui or a fork the user names). */
export interface GitHubReleasesPort {
  /** Every release, following Link pagination to the end. */
  listReleases(repository: RepositoryName): Promise<Release[]>
  /** File and folder names directly inside `path` at `ref`; undefined when the path does not exist there (404). */
  listDirectory(repository: RepositoryName, path: string, ref: string): Promise<string[] | undefined>
}
