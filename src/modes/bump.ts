import semver from 'semver'
import { BUMP_BRANCH, bumpTitle } from '../bump/bump-conventions.js'
import { bumpSummary, failureSummary, upToDateSummary } from '../report/bump-summary.js'
import { bumpTarget } from '../bump/bump-target.js'
import { closeStaleBump } from '../bump/close-stale-bump.js'
import { GitHubStepError, explainGitHubError, githubStep } from '../bump/github-errors.js'
import { isWorkflowFile, readPinSource } from '../bump/pin-source.js'
import { renderBumpBody } from '../bump/pull-request-body.js'
import { upsertBump } from '../bump/upsert-bump.js'
import { PhaseError, errorMessage } from '../errors.js'
import { detectMigrations } from '../migrations/detect-migrations.js'
import type { Release } from '../domain/release.js'
import type { Annotation, Outcome } from '../report/outcome.js'
import { releaseOutputs } from '../report/outputs.js'
import { findStable, latestStable, releaseRange, stableReleases } from '../release/stable-releases.js'
import { versionTag } from '../release/version-tag.js'
import type { BumpSettings, RepositoryName } from '../settings/settings.js'
import type { ModeContext } from './mode-context.js'

/**
 * mode: bump. Keeps the pin (version file or task-definition image) at the newest stable release through one
 * pull request on a fixed branch, written through the REST API only. Re-runs are safe: nothing new, no write.
 */
export async function runBumpMode(context: ModeContext<BumpSettings>): Promise<Outcome> {
  const where = { repository: '', branch: BUMP_BRANCH, pinPath: '' }
  try {
    return await bump(context, where)
  } catch (error) {
    if (error instanceof GitHubStepError) return failed(explainGitHubError(error, where))
    if (error instanceof PhaseError) return failed([error.message, ...error.details].join(' '))
    throw error
  }
}

function failed(message: string, annotations: Annotation[] = []): Outcome {
  return { result: 'failed', outputs: {}, summary: failureSummary(message), annotations, failure: message }
}

async function bump(
  context: ModeContext<BumpSettings>,
  where: { repository: string; pinPath: string }
): Promise<Outcome> {
  const { settings, ports, log } = context
  const annotations: Annotation[] = []
  if (settings.version.kind !== 'unspecified') {
    annotations.push({
      level: 'warning',
      title: 'version is ignored in bump mode',
      message:
        'bump always proposes the newest stable release (see min-release-age-days); leave version empty'
    })
  }
  const repository = settings.github.repository
  if (!repository)
    throw new PhaseError('bump', 'GITHUB_REPOSITORY is not set: bump runs inside a GitHub workflow')
  where.repository = `${repository.owner}/${repository.repo}`

  const defaultBranch = await githubStep('read-repository', () =>
    ports.repository.getDefaultBranch(repository)
  )
  const baseSha = await githubStep('read-repository', () =>
    ports.repository.getBranchHead(repository, defaultBranch)
  )
  if (!baseSha)
    throw new PhaseError('bump', `the default branch ${defaultBranch} of ${where.repository} has no commit`)
  const source = await githubStep('read-file', () =>
    readPinSource(settings, ports.repository, repository, baseSha)
  )
  where.pinPath = source.path
  log.info(
    `Pin: ${source.path} (${source.readFrom === 'default-branch' ? `${defaultBranch} at ${baseSha.slice(0, 7)}` : source.readFrom}) says ${source.version ? versionTag(source.version) : 'nothing yet'}`
  )

  const releases = await listReleases(context)
  const stable = stableReleases(releases)
  const latest = latestStable(stable, ports.clock.now(), settings.minReleaseAgeDays)
  if (!latest) {
    const age =
      settings.minReleaseAgeDays > 0
        ? ` at least ${settings.minReleaseAgeDays} days old (min-release-age-days)`
        : ''
    throw new PhaseError('bump', `no stable release of ${releaseRepositoryText(context)} is${age} available`)
  }
  const latestVersion = latest.tagName.slice(1)
  log.info(
    `Newest stable release${settings.minReleaseAgeDays > 0 ? ` at least ${settings.minReleaseAgeDays} days old` : ''}: ${latest.tagName}`
  )

  if (source.version && !semver.gt(latestVersion, source.version)) {
    const stale = await closeStaleBump(
      ports.repository,
      repository,
      { version: source.version, pinPath: source.path, defaultBranch },
      log
    )
    if (stale.foreign) {
      annotations.push({
        level: 'warning',
        title: 'Pull request on the bump branch left open',
        message: `#${stale.foreign.number} uses ${BUMP_BRANCH} but was not opened by bump; it was left open`
      })
    }
    if (isWorkflowFile(source.path)) annotations.push(workflowFileProblem(source.path, 'warning'))
    return {
      result: 'up-to-date',
      outputs: releaseOutputs({ version: source.version }),
      summary: upToDateSummary({
        pinPath: source.path,
        current: source.version,
        latest: latestVersion,
        minReleaseAgeDays: settings.minReleaseAgeDays,
        closed: stale.closed
      }),
      annotations
    }
  }

  if (isWorkflowFile(source.path)) {
    // Detected before any write: GITHUB_TOKEN is refused on .github/workflows/ and a half-made bump helps no one.
    return failed(workflowFileProblem(source.path, 'error').message, annotations)
  }

  const target = await bumpTarget(settings, ports.registry, source, latest)
  const range = releaseRange(stable, source.version, target.version)
  const migrations = await detectMigrations(
    ports.releases,
    settings.releaseRepository,
    source.version,
    target.version,
    settings.migration
  )
  const title = bumpTitle(target.version)
  const body = renderBumpBody({
    pinPath: source.path,
    current: {
      version: source.version,
      image: target.currentImage,
      release: source.version ? findStable(stable, source.version) : undefined
    },
    target: { version: target.version, image: target.image, digest: target.digest, release: target.release },
    range,
    migrations,
    releaseRepositoryUrl: `${settings.github.serverUrl}/${releaseRepositoryText(context)}`,
    now: ports.clock.now()
  })
  if (context.signal.aborted) throw new PhaseError('bump', 'cancelled before writing anything')

  const write = await upsertBump(
    ports.repository,
    {
      repository,
      defaultBranch,
      baseSha,
      path: source.path,
      baseFile: source.file,
      text: target.text,
      title,
      body
    },
    ports.clock,
    log
  )
  if (write.labelProblem) {
    annotations.push({
      level: 'warning',
      title: 'Bump pull request not labelled',
      message: write.labelProblem
    })
  }
  if (write.result !== 'unchanged') {
    annotations.push({
      level: 'notice',
      title: write.result === 'bump-opened' ? 'Bump pull request opened' : 'Bump pull request updated',
      message: `${title}: ${write.pullRequest.htmlUrl}`
    })
  }
  return {
    result: write.result,
    outputs: {
      ...releaseOutputs({
        version: target.version,
        previousVersion: source.version,
        image: target.image,
        migrations: migrations.status
      }),
      'pull-request-number': String(write.pullRequest.number),
      'pull-request-url': write.pullRequest.htmlUrl
    },
    summary: bumpSummary({
      result: write.result,
      pull: write.pullRequest,
      pinPath: source.path,
      readFrom: source.readFrom === 'default-branch' ? `default branch ${defaultBranch}` : 'workspace',
      current: source.version,
      target: target.version,
      image: target.image,
      migrations,
      releases: range.length
    }),
    annotations
  }
}

function workflowFileProblem(pinPath: string, level: Annotation['level']): Annotation {
  return {
    level,
    title: 'Pin in a workflow file',
    message: `${pinPath} is under .github/workflows/, and GITHUB_TOKEN cannot change workflow files, so bump cannot commit a new pin there. Fix: keep the pin in another file (for example version-file: open-webui.version, or a task-definition file outside .github/workflows/).`
  }
}

function releaseRepositoryText(context: ModeContext<BumpSettings>): string {
  const name: RepositoryName = context.settings.releaseRepository
  return `${name.owner}/${name.repo}`
}

async function listReleases(context: ModeContext<BumpSettings>): Promise<Release[]> {
  try {
    return await context.ports.releases.listReleases(context.settings.releaseRepository)
  } catch (error) {
    throw new PhaseError(
      'bump',
      `Could not list the releases of ${releaseRepositoryText(context)}: ${errorMessage(error)}`
    )
  }
}
