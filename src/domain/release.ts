/** A GitHub release of Open WebUI (or of the fork the user names). */
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
