import { getOctokit } from '@actions/github'

export type Octokit = ReturnType<typeof getOctokit>

/** Octokit against GITHUB_API_URL (GitHub Enterprise Server and the simulator set it). */
export function createOctokit(token: string, apiUrl: string): Octokit {
  return getOctokit(token, { baseUrl: apiUrl })
}
