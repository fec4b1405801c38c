import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { CLUSTER, SECRETS_INPUT, SERVICE, openWebuiTaskDefinition } from '../fixtures/open-webui.js'

/**
 * The bad-input corpus, one table for two tests: `__tests__/unit/settings/bad-input-corpus.test.ts` runs each
 * case through parseSettings and checks what the message says; `__tests__/e2e/bad-input.test.ts` spawns the
 * bundle for each and checks the contract: exit 1, one `::error` naming the input, no write, no value echoed.
 */
export const TD_PATH = 'deploy/task-definition.json'
const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:open-webui/database-url-AbCdEf'
const ECS = 'arn:aws:ecs:us-east-1:123456789012'
export const GOOD_TASK_DEFINITION = JSON.stringify(
  openWebuiTaskDefinition({ image: 'ghcr.io/open-webui/open-webui:v0.6.5' }),
  null,
  2
)

export interface BadInput {
  /** What is wrong, for the test name. */
  case: string
  /** The input the error must name (the annotation's title). */
  input: string
  inputs?: Record<string, string>
  files?: Record<string, string>
  event?: { name: string; payload: Record<string, unknown> }
  env?: Record<string, string>
  /** Text the error message must contain besides the input's name. */
  expect?: RegExp
  /** A value that must appear nowhere in what the action prints, writes or sends. */
  secret?: string
  /**
   * `run`: refused by the mode after parsing (an event, a release that does not exist, the service's own task
   * definition); every other case is refused by parseSettings, before any port exists.
   */
  stage?: 'run'
}

/** The inputs every case starts from: a good deploy. */
export const BASE_INPUTS: Record<string, string> = {
  mode: 'deploy',
  cluster: CLUSTER,
  service: SERVICE,
  'task-definition': TD_PATH,
  version: 'latest',
  secrets: SECRETS_INPUT
}

function withContainer(container: Record<string, unknown>): string {
  return JSON.stringify({
    family: 'open-webui',
    containerDefinitions: [{ name: 'open-webui', image: 'x:v0.6.5', ...container }]
  })
}

function withContainers(count: number): string {
  return JSON.stringify({
    family: 'open-webui',
    containerDefinitions: Array.from({ length: count }, (_, index) => ({
      name: index === 0 ? 'open-webui' : `sidecar-${index}`,
      image: 'x:v0.6.5'
    }))
  })
}

const goodBody = GOOD_TASK_DEFINITION.trim().slice(1, -1)

export const CORPUS: BadInput[] = [
  // mode
  {
    case: 'an unknown mode',
    input: 'mode',
    inputs: { mode: 'destroy' },
    expect: /expected one of deploy, plan, bump, resolve/
  },
  { case: 'a mode in capitals', input: 'mode', inputs: { mode: 'Deploy' } },
  {
    case: 'deploy on a pull_request event',
    stage: 'run',
    input: 'mode',
    event: { name: 'pull_request', payload: {} },
    expect: /mode: plan/
  },
  {
    case: 'deploy on pull_request_target',
    stage: 'run',
    input: 'mode',
    event: { name: 'pull_request_target', payload: { number: 1 } }
  },
  // version
  {
    case: 'version banana',
    input: 'version',
    inputs: { version: 'banana' },
    expect: /latest, previous, vX\.Y\.Z or X\.Y\.Z/
  },
  { case: 'a version with a variant suffix', input: 'version', inputs: { version: 'v0.6.5-cuda' } },
  { case: 'a version with a prerelease suffix', input: 'version', inputs: { version: 'v1.0.0-alpha.101' } },
  { case: 'a moving X.Y version', input: 'version', inputs: { version: '0.6' } },
  { case: 'a version with spaces inside', input: 'version', inputs: { version: 'v0. 6.5' } },
  {
    case: 'a version that was never released',
    stage: 'run',
    input: 'version',
    inputs: { version: 'v0.6.99' },
    expect: /no such release/
  },
  { case: 'a draft release', stage: 'run', input: 'version', inputs: { version: 'v0.6.8' }, expect: /draft/ },
  // secrets
  {
    case: 'a secrets line without =',
    input: 'secrets',
    inputs: { secrets: 'DATABASE_URL' },
    expect: /no '='/
  },
  {
    case: 'a CRLF secrets block with a broken second line',
    input: 'secrets',
    inputs: { secrets: 'DATABASE_URL=open-webui/db\r\nREDIS_URL\r\n' },
    expect: /line 2/
  },
  {
    case: 'a quoted secret',
    input: 'secrets',
    inputs: { secrets: 'DATABASE_URL="open-webui/database-url"' }
  },
  {
    case: 'a secret with a space inside',
    input: 'secrets',
    inputs: { secrets: 'DATABASE_URL=open webui/db' }
  },
  {
    case: 'an ARN that is not an ARN',
    input: 'secrets',
    inputs: { secrets: 'DATABASE_URL=arn:aws:secretsmanager:us-east-1:secret' },
    expect: /not a Secrets Manager ARN/
  },
  {
    case: 'an ARN of another service',
    input: 'secrets',
    inputs: { secrets: 'DATABASE_URL=arn:aws:ssm:us-east-1:123456789012:parameter/db' }
  },
  {
    case: 'an ARN of another Region',
    input: 'secrets',
    inputs: { secrets: `DATABASE_URL=${ARN.replace('us-east-1', 'eu-west-1')}` },
    expect: /eu-west-1/
  },
  {
    case: 'an ARN with too many suffix parts',
    input: 'secrets',
    inputs: { secrets: `DATABASE_URL=${ARN}:url:AWSCURRENT:v1:extra` }
  },
  {
    case: 'a secret given twice',
    input: 'secrets',
    inputs: { secrets: 'DATABASE_URL=a\nDATABASE_URL=b' },
    expect: /given twice/
  },
  { case: 'a secret without a value', input: 'secrets', inputs: { secrets: 'DATABASE_URL=' } },
  {
    case: 'a variable name with a dash',
    input: 'secrets',
    inputs: { secrets: 'DATABASE-URL=open-webui/db' }
  },
  {
    case: 'ENABLE_DB_MIGRATIONS as a secret',
    input: 'secrets',
    inputs: { secrets: 'ENABLE_DB_MIGRATIONS=x' }
  },
  // environment
  {
    case: 'an environment name given twice',
    input: 'environment',
    inputs: { environment: 'A=1\nA=2' },
    expect: /given twice/
  },
  { case: 'an environment line without =', input: 'environment', inputs: { environment: 'JUST_A_NAME' } },
  {
    case: 'ENABLE_DB_MIGRATIONS in environment',
    input: 'environment',
    inputs: { environment: 'ENABLE_DB_MIGRATIONS=true' },
    expect: /set by the action/
  },
  {
    case: 'a variable in both secrets and environment',
    input: 'environment',
    inputs: { environment: 'REDIS_URL=redis://x' }
  },
  // counts and durations
  { case: 'desired-count -2', input: 'desired-count', inputs: { 'desired-count': '-2' } },
  { case: 'desired-count 1.5', input: 'desired-count', inputs: { 'desired-count': '1.5' } },
  { case: 'desired-count 0', input: 'desired-count', inputs: { 'desired-count': '0' } },
  {
    case: 'a huge desired-count',
    input: 'desired-count',
    inputs: { 'desired-count': '1000000000000000000000' }
  },
  { case: 'desired-count in words', input: 'desired-count', inputs: { 'desired-count': 'two' } },
  { case: 'timeout-minutes 0', input: 'timeout-minutes', inputs: { 'timeout-minutes': '0' } },
  { case: 'a timeout of days', input: 'timeout-minutes', inputs: { 'timeout-minutes': '100000' } },
  {
    case: 'a negative min-release-age-days',
    input: 'min-release-age-days',
    inputs: { 'min-release-age-days': '-1' }
  },
  // the service
  {
    case: 'no cluster in deploy',
    input: 'cluster',
    inputs: { cluster: '' },
    expect: /required in deploy mode/
  },
  {
    case: 'no service in deploy',
    input: 'service',
    inputs: { service: '' },
    expect: /required in deploy mode/
  },
  { case: 'a cluster name with shell characters', input: 'cluster', inputs: { cluster: 'prod;rm -rf /' } },
  {
    case: 'a service ARN of another service',
    input: 'service',
    inputs: { service: 'arn:aws:lambda:us-east-1:123456789012:function:x' }
  },
  // the task-definition file
  {
    case: 'a task-definition path outside the workspace',
    input: 'task-definition',
    inputs: { 'task-definition': '../../etc/passwd' },
    expect: /outside the workspace/
  },
  {
    case: 'an absolute task-definition path',
    input: 'task-definition',
    inputs: { 'task-definition': '/etc/passwd' },
    expect: /absolute path/
  },
  {
    case: 'a task-definition file that does not exist',
    input: 'task-definition',
    inputs: { 'task-definition': 'deploy/nope.json' }
  },
  {
    case: 'a task-definition that is not valid JSON',
    input: 'task-definition',
    files: { [TD_PATH]: '{"family": "open-webui",' },
    expect: /not valid JSON/
  },
  {
    case: 'a task definition that is a JSON array',
    input: 'task-definition',
    files: { [TD_PATH]: '[{"family": "x"}]' }
  },
  {
    case: 'a task definition that is a JSON string',
    input: 'task-definition',
    files: { [TD_PATH]: '"open-webui"' }
  },
  {
    case: 'containerDefinitions of the wrong type',
    input: 'task-definition',
    files: { [TD_PATH]: '{"family": "x", "containerDefinitions": {"name": "open-webui"}}' }
  },
  {
    case: 'a task definition without family',
    input: 'task-definition',
    files: { [TD_PATH]: '{"containerDefinitions": [{"name": "open-webui"}]}' }
  },
  {
    case: 'environment of the wrong shape',
    input: 'task-definition',
    files: { [TD_PATH]: withContainer({ environment: { A: '1' } }) }
  },
  {
    case: 'a secret entry of the wrong shape',
    input: 'task-definition',
    files: { [TD_PATH]: withContainer({ secrets: [{ name: 'A' }] }) }
  },
  {
    case: 'a huge task-definition file',
    input: 'task-definition',
    files: { [TD_PATH]: `{"family": "x", "pad": "${'x'.repeat(1100 * 1024)}"}` },
    expect: /at most 1 MiB/
  },
  {
    case: 'a container-name the file lacks',
    input: 'container-name',
    inputs: { 'container-name': 'webui' },
    expect: /has no container 'webui' \(it has: open-webui\)/
  },
  {
    case: "a container-name the service's task definition lacks",
    stage: 'run',
    input: 'container-name',
    inputs: { 'container-name': 'webui', 'task-definition': '' }
  },
  {
    case: 'a container-name with a slash',
    input: 'container-name',
    inputs: { 'container-name': 'open/webui' }
  },
  // everything else
  {
    case: 'an image with a tag',
    input: 'image',
    inputs: { image: 'ghcr.io/open-webui/open-webui:main' },
    expect: /has a tag/
  },
  { case: 'an image with upper case', input: 'image', inputs: { image: 'ghcr.io/Open-WebUI/open-webui' } },
  { case: 'an unknown variant', input: 'variant', inputs: { variant: 'rocm' } },
  { case: 'an unknown migration policy', input: 'migration', inputs: { migration: 'sometimes' } },
  { case: 'an unknown rollback policy', input: 'rollback', inputs: { rollback: 'yes' } },
  { case: 'dry-run yes', input: 'dry-run', inputs: { 'dry-run': 'yes' } },
  { case: 'pin-digest maybe', input: 'pin-digest', inputs: { 'pin-digest': 'maybe' } },
  // the database snapshot
  {
    case: 'an unknown db-snapshot kind',
    input: 'db-snapshot',
    inputs: { 'db-snapshot': 'aurora', 'db-identifier': 'open-webui-db' },
    expect: /expected one of none, instance, cluster/
  },
  {
    case: 'db-snapshot without db-identifier',
    input: 'db-identifier',
    inputs: { 'db-snapshot': 'instance' },
    expect: /is required when db-snapshot is instance: expected the RDS DB instance identifier/
  },
  {
    case: 'db-identifier without db-snapshot',
    input: 'db-identifier',
    inputs: { 'db-identifier': 'open-webui-db' },
    expect: /is set but db-snapshot is none/
  },
  {
    case: 'a db-identifier that is an ARN',
    input: 'db-identifier',
    inputs: { 'db-snapshot': 'cluster', 'db-identifier': 'arn:aws:rds:us-east-1:123456789012:cluster:owui' },
    expect: /is not an RDS DB cluster identifier/
  },
  {
    case: 'a db-identifier with two hyphens in a row',
    input: 'db-identifier',
    inputs: { 'db-snapshot': 'instance', 'db-identifier': 'open--webui' },
    expect: /no two hyphens in a row/
  },
  {
    case: 'a db-identifier that ends with a hyphen',
    input: 'db-identifier',
    inputs: { 'db-snapshot': 'instance', 'db-identifier': 'open-webui-' }
  },
  {
    case: 'a db-identifier that starts with a digit',
    input: 'db-identifier',
    inputs: { 'db-snapshot': 'instance', 'db-identifier': '1-open-webui' }
  },
  { case: 'a javascript: health-url', input: 'health-url', inputs: { 'health-url': 'javascript:alert(1)' } },
  {
    case: 'a health-url with credentials',
    input: 'health-url',
    inputs: { 'health-url': 'https://admin:hunter2@chat.example.com' }
  },
  {
    case: 'a release-repository without owner',
    input: 'release-repository',
    inputs: { 'release-repository': 'open-webui' }
  },
  {
    case: 'a version-file outside the workspace',
    input: 'version-file',
    inputs: { 'version-file': '../VERSION' }
  },
  {
    case: 'a version-file without a version',
    input: 'version-file',
    inputs: { 'version-file': 'VERSION' },
    files: { VERSION: 'latest\n' }
  },
  // cluster and service ARNs that disagree with the credentials, their partition or each other
  {
    case: 'a cluster ARN in another Region',
    input: 'cluster',
    inputs: { cluster: 'arn:aws:ecs:eu-west-1:123456789012:cluster/prod' },
    expect: /is in eu-west-1, but the AWS credentials are for us-east-1/
  },
  {
    case: 'a service ARN in another Region',
    input: 'service',
    inputs: { service: 'arn:aws:ecs:us-west-2:123456789012:service/prod/open-webui' },
    expect: /us-west-2/
  },
  {
    case: 'a cluster ARN of the China partition in us-east-1',
    input: 'cluster',
    inputs: { cluster: 'arn:aws-cn:ecs:us-east-1:123456789012:cluster/prod' },
    expect: /partition is aws-cn, but us-east-1 is in aws/
  },
  {
    case: 'a service ARN of the GovCloud partition in us-east-1',
    input: 'service',
    inputs: { service: 'arn:aws-us-gov:ecs:us-east-1:123456789012:service/prod/open-webui' },
    expect: /partition/
  },
  {
    case: 'cluster and service ARNs of two accounts',
    input: 'service',
    inputs: {
      cluster: `${ECS}:cluster/prod`,
      service: 'arn:aws:ecs:us-east-1:210987654321:service/prod/open-webui'
    },
    expect: /account is 210987654321, but the cluster ARN's is 123456789012/
  },
  {
    case: 'a service ARN in another cluster than the cluster input',
    input: 'service',
    inputs: { service: `${ECS}:service/staging/open-webui` },
    expect: /in cluster staging, but cluster is prod/
  },
  {
    case: 'a service ARN in another cluster than the cluster ARN',
    input: 'service',
    inputs: { cluster: `${ECS}:cluster/prod`, service: `${ECS}:service/default/open-webui` },
    expect: /cluster default/
  },
  {
    case: 'both ARNs in another Region than the credentials',
    input: 'cluster',
    inputs: {
      cluster: 'arn:aws:ecs:eu-central-1:123456789012:cluster/prod',
      service: 'arn:aws:ecs:eu-central-1:123456789012:service/prod/open-webui'
    },
    expect: /eu-central-1/
  },
  {
    case: 'a cluster ARN in another Region than AWS_DEFAULT_REGION',
    input: 'cluster',
    inputs: { cluster: `${ECS}:cluster/prod` },
    env: { AWS_REGION: '', AWS_DEFAULT_REGION: 'ap-southeast-2' },
    expect: /ap-southeast-2/
  },
  // task-definition files that JSON.parse would read differently than a person does
  {
    case: 'a task definition with family given twice',
    input: 'task-definition',
    files: { [TD_PATH]: `{${goodBody}, "family": "other-family"}` },
    expect: /gives the key "family" twice/
  },
  {
    case: 'a container with its name given twice',
    input: 'task-definition',
    files: {
      [TD_PATH]: withContainer({ image: 'x:v0.6.5' }).replace(
        '"name":"open-webui"',
        '"name":"open-webui","name":"tika"'
      )
    },
    expect: /"name" twice in containerDefinitions\[0\]/
  },
  {
    case: 'an environment entry with its value given twice',
    input: 'task-definition',
    files: {
      [TD_PATH]: withContainer({ environment: [{ name: 'A', value: '1' }] }).replace(
        '"value":"1"',
        '"value":"1","value":"2"'
      )
    },
    expect: /"value" twice in containerDefinitions\[0\]\.environment\[0\]/
  },
  {
    case: 'a duplicate key spelled with an escape',
    input: 'task-definition',
    files: { [TD_PATH]: `{${goodBody}, "f\\u0061mily": "other"}` },
    expect: /"family" twice/
  },
  {
    case: 'describe-task-definition output with a duplicate taskDefinition',
    input: 'task-definition',
    files: { [TD_PATH]: `{"taskDefinition": ${GOOD_TASK_DEFINITION}, "taskDefinition": {"family": "x"}}` },
    expect: /"taskDefinition" twice/
  },
  {
    case: 'eleven containers',
    input: 'task-definition',
    files: { [TD_PATH]: withContainers(11) },
    expect: /has 11 containerDefinitions: ECS allows at most 10/
  },
  {
    case: 'fifty containers',
    input: 'task-definition',
    files: { [TD_PATH]: withContainers(50) },
    expect: /at most 10/
  },
  {
    case: 'a BOM before a broken file (the BOM is read, the JSON is not)',
    input: 'task-definition',
    files: { [TD_PATH]: `\ufeff{"family": ` },
    expect: /not valid JSON/
  },
  // versions that are not canonical
  {
    case: 'version v00.6.6',
    input: 'version',
    inputs: { version: 'v00.6.6' },
    expect: /not a release version/
  },
  { case: 'version 0.06.5', input: 'version', inputs: { version: '0.06.5' } },
  { case: 'version v0.6.05', input: 'version', inputs: { version: 'v0.6.05' } },
  { case: 'version V0.6.5', input: 'version', inputs: { version: 'V0.6.5' } },
  {
    case: 'a version-file with v00.6.6',
    input: 'version-file',
    inputs: { 'version-file': 'VERSION' },
    files: { VERSION: 'v00.6.6\n' },
    expect: /holds no version/
  },
  {
    case: 'a version-file with two versions',
    input: 'version-file',
    inputs: { 'version-file': 'VERSION' },
    files: { VERSION: 'v0.6.5\nv0.6.6\n' }
  },
  // a credential where the name or ARN of a secret belongs: refused, never repeated
  ...[
    ['a generated key', 'WEBUI_SECRET_KEY', 'canarySECRETk3y9Xq7Lm2Pz'],
    ['the secret key itself', 'WEBUI_SECRET_KEY', 'CANARY-webui-secret-key-5d41402a'],
    ['an OpenAI key', 'OPENAI_API_KEY', 'sk-canaryOpenAi0123456789abcdef'],
    ['an AWS access key id', 'AWS_KEY', 'AKIACANARY0123456789'],
    ['a GitHub token', 'GH_TOKEN', 'ghp_canary0123456789abcdefghijklmnop'],
    ['a database URL with its password', 'PGVECTOR_DB_URL', 'postgresql://owui:canaryPw0rd@db:5432/webui'],
    ['a JWT', 'API_JWT', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjYW5hcnkifQ.c2lnbmF0dXJl'],
    ['a hex key', 'WEBUI_SECRET_KEY', 'deadbeefcafe0123456789abcdef0000'],
    ['a base64 key', 'WEBUI_SECRET_KEY', 'Y2FuYXJ5IHNlY3JldCB2YWx1ZSB0aGF0IGlzIGxvbmcgZW5vdWdo']
  ].map(([what, name, value]) => ({
    case: `${what} as the value of a secrets line`,
    input: 'secrets',
    inputs: { secrets: `DATABASE_URL=open-webui/database-url\n${name}=${value}` },
    expect: /looks like a credential|neither a Secrets Manager ARN nor a secret name/,
    secret: value
  })),
  {
    case: 'a value with spaces in a secrets line, not echoed',
    input: 'secrets',
    inputs: { secrets: 'WEBUI_SECRET_KEY=my canary pass phrase' },
    secret: 'my canary pass phrase'
  },
  {
    case: 'a broken ARN holding a credential, not echoed',
    input: 'secrets',
    inputs: { secrets: 'WEBUI_SECRET_KEY=arn:aws:secretsmanager:us-east-1:canaryHunter2' },
    secret: 'canaryHunter2'
  },
  // more of what the action cannot use
  { case: 'desired-count with a unit', input: 'desired-count', inputs: { 'desired-count': '3 tasks' } },
  { case: 'a timeout with a unit', input: 'timeout-minutes', inputs: { 'timeout-minutes': '30m' } },
  { case: 'comment maybe', input: 'comment', inputs: { comment: 'maybe' } },
  {
    case: 'a health-url without a scheme',
    input: 'health-url',
    inputs: { 'health-url': 'chat.example.com/health' }
  },
  { case: 'a file: health-url', input: 'health-url', inputs: { 'health-url': 'file:///etc/passwd' } },
  {
    case: 'an image with a digest',
    input: 'image',
    inputs: { image: `ghcr.io/open-webui/open-webui@sha256:${'a'.repeat(64)}` }
  },
  { case: 'an image with white space', input: 'image', inputs: { image: 'ghcr.io/open webui/open-webui' } },
  {
    case: 'a release-repository with three parts',
    input: 'release-repository',
    inputs: { 'release-repository': 'a/b/c' }
  },
  { case: 'a cluster name longer than 255', input: 'cluster', inputs: { cluster: 'c'.repeat(256) } },
  { case: 'a service name with a slash', input: 'service', inputs: { service: 'prod/open-webui' } },
  {
    case: 'a task-definition that is a folder',
    input: 'task-definition',
    inputs: { 'task-definition': 'deploy' }
  },
  {
    case: 'a container without a name',
    input: 'task-definition',
    files: { [TD_PATH]: '{"family": "x", "containerDefinitions": [{"image": "x"}]}' }
  },
  {
    case: 'an image that is not a string',
    input: 'task-definition',
    files: { [TD_PATH]: withContainer({ image: 7 }) }
  },
  {
    case: 'an empty containerDefinitions list',
    input: 'task-definition',
    files: { [TD_PATH]: '{"family": "x", "containerDefinitions": []}' }
  },
  {
    case: 'a family of spaces',
    input: 'task-definition',
    files: { [TD_PATH]: '{"family": "  ", "containerDefinitions": [{"name": "open-webui"}]}' }
  },
  { case: 'an environment name with a dot', input: 'environment', inputs: { environment: 'WEBUI.NAME=x' } },
  {
    case: 'a secret name too long',
    input: 'secrets',
    inputs: { secrets: `DATABASE_URL=${'s'.repeat(513)}` }
  },
  {
    case: 'a secret json-key with a quote',
    input: 'secrets',
    inputs: { secrets: 'DATABASE_URL=open-webui/db:"url"' }
  },
  // gaps found on real setups: ECS's own task-definition rules, met before any write
  {
    case: 'a registry host with a Cyrillic letter (a homograph of ghcr.io)',
    input: 'image',
    inputs: { image: 'gh\u0441r.io/open-webui/open-webui' },
    expect: /not ASCII \(xn--ghr-/,
    secret: 'gh\u0441r.io'
  },
  {
    case: 'a task-definition image on a homograph registry host',
    input: 'task-definition',
    files: { [TD_PATH]: withContainer({ image: 'gh\u0441r.io/open-webui/open-webui:v0.6.5' }) },
    expect: /containerDefinitions\[0\]\.image has a registry host that is not ASCII \(xn--/,
    secret: 'gh\u0441r.io'
  },
  {
    case: 'a family ECS refuses',
    input: 'task-definition',
    files: { [TD_PATH]: GOOD_TASK_DEFINITION.replace('"family": "open-webui"', '"family": "open webui!"') },
    expect: /family must be 1 to 255 letters, digits, - and _/
  },
  {
    case: 'essential as the string "false"',
    input: 'task-definition',
    files: { [TD_PATH]: GOOD_TASK_DEFINITION.replace('"essential": true', '"essential": "false"') },
    expect: /containerDefinitions\[0\]\.essential is "string"/
  },
  {
    case: 'bridge networking on Fargate',
    input: 'task-definition',
    files: { [TD_PATH]: GOOD_TASK_DEFINITION.replace('"networkMode": "awsvpc"', '"networkMode": "bridge"') },
    expect: /networkMode is bridge, but requiresCompatibilities has FARGATE/
  },
  {
    case: 'a health check startPeriod of 301',
    input: 'task-definition',
    files: { [TD_PATH]: GOOD_TASK_DEFINITION.replace('"startPeriod": 120', '"startPeriod": 301') },
    expect: /healthCheck\.startPeriod is 301: ECS takes a whole number from 0 to 300/
  },
  {
    case: 'a health check interval of 2',
    input: 'task-definition',
    files: { [TD_PATH]: GOOD_TASK_DEFINITION.replace('"interval": 10', '"interval": 2') },
    expect: /healthCheck\.interval/
  },
  {
    case: 'a task definition over 64 KiB',
    input: 'task-definition',
    files: {
      [TD_PATH]: withContainer({
        environment: Array.from({ length: 700 }, (_, index) => ({
          name: `LABEL_${index}`,
          value: 'x'.repeat(90)
        }))
      })
    },
    expect: /bytes as JSON: ECS allows at most 65536 \(64 KiB\)/
  },
  {
    case: 'a 400,000-deep JSON value',
    input: 'task-definition',
    files: {
      [TD_PATH]: `{"family": "x", "containerDefinitions": ${'['.repeat(400_000)}${']'.repeat(400_000)}}`
    },
    expect: /nests objects or lists more than 64 deep/
  },
  { case: 'timeout-minutes 0.0001', input: 'timeout-minutes', inputs: { 'timeout-minutes': '0.0001' } },
  {
    case: 'timeout-minutes 0.5',
    input: 'timeout-minutes',
    inputs: { 'timeout-minutes': '0.5' },
    expect: /at least 1/
  },
  {
    case: 'PORT=http in the environment input',
    input: 'environment',
    inputs: { environment: 'PORT=http' },
    expect: /PORT is not a port number/
  },
  {
    case: 'PORT=65536 in the environment input',
    input: 'environment',
    inputs: { environment: 'PORT=65536' },
    expect: /PORT is 65536: expected a port number from 1 to 65535/
  },
  {
    case: 'PORT=0 in the task definition',
    input: 'task-definition',
    files: { [TD_PATH]: withContainer({ environment: [{ name: 'PORT', value: '0' }] }) },
    expect: /environment PORT is 0/
  },
  {
    case: 'a version-file with a commented version above the pin',
    input: 'version-file',
    inputs: { 'version-file': 'VERSION' },
    files: { VERSION: '# v0.6.6\nv0.6.5\n' },
    expect: /holds 2 version lines/
  }
]

/** A workspace whose task-definition file is a symlink to a file outside it (made before the table is read). */
const linkRoot = mkdtempSync(path.join(tmpdir(), 'bad-input-'))
const linkWorkspace = path.join(linkRoot, 'workspace')
mkdirSync(path.join(linkWorkspace, 'deploy'), { recursive: true })
writeFileSync(path.join(linkRoot, 'outside.json'), GOOD_TASK_DEFINITION)
symlinkSync(path.join(linkRoot, 'outside.json'), path.join(linkWorkspace, TD_PATH))
CORPUS.push({
  case: 'a symlink out of the workspace',
  input: 'task-definition',
  env: { GITHUB_WORKSPACE: linkWorkspace },
  expect: /link to a file outside/
})

export function removeCorpusFiles(): void {
  rmSync(linkRoot, { recursive: true, force: true })
}

/** The settings file (`settings-file`): what it holds is refused naming the file and key, conflicts the input. */
const SETTINGS_FILE = 'deploy/open-webui/settings.yml'
CORPUS.push(
  {
    case: 'a settings file that does not exist',
    input: 'settings-file',
    inputs: { 'settings-file': SETTINGS_FILE },
    expect: /does not exist/
  },
  {
    case: 'a settings file that is not YAML',
    input: 'settings-file',
    inputs: { 'settings-file': SETTINGS_FILE },
    files: { [SETTINGS_FILE]: 'cluster: [prod\n' },
    expect: /settings\.yml line \d+ is not valid YAML/
  },
  {
    case: 'a settings file holding the mode',
    input: 'settings-file',
    inputs: { 'settings-file': SETTINGS_FILE },
    files: { [SETTINGS_FILE]: 'mode: deploy\n' },
    expect: /key 'mode' is not a setting the file can hold/
  },
  {
    case: 'a settings file holding a token',
    input: 'settings-file',
    inputs: { 'settings-file': SETTINGS_FILE },
    files: { [SETTINGS_FILE]: 'github-token: ghp_settingsFileCanary\n' },
    secret: 'ghp_settingsFileCanary'
  },
  {
    case: 'a bad value in the settings file',
    input: 'settings-file',
    inputs: { 'settings-file': SETTINGS_FILE },
    files: { [SETTINGS_FILE]: 'desired-count: lots\n' },
    expect: /settings\.yml, key 'desired-count': 'lots' is not a whole number/
  },
  {
    case: 'a list of secrets in the settings file',
    input: 'settings-file',
    inputs: { 'settings-file': SETTINGS_FILE, secrets: '' },
    files: { [SETTINGS_FILE]: 'secrets:\n  - DATABASE_URL\n' },
    expect: /key 'secrets' is a list/
  },
  {
    case: 'a cluster in the step and another in the settings file',
    input: 'cluster',
    inputs: { 'settings-file': SETTINGS_FILE },
    files: { [SETTINGS_FILE]: 'cluster: staging\n' },
    expect: /given in the step and in deploy\/open-webui\/settings\.yml with different values/
  }
)
