import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { startSimulator, type Simulator } from '../../simulator/src/index.js'
import {
  CLUSTER,
  SECRET_CANARIES,
  SECRETS_INPUT,
  SERVICE,
  openWebuiTaskDefinition,
  standardScenario
} from '../fixtures/open-webui.js'
import { runAction, type ActionRun } from './harness.js'

/**
 * The bad-input corpus: every input the action cannot use ends the step with exit 1 and one `::error` that
 * names the input, before any write to AWS or GitHub, and without a stack trace. Cases run a few at a time;
 * none may ever write, so the check for mutating calls covers the whole simulator's log.
 */
const TD_PATH = 'deploy/task-definition.json'
const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:open-webui/database-url-AbCdEf'
const goodTaskDefinition = JSON.stringify(
  openWebuiTaskDefinition({ image: 'ghcr.io/open-webui/open-webui:v0.6.5' }),
  null,
  2
)

interface BadInput {
  /** What is wrong, for the test name. */
  case: string
  /** The input the error must name (the annotation's title or message). */
  input: string
  inputs?: Record<string, string>
  files?: Record<string, string>
  event?: { name: string; payload: Record<string, unknown> }
  env?: Record<string, string>
  /** Text the error message must contain besides the input's name. */
  expect?: RegExp
}

function withContainer(container: Record<string, unknown>): string {
  return JSON.stringify({
    family: 'open-webui',
    containerDefinitions: [{ name: 'open-webui', image: 'x:v0.6.5', ...container }]
  })
}

const CORPUS: BadInput[] = [
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
    input: 'mode',
    event: { name: 'pull_request', payload: {} },
    expect: /mode: plan/
  },
  {
    case: 'deploy on pull_request_target',
    input: 'mode',
    event: { name: 'pull_request_target', payload: { number: 1 } }
  },
  // version
  {
    case: 'version banana',
    input: 'version',
    inputs: { version: 'banana' },
    expect: /latest, vX\.Y\.Z or X\.Y\.Z/
  },
  { case: 'a version with a variant suffix', input: 'version', inputs: { version: 'v0.6.5-cuda' } },
  { case: 'a version with a prerelease suffix', input: 'version', inputs: { version: 'v1.0.0-alpha.101' } },
  { case: 'a moving X.Y version', input: 'version', inputs: { version: '0.6' } },
  { case: 'a version with spaces inside', input: 'version', inputs: { version: 'v0. 6.5' } },
  {
    case: 'a version that was never released',
    input: 'version',
    inputs: { version: 'v0.6.99' },
    expect: /no such release/
  },
  { case: 'a draft release', input: 'version', inputs: { version: 'v0.6.8' }, expect: /draft/ },
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
  }
]

/** A workspace whose task-definition file is a symlink to a file outside it (made before the table is read). */
const linkRoot = mkdtempSync(path.join(tmpdir(), 'bad-input-'))
const linkWorkspace = path.join(linkRoot, 'workspace')
mkdirSync(path.join(linkWorkspace, 'deploy'), { recursive: true })
writeFileSync(path.join(linkRoot, 'outside.json'), goodTaskDefinition)
symlinkSync(path.join(linkRoot, 'outside.json'), path.join(linkWorkspace, TD_PATH))
CORPUS.push({
  case: 'a symlink out of the workspace',
  input: 'task-definition',
  env: { GITHUB_WORKSPACE: linkWorkspace },
  expect: /link to a file outside/
})

let sim: Simulator

beforeAll(async () => {
  sim = await startSimulator(standardScenario({ registryHost: 'ghcr.io' }))
})

afterAll(async () => {
  await sim?.stop()
  rmSync(linkRoot, { recursive: true, force: true })
})

async function run(bad: BadInput): Promise<ActionRun> {
  return runAction({
    simulatorEnv: sim.env,
    inputs: {
      mode: 'deploy',
      cluster: CLUSTER,
      service: SERVICE,
      image: `${sim.registryHost}/open-webui/open-webui`,
      'task-definition': TD_PATH,
      version: 'latest',
      secrets: SECRETS_INPUT,
      ...bad.inputs
    },
    files: { [TD_PATH]: goodTaskDefinition, ...bad.files },
    event: bad.event,
    env: bad.env
  })
}

function mutatingCalls(): string[] {
  return sim.calls.filter(call => call.mutating).map(call => `${call.service} ${call.operation}`)
}

describe('bad input', () => {
  it('holds at least 60 cases', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(60)
  })

  it.concurrent.each(CORPUS.map(bad => [bad.case, bad] as const))(
    '%s: exit 1, an error naming the input, no write',
    async (_name, bad) => {
      const result = await run(bad)
      const output = `exit ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`
      const errors = result.annotations.filter(annotation => annotation.level === 'error')
      if (result.code !== 1 || errors.length === 0)
        throw new Error(`expected exit 1 with an ::error, got ${output}`)
      const named = errors.find(error => `${error.title ?? ''} ${error.message}`.includes(bad.input))
      if (!named) throw new Error(`no ::error names '${bad.input}': ${output}`)
      expect(named.title).toBe(`Invalid input: ${bad.input}`)
      if (bad.expect) expect(named.message).toMatch(bad.expect)
      expect(errors).toHaveLength(1)
      // No stack trace, no secret value, no summary pretending anything happened.
      expect(`${result.stdout}\n${result.stderr}`).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m)
      expect(result.stderr).toBe('')
      for (const canary of Object.values(SECRET_CANARIES))
        expect(output + result.summary).not.toContain(canary)
      expect(result.outputs.result).toBeUndefined()
      expect(mutatingCalls()).toEqual([])
    }
  )
})
