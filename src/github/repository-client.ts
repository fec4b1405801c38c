// PLACEHOLDER: replaced by the real Octokit implementation.
import type { Octokit } from './octokit.js'

export class OctokitRepository {
  constructor(readonly octokit: Octokit) {}
}
