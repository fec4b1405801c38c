/**
 * Every finding the pre-flight verification can raise, with its level: the one list the code and the README's
 * "Open WebUI checks" table are made from. `Finding` (./finding.ts) is typed from it, so a finding whose
 * code is not listed here, or whose level differs from its entry, does not compile; `npm run docs` writes the
 * table from it, and a test fails when the README is stale. Adding a check is one entry here (and the code that
 * raises it). `check` and `fix` are the README's words (markdown); the finding itself carries the detailed fix.
 */
export const CHECK_REGISTRY = [
  {
    code: 'rendered-image-not-pinned',
    level: 'error',
    check: 'The rendered image is not a release pin `vX.Y.Z`',
    fix: 'set `version` to a release or `latest`'
  },
  {
    code: 'image-repository-mismatch',
    level: 'error',
    check:
      'The task definition’s Open WebUI container runs another repository (an ECR mirror, a fork, a custom build) than `image`, and `image` was not given',
    fix: '`image: <that repository>` to deploy releases from it, or `image:` upstream to move on purpose'
  },
  {
    code: 'image-replaced',
    level: 'notice',
    check: '`image` names another repository than the task definition runs: the plan says what replaces what',
    fix: 'nothing, if the replacement is meant'
  },
  {
    code: 'second-open-webui-container',
    level: 'error',
    check:
      'Another container of the task definition runs an Open WebUI image (its own version, migrations on by default)',
    fix: 'remove it, or run it as its own service'
  },
  {
    code: 'image-tag-moving',
    level: 'warning',
    check: 'Task-definition image tag that moves (`main`, `latest`, `dev`, `X.Y`)',
    fix: 'pin `vX.Y.Z`, or leave the image to the action (it renders the pin)'
  },
  {
    code: 'drain-exceeds-timeout',
    level: 'error',
    check:
      'A migrating upgrade whose drain (deregistration delay + `stopTimeout`) does not fit in `timeout-minutes`',
    fix: "raise `timeout-minutes`, or lower the target group's deregistration delay"
  },
  {
    code: 'database-url-missing',
    level: 'error',
    check:
      'No `DATABASE_URL`, nor all of `DATABASE_TYPE`, `DATABASE_USER`, `DATABASE_HOST`, `DATABASE_PORT`, `DATABASE_NAME` (password optional), nor a container command that assigns it',
    fix: 'PostgreSQL, from Secrets Manager (`secrets: DATABASE_URL=…`), or the `DATABASE_*` parts'
  },
  {
    code: 'database-url-from-command',
    level: 'notice',
    check: '`DATABASE_URL` assembled by the container’s `command`/`entryPoint`: its value cannot be verified',
    fix: 'nothing if it builds a PostgreSQL URL; or the `DATABASE_*` parts, which the action can check'
  },
  {
    code: 'webui-secret-key-missing',
    level: 'error',
    check:
      'No `WEBUI_SECRET_KEY` while more than one task can run (desired count or Auto Scaling maximum): each task generates its own key',
    fix: '`secrets: WEBUI_SECRET_KEY=…`, the same key for every task'
  },
  {
    code: 'webui-secret-key-generated',
    level: 'warning',
    check: 'No `WEBUI_SECRET_KEY` with one task: every replacement logs everyone out',
    fix: '`secrets: WEBUI_SECRET_KEY=…`'
  },
  {
    code: 'sqlite-database',
    level: 'error',
    check: 'A SQLite `DATABASE_URL`',
    fix: 'PostgreSQL: several tasks cannot share SQLite'
  },
  {
    code: 'secret-in-environment',
    level: 'error',
    check:
      '`WEBUI_SECRET_KEY` or anything that looks like a password, token or key in plain `environment` (a URL only when it carries a credential: userinfo or a token in its query)',
    fix: 'move it to `secrets` (the value is never echoed)'
  },
  {
    code: 'redis-missing',
    level: 'error',
    check: 'No `REDIS_URL` while more than one task can run (desired count or Auto Scaling maximum)',
    fix: 'Redis for sessions, config sync and WebSockets across tasks'
  },
  {
    code: 'websocket-manager',
    level: 'error',
    check: '`WEBSOCKET_MANAGER` not `redis` while more than one task can run',
    fix: '`WEBSOCKET_MANAGER=redis`'
  },
  {
    code: 'secret-not-found',
    level: 'error',
    check: 'Referenced secret missing',
    fix: 'create it, or correct the `secrets` line'
  },
  {
    code: 'secret-version-not-found',
    level: 'error',
    check: 'Referenced secret has no such version stage or version id (`…::AWSPREVIOUS:`)',
    fix: 'name a stage or id the secret has, or drop the version part (AWSCURRENT)'
  },
  {
    code: 'secret-scheduled-for-deletion',
    level: 'error',
    check: 'Referenced secret scheduled for deletion',
    fix: 'restore it (`aws secretsmanager restore-secret`)'
  },
  {
    code: 'secret-not-described',
    level: 'error',
    check: 'Referenced secret cannot be described',
    fix: 'allow `secretsmanager:DescribeSecret` for the action’s role'
  },
  {
    code: 'db-snapshot-target-not-found',
    level: 'error',
    check: '`db-identifier` names no RDS DB instance (or Aurora DB cluster) in the Region',
    fix: 'the identifier of the database `DATABASE_URL` points at, and the matching `db-snapshot` kind'
  },
  {
    code: 'db-snapshot-target-not-described',
    level: 'error',
    check: 'The database to snapshot cannot be described',
    fix: 'allow `rds:DescribeDBInstances` (or `rds:DescribeDBClusters`) for the action’s role'
  },
  {
    code: 'db-snapshot-target-not-available',
    level: 'error',
    check:
      'A migrating upgrade, and the database to snapshot is not `available` (RDS snapshots only an available database)',
    fix: 'wait until its maintenance or modification ends, then re-run'
  },
  {
    code: 'fargate-size',
    level: 'error',
    check: 'Invalid Fargate cpu/memory pair',
    fix: 'a valid pair'
  },
  {
    code: 'cluster-not-found',
    level: 'error',
    check: 'Cluster not found',
    fix: 'check `cluster` and `AWS_REGION`'
  },
  {
    code: 'cluster-not-active',
    level: 'error',
    check: 'Cluster not ACTIVE',
    fix: 'deploy to an ACTIVE cluster'
  },
  {
    code: 'service-not-found',
    level: 'error',
    check: 'Service not found',
    fix: 'check `service`: the action updates a service, it does not create one'
  },
  {
    code: 'service-not-active',
    level: 'error',
    check: 'Service not ACTIVE',
    fix: 'deploy to an ACTIVE service'
  },
  {
    code: 'service-deployment-not-rolling',
    level: 'error',
    check:
      'Service on the `CODE_DEPLOY` or `EXTERNAL` deployment controller, or a strategy other than rolling (blue/green, linear, canary)',
    fix: 'a service with the ECS controller and the `ROLLING` strategy'
  },
  {
    code: 'load-balancer-port',
    level: 'error',
    check:
      'The service’s load balancer `containerPort` (or a numeric target-group health-check port) is not the port Open WebUI listens on (`PORT`, default 8080), or is not mapped',
    fix: '`PORT=<that port>`, or map 8080 and point the load balancer at it'
  },
  {
    code: 'chroma-local',
    level: 'warning',
    check: '`VECTOR_DB` default/local Chroma',
    fix: 'pgvector, Qdrant, … or Chroma in HTTP mode (`CHROMA_HTTP_HOST`)'
  },
  {
    code: 'local-storage',
    level: 'warning',
    check: '`STORAGE_PROVIDER` local without EFS on `/app/backend/data`',
    fix: '`STORAGE_PROVIDER=s3` with `S3_BUCKET_NAME`'
  },
  {
    code: 'uvicorn-workers',
    level: 'warning',
    check: '`UVICORN_WORKERS` > 1',
    fix: 'scale by tasks, one worker each'
  },
  {
    code: 'container-port',
    level: 'warning',
    check:
      'Container maps a `containerPort` other than the one Open WebUI listens on (80 or 3000 with no `PORT`)',
    fix: '`PORT=<mapped port>` in `environment`, or map `containerPort` 8080'
  },
  {
    code: 'health-check-missing',
    level: 'warning',
    check: 'No container health check',
    fix: '`CMD-SHELL curl -sf http://localhost:8080/health || exit 1`'
  },
  {
    code: 'health-check-path',
    level: 'warning',
    check: 'Container health check not on `/health`',
    fix: 'check `/health`'
  },
  {
    code: 'target-group-health-check',
    level: 'warning',
    check: 'Target group health check not `/health`',
    fix: '`/health`'
  },
  {
    code: 'target-group-stickiness',
    level: 'warning',
    check: 'Target group stickiness off',
    fix: 'enable stickiness (WebSockets)'
  },
  {
    code: 'desired-count-outside-scaling-range',
    level: 'warning',
    check: 'Desired count outside the Auto Scaling minimum..maximum',
    fix: 'a `desired-count` within the range, or another range'
  },
  {
    code: 'downgrade-across-migrations',
    level: 'error',
    check:
      'Target version older than the running one, and the running one has database revisions the target does not know (or that cannot be told)',
    fix: 'restore the snapshot taken before that upgrade (the refusal names it), then `allow-downgrade: after-restore` (docs/rollback.md)'
  },
  {
    code: 'downgrade-after-restore',
    level: 'warning',
    check: 'A downgrade across migrations allowed by `allow-downgrade: after-restore`',
    fix: 'only after the database was restored from before the upgrade being undone'
  },
  {
    code: 'downgrade',
    level: 'warning',
    check: 'Target version older than the running one, with the same database revisions (a rolling update)',
    fix: 'nothing, if the downgrade is meant'
  },
  {
    code: 'persistent-config',
    level: 'notice',
    check:
      'A changed setting that the release being deployed keeps in the database (`ENABLE_PERSISTENT_CONFIG`; from v0.9.6 `DEFAULT_CONFIG`, `oauth.*` only with `ENABLE_OAUTH_PERSISTENT_CONFIG`)',
    fix: 'change it in the admin UI too'
  }
] as const satisfies readonly CheckEntry[]

export interface CheckEntry {
  /** The finding's stable identifier. */
  code: string
  level: 'error' | 'warning' | 'notice'
  /** When it is raised, as the README says it. */
  check: string
  /** The fix, in a few words, as the README says it. */
  fix: string
}

export type FindingCode = (typeof CHECK_REGISTRY)[number]['code']

/** The level registered for a code: a finding with this code must have this level. */
export type LevelOf<Code extends FindingCode> = Extract<
  (typeof CHECK_REGISTRY)[number],
  { code: Code }
>['level']

/** Codes registered at a level. */
export type CodeAt<Level extends CheckEntry['level']> = Extract<
  (typeof CHECK_REGISTRY)[number],
  { level: Level }
>['code']
