import type { Release } from '../domain/release.js'
import type { GitHubReleasesPort } from '../ports/github-releases.js'
import type { RepositoryName } from '../settings/settings.js'
import type { Octokit } from './octokit.js'

/** Releases and folder listings of the release repository, through the REST API. */
export class OctokitReleases implements GitHubReleasesPort {
  constructor(readonly octokit: Octokit) {}

  async listReleases(repository: RepositoryName): Promise<Release[]> {
    const releases = await this.octokit.paginate(this.octokit.rest.repos.listReleases, {
      ...repository,
      per_page: 100
    })
    return releases.map(release => ({
      tagName: release.tag_name,
      name: release.name ?? release.tag_name,
      draft: release.draft,
      prerelease: release.prerelease,
      ...(release.published_at ? { publishedAt: release.published_at } : {}),
      body: release.body ?? '',
      htmlUrl: release.html_url
    }))
  }

  /** The contents API lists up to 1,000 entries of a folder; Alembic's versions folder is far smaller. */
  async listDirectory(repository: RepositoryName, path: string, ref: string): Promise<string[] | undefined> {
    try {
      const { data } = await this.octokit.rest.repos.getContent({ ...repository, path, ref })
      return Array.isArray(data) ? data.map(entry => entry.name) : undefined
    } catch (error) {
      if ((error as { status?: number }).status === 404) return undefined
      throw error
    }
  }
}
