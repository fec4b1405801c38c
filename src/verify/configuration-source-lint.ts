import type { Finding } from '../domain/finding.js'
import type { ContainerJson } from '../taskdef/container-definition.js'
import { startCommandAssigns } from './start-command.js'

const DATA_DIR = '/app/backend/data'

/**
 * The parts `env.py` builds DATABASE_URL from when all are set (`{type}://{user}[:{password}]@{host}:{port}/
 * {name}`). DATABASE_PASSWORD is optional: a role without one, or RDS IAM auth (DATABASE_ENABLE_IAM_TOKEN_AUTH,
 * v0.10.0), which supplies a token as the password.
 */
export const DATABASE_URL_PARTS = [
  'DATABASE_TYPE',
  'DATABASE_USER',
  'DATABASE_HOST',
  'DATABASE_PORT',
  'DATABASE_NAME'
] as const

/** What a check reads from the Open WebUI container: its plain environment, and whether a name is set at all. */
export interface ContainerSettings {
  container: ContainerJson | undefined
  environment: Map<string, string>
  /** Set in `environment` or `secrets`. */
  has: (name: string) => boolean
}

/**
 * Where the database comes from, as Open WebUI reads it: DATABASE_URL, else the DATABASE_* parts, else the
 * container's command assigning DATABASE_URL (a notice: the action cannot see that value), else SQLite in
 * the data directory.
 */
export function lintDatabase({ container, environment, has }: ContainerSettings): Finding[] {
  const url = environment.get('DATABASE_URL')
  const type = environment.get('DATABASE_TYPE')
  const fromParts = DATABASE_URL_PARTS.every(has)
  const sqlite =
    (!fromParts && url !== undefined && /^sqlite/i.test(url.trim())) ||
    (!has('DATABASE_URL') && type !== undefined && /^sqlite/i.test(type))
  if (sqlite) {
    return [
      {
        level: 'error',
        code: 'sqlite-database',
        title: 'SQLite database',
        message:
          'DATABASE_URL points at SQLite: each Fargate task gets its own database on its own disk, lost on replacement.',
        fix: 'Use PostgreSQL: put its URL in Secrets Manager and add DATABASE_URL=<secret> to the secrets input'
      }
    ]
  }
  if (has('DATABASE_URL') || fromParts) return []
  if (startCommandAssigns(container, 'DATABASE_URL')) {
    return [
      {
        level: 'notice',
        code: 'database-url-from-command',
        title: 'DATABASE_URL is assembled by the container command',
        message:
          'The task definition sets no DATABASE_URL and not all of DATABASE_TYPE, DATABASE_USER, DATABASE_HOST, DATABASE_PORT and DATABASE_NAME; the container’s command assigns DATABASE_URL before Open WebUI starts. Not verified: that it points at PostgreSQL rather than SQLite, and that every value it uses is set.',
        fix: 'Nothing, if the command builds a PostgreSQL URL; or set DATABASE_TYPE=postgresql with the other DATABASE_* parts (password optional) so Open WebUI builds it and the action can check it'
      }
    ]
  }
  const parts = DATABASE_URL_PARTS.filter(has)
  const missingParts = DATABASE_URL_PARTS.filter(name => !has(name))
  return [
    {
      level: 'error',
      code: 'database-url-missing',
      title: 'No DATABASE_URL',
      message: `Without DATABASE_URL Open WebUI uses SQLite under ${DATA_DIR}: every task gets its own, lost on replacement.${parts.length > 0 ? ` The DATABASE_* parts are incomplete: ${missingParts.join(', ')} ${missingParts.length === 1 ? 'is' : 'are'} not set.` : ''}`,
      fix: 'Add DATABASE_URL=<secret with the PostgreSQL URL> to the secrets input, or set all of DATABASE_TYPE, DATABASE_USER, DATABASE_HOST, DATABASE_PORT and DATABASE_NAME (DATABASE_PASSWORD optional)'
    }
  ]
}

/**
 * Redis and the Redis WebSocket manager matter when several tasks serve at once: a desired count or an Auto
 * Scaling maximum above one. A single task keeps its sessions and configuration to itself.
 */
export function lintRedis({ environment, has }: ContainerSettings, severalTasks: boolean): Finding[] {
  if (!severalTasks) return []
  const findings: Finding[] = []
  if (!has('REDIS_URL')) {
    findings.push({
      level: 'error',
      code: 'redis-missing',
      title: 'No REDIS_URL',
      message:
        'Several tasks can run, and without Redis they do not share WebSocket sessions or configuration: WebSocket failures, settings that do not sync, "Model Not Found".',
      fix: 'Add REDIS_URL=<secret with the Redis URL> to the secrets input'
    })
  }
  const manager = environment.get('WEBSOCKET_MANAGER')
  const websockets = (environment.get('ENABLE_WEBSOCKET_SUPPORT') ?? 'true').toLowerCase() !== 'false'
  if (websockets && manager !== 'redis') {
    findings.push({
      level: 'error',
      code: 'websocket-manager',
      title: 'WEBSOCKET_MANAGER is not redis',
      message: `Several tasks can run, and WEBSOCKET_MANAGER is ${manager === undefined ? 'not set' : `'${manager}'`}: only 'redis' shares WebSocket state between tasks; anything else is in-memory per task.`,
      fix: 'Add WEBSOCKET_MANAGER=redis to the environment input'
    })
  }
  return findings
}

/**
 * Without WEBUI_SECRET_KEY (or the older WEBUI_JWT_SECRET_KEY) the image's start.sh generates a random key in
 * the container, so each task signs sessions with its own key: with several tasks, login loops and 401s;
 * with one, every replacement logs everyone out.
 */
export function lintSecretKey({ container, has }: ContainerSettings, severalTasks: boolean): Finding[] {
  if (
    has('WEBUI_SECRET_KEY') ||
    has('WEBUI_JWT_SECRET_KEY') ||
    startCommandAssigns(container, 'WEBUI_SECRET_KEY')
  )
    return []
  const fix =
    'Put a long random key in Secrets Manager and add WEBUI_SECRET_KEY=<secret name or ARN> to the secrets input'
  return severalTasks
    ? [
        {
          level: 'error',
          code: 'webui-secret-key-missing',
          title: 'No WEBUI_SECRET_KEY with several tasks',
          message:
            'WEBUI_SECRET_KEY is not set, so the image’s start.sh generates a random key in each container: every task signs sessions with its own key, and users bounce between tasks into login loops and 401s.',
          fix
        }
      ]
    : [
        {
          level: 'warning',
          code: 'webui-secret-key-generated',
          title: 'No WEBUI_SECRET_KEY',
          message:
            'WEBUI_SECRET_KEY is not set, so the image’s start.sh generates a random key in the container: every replaced task (each deploy) logs everyone out, and scaling to a second task brings login loops.',
          fix
        }
      ]
}
