/**
 * GitHub's answers to the bump's calls, turned into what to change. The common ones are settings, not bugs:
 * the repository does not let Actions open pull requests, the token lacks a permission, a rule protects the
 * branch, or the pin sits in a workflow file.
 */

export type BumpStep =
  | 'read-repository'
  | 'read-file'
  | 'find-pull-request'
  | 'create-branch'
  | 'reset-branch'
  | 'commit'
  | 'open-pull-request'
  | 'update-pull-request'
  | 'label'
  | 'close-pull-request'

const STEP_TEXT: Record<BumpStep, string> = {
  'read-repository': 'read the repository and its default branch',
  'read-file': 'read the pin file',
  'find-pull-request': 'look for the open bump pull request',
  'create-branch': 'create the bump branch',
  'reset-branch': 'move the bump branch to the default branch head',
  commit: 'commit the new pin to the bump branch',
  'open-pull-request': 'open the bump pull request',
  'update-pull-request': 'update the bump pull request',
  label: 'label the bump pull request',
  'close-pull-request': 'close the stale bump pull request'
}

const READ_STEPS = new Set<BumpStep>(['read-repository', 'read-file', 'find-pull-request'])

/** A GitHub API error raised by one step of the bump. */
export class GitHubStepError extends Error {
  constructor(
    readonly step: BumpStep,
    readonly status: number,
    readonly githubMessage: string
  ) {
    super(`GitHub answered ${status} to ${STEP_TEXT[step]}: ${githubMessage}`)
    this.name = 'GitHubStepError'
  }
}

/** The HTTP status and GitHub's own message, when `error` is a GitHub API answer (Octokit's RequestError). */
function httpError(error: unknown): { status: number; message: string } | undefined {
  if (!error || typeof error !== 'object') return undefined
  const { status, message, response } = error as {
    status?: unknown
    message?: unknown
    response?: { data?: { message?: unknown; errors?: unknown } }
  }
  if (typeof status !== 'number') return undefined
  const fromBody = response?.data?.message
  const text = typeof fromBody === 'string' ? fromBody : typeof message === 'string' ? message : ''
  // A 422 says what failed in `errors` ("A pull request already exists for owner:branch."), not in `message`.
  const details = Array.isArray(response?.data?.errors)
    ? response.data.errors
        .map(item => (item && typeof item === 'object' ? (item as { message?: unknown }).message : undefined))
        .filter((item): item is string => typeof item === 'string' && item !== '')
    : []
  const full =
    details.length > 0 && !details.every(item => text.includes(item))
      ? `${text}: ${details.join('; ')}`
      : text
  return { status, message: full.replace(/ - https:\/\/docs\.github\.com\S*$/, '') }
}

/** Runs one GitHub call; an HTTP error becomes a GitHubStepError naming the step, anything else passes. */
export async function githubStep<T>(step: BumpStep, call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (error) {
    const http = httpError(error)
    if (!http) throw error
    throw new GitHubStepError(step, http.status, http.message)
  }
}

export interface ExplainContext {
  /** `owner/name` */
  repository: string
  branch: string
  pinPath: string
}

/** One paragraph for the ::error: what failed, GitHub's words, and the fix. */
export function explainGitHubError(error: GitHubStepError, context: ExplainContext): string {
  const what = `Could not ${STEP_TEXT[error.step]} in ${context.repository}: GitHub answered ${error.status} "${error.githubMessage}".`
  return `${what} ${fixFor(error, context)}`
}

function fixFor(error: GitHubStepError, context: ExplainContext): string {
  const message = error.githubMessage
  const tokenPermissions =
    'Give the job `permissions: { contents: write, pull-requests: write }` (or pass github-token a GitHub App or fine-grained token with Contents and Pull requests read and write on this repository).'
  if (/not permitted to create or approve pull requests/i.test(message)) {
    return (
      'Fix: allow it in the repository settings, Settings > Actions > General > Workflow permissions > "Allow GitHub Actions to create and approve pull requests" ' +
      '(in an organization the same setting must first be allowed at the organization level), ' +
      'or pass a GitHub App token (actions/create-github-app-token) as github-token.'
    )
  }
  if (/workflow/i.test(message) && /(permission|refusing)/i.test(message)) {
    return `Fix: GITHUB_TOKEN cannot change files under .github/workflows/; keep the pin in another file (for example version-file: open-webui.version) instead of ${context.pinPath}.`
  }
  if (/protected branch|branch protection|rule violation|ruleset/i.test(message)) {
    return `Fix: the branch ${context.branch} is protected by a branch protection rule or ruleset; exclude ${context.branch} from it, or let this token bypass it.`
  }
  if (/rate limit/i.test(message) || error.status === 429) {
    return 'Fix: GitHub rate-limited the token; run the workflow again later (the next scheduled run will).'
  }
  if (error.status === 401) {
    return 'Fix: github-token is missing, expired or revoked; pass a valid token.'
  }
  if (error.status === 403 || error.status === 404) {
    if (READ_STEPS.has(error.step)) {
      return `Fix: the token cannot read ${context.repository}; give the job \`permissions: { contents: write, pull-requests: write }\` and check GITHUB_REPOSITORY.`
    }
    return `Fix: the token has no write access. ${tokenPermissions}`
  }
  if (error.status === 409) {
    return 'Fix: the branch moved while the bump was writing to it; run the workflow again.'
  }
  return 'Fix: run the workflow again; if it keeps failing, check https://www.githubstatus.com and the token permissions.'
}
