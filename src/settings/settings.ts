/** The action's inputs after parsing and validation: everything below main.ts works from this value. */

import type { EnvironmentVariable, SecretReference } from '../domain/container-values.js'
import type { DatabaseSnapshotTarget } from '../domain/database-snapshot.js'
import type { ProxySettings } from '../network/proxy-settings.js'

export type Mode = 'deploy' | 'plan' | 'bump' | 'resolve'
export const MODES: readonly Mode[] = ['deploy', 'plan', 'bump', 'resolve']

export type Variant = 'cuda' | 'cuda126' | 'ollama' | 'slim'
export const VARIANTS: readonly Variant[] = ['cuda', 'cuda126', 'ollama', 'slim']

export type MigrationPolicy = 'auto' | 'always' | 'never'
export type RollbackPolicy = 'auto' | 'never'

/** What the `version` input asked for. `unspecified`: fall back to version-file, the task definition's pin, latest. */
export type VersionRequest =
  | { kind: 'latest' }
  | { kind: 'exact'; version: string }
  | { kind: 'unspecified' }
  /** The stable release before the one the task definition runs: what a rollback asks for. */
  | { kind: 'previous' }

/**
 * A target older than the running version across database migrations: `none` refuses it; `after-restore` says
 * the database was restored from a snapshot taken before the upgrade being undone, so the older release finds
 * the schema it knows (or older, which its migrator brings up).
 */
export type DowngradePolicy = 'none' | 'after-restore'

export interface ImageRepository {
  /** Registry host as written, e.g. `ghcr.io`, `123.dkr.ecr.us-east-1.amazonaws.com`, `127.0.0.1:5000`. */
  registry: string
  /** Repository path inside the registry, e.g. `open-webui/open-webui`. */
  repository: string
}

export interface RepositoryName {
  owner: string
  repo: string
}

/** A task-definition file read from the workspace. `json` keeps the user's object exactly as parsed. */
export interface TaskDefinitionFile {
  path: string
  text: string
  json: Record<string, unknown>
}

export interface GitHubContext {
  eventName: string
  /** Parsed GITHUB_EVENT_PATH payload, or {} when there is none. */
  payload: Record<string, unknown>
  repository?: RepositoryName
  sha: string
  ref: string
  runId: string
  /** GITHUB_RUN_ATTEMPT: a re-run of the same run counts up from 1. */
  runAttempt?: string
  serverUrl: string
  apiUrl: string
  workspace: string
}

/** What every mode reads. The mode and the service it aims at are in the per-mode types below. */
export interface CommonSettings {
  /** Task definition given as a file; undefined means: the service's current task definition. */
  taskDefinitionFile?: TaskDefinitionFile
  containerName: string
  version: VersionRequest
  /** Absolute path of the version file inside the workspace, with its text when it exists. */
  versionFile?: { path: string; text?: string }
  /** Absolute path of the settings file the inputs were read from (settings-file), when one was given. */
  settingsFile?: string
  image: ImageRepository
  /** Whether the `image` input was given: a task definition running another repository is replaced only then. */
  imageGiven: boolean
  variant?: Variant
  releaseRepository: RepositoryName
  pinDigest: boolean
  secrets: SecretReference[]
  environment: EnvironmentVariable[]
  desiredCount?: number
  migration: MigrationPolicy
  timeoutMinutes: number
  rollback: RollbackPolicy
  allowDowngrade: DowngradePolicy
  healthUrl?: URL
  githubToken: string
  comment: boolean
  minReleaseAgeDays: number
  dryRun: boolean
  /** The database deploy snapshots before a migrating rollout drains the service; undefined: no snapshot. */
  databaseSnapshot?: DatabaseSnapshotTarget
  /** AWS region from AWS_REGION / AWS_DEFAULT_REGION; required by the modes that talk to AWS. */
  awsRegion?: string
  /** HTTPS_PROXY / HTTP_PROXY / NO_PROXY, validated; without a proxy variable every request goes direct. */
  proxy: ProxySettings
  github: GitHubContext
}

/** deploy and plan aim at one ECS service: parsing refuses them without cluster and service. */
export interface ServiceModeSettings extends CommonSettings {
  mode: 'deploy' | 'plan'
  cluster: string
  service: string
}

export interface DeploySettings extends ServiceModeSettings {
  mode: 'deploy'
}

export interface PlanSettings extends ServiceModeSettings {
  mode: 'plan'
}

/** resolve and bump need no service; one given is still checked, and resolve prints what it read. */
export interface ResolveSettings extends CommonSettings {
  mode: 'resolve'
  cluster?: string
  service?: string
}

export interface BumpSettings extends CommonSettings {
  mode: 'bump'
  cluster?: string
  service?: string
}

export type Settings = DeploySettings | PlanSettings | ResolveSettings | BumpSettings

/** The settings of one mode. */
export type SettingsOf<M extends Mode> = Extract<Settings, { mode: M }>
