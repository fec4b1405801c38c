import type { RegisterTaskDefinitionRequest } from '@aws-sdk/client-ecs'
import type { Finding } from '../domain/finding.js'
import {
  environmentOf,
  findContainer,
  secretsOf,
  type ContainerJson
} from '../taskdef/container-definition.js'
import { MIGRATIONS_VARIABLE } from '../taskdef/migrations-variable.js'
import { sensitiveEnvironment } from '../taskdef/sensitive-environment.js'
import { healthCheckState, SUGGESTED_HEALTH_CHECK } from './health-check.js'
import { lintImageTags } from './image-tag-lint.js'
import { isPersistentConfig } from './persistent-config.js'
import { lintDatabase, lintRedis, lintSecretKey } from './configuration-source-lint.js'
import { lintContainerPort } from './port-check.js'

export interface LintInput {
  containerName: string
  /** The Open WebUI image as the user's task definition (file or running) names it. */
  baseImage?: string
  fleet: RegisterTaskDefinitionRequest
  /** What runs now, to tell which settings the plan changes. */
  current?: RegisterTaskDefinitionRequest
  /** Names given in the `environment` input, to say where a value came from. */
  environmentInput: string[]
  /** The release being deployed (`0.6.6`): which settings it keeps in its database. */
  targetVersion?: string
  /**
   * The most tasks that can serve at once: the desired count, or the Auto Scaling maximum when higher.
   * Undefined when it cannot be told: taken as several.
   */
  maxTasks?: number
}

const DATA_DIR = '/app/backend/data'

/**
 * The Open WebUI container-service checklist (docs/domain-facts.md) over the rendered fleet task definition.
 * Errors stop deploy; warnings and notices are shown. A finding never repeats a value that might be a
 * credential.
 */
export function lintOpenWebui(input: LintInput): Finding[] {
  const container = findContainer(input.fleet, input.containerName)
  const environment = environmentOf(container)
  const secrets = secretsOf(container)
  const has = (name: string) => environment.has(name) || secrets.has(name)
  const settings = { container, environment, has }
  const severalTasks = (input.maxTasks ?? 2) > 1
  return [
    ...lintImageTags(input.baseImage, container?.image),
    ...lintDatabase(settings),
    ...lintPlainSecrets(environment, new Set(input.environmentInput)),
    ...lintRedis(settings, severalTasks),
    ...lintSecretKey(settings, severalTasks),
    ...lintVectorDb(environment),
    ...lintStorage(environment, container, input.fleet),
    ...lintWorkers(environment),
    ...lintHealthCheck(container),
    ...lintContainerPort(container),
    ...lintPersistentConfig(
      environment,
      environmentOf(findContainer(input.current, input.containerName)),
      input.current,
      input.targetVersion
    )
  ]
}

function lintPlainSecrets(environment: Map<string, string>, fromInput: Set<string>): Finding[] {
  const findings: Finding[] = []
  for (const [name, value] of environment) {
    if (name === MIGRATIONS_VARIABLE) continue
    const reason = sensitiveEnvironment(name, value)
    if (!reason) continue
    const where = fromInput.has(name) ? 'the environment input' : 'the task definition'
    findings.push({
      level: 'error',
      code: 'secret-in-environment',
      title: `${name} is plain environment`,
      message: `${name} is set in ${where} as plain text${reason === 'value' ? ' and its value looks like a credential' : ''}: it shows in the ECS console and in DescribeTaskDefinition output. The value is not repeated here.`,
      fix: `Store it in Secrets Manager, add ${name}=<secret name or ARN> to the secrets input and remove it from ${where}`
    })
  }
  return findings
}

function lintVectorDb(environment: Map<string, string>): Finding[] {
  const vectorDb = (environment.get('VECTOR_DB') ?? 'chroma').toLowerCase()
  if (vectorDb !== 'chroma' || environment.has('CHROMA_HTTP_HOST')) return []
  return [
    {
      level: 'warning',
      code: 'chroma-local',
      title: 'Local ChromaDB',
      message: `VECTOR_DB is ${environment.has('VECTOR_DB') ? 'chroma' : 'not set (chroma)'} without CHROMA_HTTP_HOST: a SQLite-backed store on each task's disk, which crashes with several processes and is lost on replacement.`,
      fix: 'Set VECTOR_DB=pgvector (uses DATABASE_URL) or another server, or CHROMA_HTTP_HOST for a Chroma server'
    }
  ]
}

function lintStorage(
  environment: Map<string, string>,
  container: ContainerJson | undefined,
  fleet: RegisterTaskDefinitionRequest
): Finding[] {
  const provider = (environment.get('STORAGE_PROVIDER') ?? 'local').toLowerCase()
  if (provider !== 'local' || hasEfsDataVolume(container, fleet)) return []
  return [
    {
      level: 'warning',
      code: 'local-storage',
      title: 'Uploads on container-local storage',
      message: `STORAGE_PROVIDER is local and no EFS volume is mounted on ${DATA_DIR}: uploaded files stay on one task and are lost when it is replaced.`,
      fix: `Set STORAGE_PROVIDER=s3 with S3_BUCKET_NAME (the task role grants access), or mount an EFS volume on ${DATA_DIR}`
    }
  ]
}

function hasEfsDataVolume(
  container: ContainerJson | undefined,
  fleet: RegisterTaskDefinitionRequest
): boolean {
  const efsVolumes = new Set(
    (fleet.volumes ?? []).filter(volume => volume.efsVolumeConfiguration).map(volume => volume.name)
  )
  const mountPoints = Array.isArray(container?.mountPoints)
    ? (container.mountPoints as Record<string, unknown>[])
    : []
  return mountPoints.some(
    mount =>
      String(mount?.containerPath ?? '').replace(/\/+$/, '') === DATA_DIR &&
      efsVolumes.has(String(mount?.sourceVolume))
  )
}

function lintWorkers(environment: Map<string, string>): Finding[] {
  const workers = Number(environment.get('UVICORN_WORKERS') ?? '1')
  if (!(workers > 1)) return []
  return [
    {
      level: 'warning',
      code: 'uvicorn-workers',
      title: 'Several Uvicorn workers per task',
      message: `UVICORN_WORKERS is ${workers}: scale with tasks instead, one worker each, so ECS health checks and the load balancer see every process.`,
      fix: 'Remove UVICORN_WORKERS (or set it to 1) and raise desired-count'
    }
  ]
}

function lintHealthCheck(container: ContainerJson | undefined): Finding[] {
  const state = healthCheckState(container)
  if (state === 'health') return []
  return [
    {
      level: 'warning',
      code: state === 'none' ? 'health-check-missing' : 'health-check-path',
      title: state === 'none' ? 'No container health check' : 'Health check does not call /health',
      message:
        state === 'none'
          ? 'ECS ignores the image’s own HEALTHCHECK: without one in the task definition a task counts as healthy 40 s after it starts, before Open WebUI answers.'
          : 'The container health check does not call /health, which Open WebUI answers once startup (and migrations) finished.',
      fix: `Add "healthCheck": {"command": ["CMD-SHELL", "curl -sf http://localhost:8080/health || exit 1"], "startPeriod": 120} (${SUGGESTED_HEALTH_CHECK})`
    }
  ]
}

function lintPersistentConfig(
  fleet: Map<string, string>,
  running: Map<string, string>,
  current: RegisterTaskDefinitionRequest | undefined,
  targetVersion: string | undefined
): Finding[] {
  if (!current || (fleet.get('ENABLE_PERSISTENT_CONFIG') ?? 'true').toLowerCase() === 'false') return []
  const oauthPersistent = (fleet.get('ENABLE_OAUTH_PERSISTENT_CONFIG') ?? 'false').toLowerCase() === 'true'
  const names = [...new Set([...fleet.keys(), ...running.keys()])]
    .filter(
      name =>
        isPersistentConfig(name, targetVersion, oauthPersistent) && fleet.get(name) !== running.get(name)
    )
    .sort()
  if (names.length === 0) return []
  return [
    {
      level: 'notice',
      code: 'persistent-config',
      title: 'Changed settings may have no effect',
      message: `This plan changes ${names.join(', ')}. With ENABLE_PERSISTENT_CONFIG on (the default), Open WebUI keeps these in its database after the first start, so the new environment value may have no effect.`,
      fix: 'Change them in Admin Settings instead, or set ENABLE_PERSISTENT_CONFIG=false to let the environment win'
    }
  ]
}
