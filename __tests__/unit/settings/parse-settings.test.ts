import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { InputError } from '../../../src/errors.js'
import type { RawInputs } from '../../../src/settings/inputs.js'
import { parseSettings } from '../../../src/settings/parse-settings.js'
import { rawInputs } from './raw-inputs.js'

const TASK_DEFINITION = {
  family: 'open-webui',
  cpu: '1024',
  memory: '2048',
  containerDefinitions: [
    {
      name: 'open-webui',
      image: 'ghcr.io/open-webui/open-webui:v0.6.5',
      environment: [{ name: 'A', value: '1' }]
    },
    { name: 'tika', image: 'apache/tika:latest' }
  ]
}

let root: string
let workspace: string

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'settings-'))
  workspace = path.join(root, 'workspace')
  mkdirSync(path.join(workspace, 'deploy'), { recursive: true })
  const write = (relative: string, text: string) => writeFileSync(path.join(workspace, relative), text)
  write('deploy/task-definition.json', JSON.stringify(TASK_DEFINITION, null, 2))
  write(
    'deploy/described.json',
    JSON.stringify({ taskDefinition: { ...TASK_DEFINITION, revision: 7 }, tags: [] })
  )
  write('deploy/broken.json', '{"family": "open-webui",')
  write('deploy/array.json', '[]')
  write('deploy/no-containers.json', '{"family": "x", "containerDefinitions": {}}')
  write('deploy/no-family.json', JSON.stringify({ ...TASK_DEFINITION, family: undefined }))
  write(
    'deploy/twice.json',
    JSON.stringify({ ...TASK_DEFINITION, containerDefinitions: [{ name: 'a' }, { name: 'a' }] })
  )
  write(
    'deploy/bad-env.json',
    JSON.stringify({ family: 'x', containerDefinitions: [{ name: 'open-webui', environment: { A: '1' } }] })
  )
  write(
    'deploy/bad-secret.json',
    JSON.stringify({
      family: 'x',
      containerDefinitions: [{ name: 'open-webui', secrets: [{ name: 'A', valueFrom: 1 }] }]
    })
  )
  write('deploy/huge.json', ' '.repeat(2 * 1024 * 1024))
  write('deploy/bom.json', `\ufeff${JSON.stringify(TASK_DEFINITION)}`)
  write('BOM_VERSION', '\ufeffv0.6.6\r\n')
  write('VERSION', 'v0.6.6\n')
  write('BAD_VERSION', 'latest\n')
  writeFileSync(path.join(root, 'outside.json'), JSON.stringify(TASK_DEFINITION))
  symlinkSync(path.join(root, 'outside.json'), path.join(workspace, 'deploy/link.json'))
})

afterAll(() => rmSync(root, { recursive: true, force: true }))

function parse(overrides: Partial<RawInputs>, env: NodeJS.ProcessEnv = {}) {
  return parseSettings(rawInputs(overrides), { GITHUB_WORKSPACE: workspace, AWS_REGION: 'us-east-1', ...env })
}

function refusal(overrides: Partial<RawInputs>, env?: NodeJS.ProcessEnv): InputError {
  try {
    parse(overrides, env)
  } catch (error) {
    if (error instanceof InputError) return error
    throw error
  }
  throw new Error(`expected ${JSON.stringify(overrides)} to be refused`)
}

describe('parseSettings', () => {
  it('applies the defaults', () => {
    const settings = parse({})
    expect(settings).toMatchObject({
      mode: 'deploy',
      cluster: 'prod',
      service: 'open-webui',
      containerName: 'open-webui',
      version: { kind: 'unspecified' },
      image: { registry: 'ghcr.io', repository: 'open-webui/open-webui' },
      releaseRepository: { owner: 'open-webui', repo: 'open-webui' },
      pinDigest: true,
      secrets: [],
      environment: [],
      migration: 'auto',
      timeoutMinutes: 30,
      rollback: 'auto',
      comment: true,
      minReleaseAgeDays: 0,
      dryRun: false,
      awsRegion: 'us-east-1'
    })
    expect(settings.desiredCount).toBeUndefined()
    expect(settings.taskDefinitionFile).toBeUndefined()
  })

  it('reads a task-definition file, keeping the JSON as written', () => {
    const file = parse({ 'task-definition': 'deploy/task-definition.json' }).taskDefinitionFile!
    expect(file.path).toBe(path.join(workspace, 'deploy/task-definition.json'))
    expect(file.json).toEqual(TASK_DEFINITION)
    expect(Object.keys(file.json)).toEqual(['family', 'cpu', 'memory', 'containerDefinitions'])
  })

  it('reads a file saved with a UTF-8 byte-order mark, task definition and version file alike', () => {
    const file = parse({ 'task-definition': 'deploy/bom.json' }).taskDefinitionFile!
    expect(file.json).toEqual(TASK_DEFINITION)
    expect(file.text.startsWith('{')).toBe(true)
    expect(parse({ 'version-file': 'BOM_VERSION' }).versionFile!.text).toBe('v0.6.6\r\n')
  })

  it('unwraps `aws ecs describe-task-definition` output', () => {
    expect(parse({ 'task-definition': 'deploy/described.json' }).taskDefinitionFile!.json).toMatchObject({
      revision: 7
    })
  })

  it('reads versions, counts and the version file', () => {
    expect(parse({ version: 'v0.6.6' }).version).toEqual({ kind: 'exact', version: '0.6.6' })
    expect(parse({ version: '0.6.6' }).version).toEqual({ kind: 'exact', version: '0.6.6' })
    expect(parse({ version: 'latest' }).version).toEqual({ kind: 'latest' })
    expect(parse({ 'desired-count': '4' }).desiredCount).toBe(4)
    expect(parse({ 'version-file': 'VERSION' }).versionFile).toEqual({
      path: path.join(workspace, 'VERSION'),
      text: 'v0.6.6\n'
    })
    expect(parse({ mode: 'bump', 'version-file': 'NEW_VERSION' }).versionFile).toEqual({
      path: path.join(workspace, 'NEW_VERSION')
    })
  })

  it('reads mirrors, loopback registries and Docker Hub names', () => {
    expect(parse({ image: '127.0.0.1:5000/open-webui/open-webui' }).image).toEqual({
      registry: '127.0.0.1:5000',
      repository: 'open-webui/open-webui'
    })
    expect(parse({ image: 'openwebui' }).image).toEqual({
      registry: 'docker.io',
      repository: 'library/openwebui'
    })
  })

  it('does not need cluster and service outside deploy and plan', () => {
    expect(parse({ mode: 'resolve', cluster: '', service: '' }).cluster).toBeUndefined()
  })

  it.each<[string, Partial<RawInputs>, string, RegExp]>([
    ['an unknown mode', { mode: 'destroy' }, 'mode', /expected one of deploy, plan, bump, resolve/],
    ['a missing cluster', { cluster: '' }, 'cluster', /required in deploy mode/],
    ['a missing service in plan', { mode: 'plan', service: '' }, 'service', /required in plan mode/],
    ['a cluster name with spaces', { cluster: 'my cluster' }, 'cluster', /not an ECS cluster name/],
    [
      'a service ARN of another service',
      { service: 'arn:aws:ec2:us-east-1:123456789012:instance/i-1' },
      'service',
      /not an ECS service/
    ],
    ['version banana', { version: 'banana' }, 'version', /expected latest, previous, vX.Y.Z or X.Y.Z/],
    ['a version with a suffix', { version: 'v0.6.5-cuda' }, 'version', /not a release version/],
    ['a partial version', { version: '0.6' }, 'version', /not a release version/],
    ['desired-count -2', { 'desired-count': '-2' }, 'desired-count', /not a whole number/],
    ['desired-count 1.5', { 'desired-count': '1.5' }, 'desired-count', /not a whole number/],
    ['desired-count 0', { 'desired-count': '0' }, 'desired-count', /out of range/],
    ['a huge desired-count', { 'desired-count': '99999999999' }, 'desired-count', /out of range/],
    ['timeout-minutes 0', { 'timeout-minutes': '0' }, 'timeout-minutes', /at least 1 and at most 360/],
    ['a negative timeout', { 'timeout-minutes': '-5' }, 'timeout-minutes', /not a number/],
    ['an unknown migration policy', { migration: 'sometimes' }, 'migration', /auto, always, never/],
    ['an unknown rollback policy', { rollback: 'maybe' }, 'rollback', /auto, never/],
    ['a yes/no boolean', { 'dry-run': 'yes' }, 'dry-run', /expected true or false/],
    ['an unknown variant', { variant: 'rocm' }, 'variant', /cuda, cuda126, ollama, slim/],
    ['an image with a tag', { image: 'ghcr.io/open-webui/open-webui:main' }, 'image', /has a tag/],
    [
      'an image with a digest',
      { image: `ghcr.io/open-webui/open-webui@sha256:${'a'.repeat(64)}` },
      'image',
      /has a digest/
    ],
    [
      'a release repository without owner',
      { 'release-repository': 'open-webui' },
      'release-repository',
      /owner\/name/
    ],
    ['a health-url that is no URL', { 'health-url': 'not a url' }, 'health-url', /not a URL/],
    [
      'a health-url with credentials',
      { 'health-url': 'https://user:pw@example.com' },
      'health-url',
      /credentials/
    ],
    ['a health-url of another scheme', { 'health-url': 'ftp://example.com' }, 'health-url', /http\(s\)/],
    ['a container name with a slash', { 'container-name': 'a/b' }, 'container-name', /not a container name/],
    [
      'ENABLE_DB_MIGRATIONS in environment',
      { environment: 'ENABLE_DB_MIGRATIONS=true' },
      'environment',
      /set by the action/
    ],
    [
      'ENABLE_DB_MIGRATIONS in secrets',
      { secrets: 'ENABLE_DB_MIGRATIONS=flag' },
      'secrets',
      /set by the action/
    ],
    [
      'a name in both secrets and environment',
      { secrets: 'A=db', environment: 'A=1' },
      'environment',
      /also given in secrets/
    ],
    [
      'a path outside the workspace',
      { 'task-definition': '../outside.json' },
      'task-definition',
      /outside the workspace/
    ],
    ['an absolute path', { 'task-definition': '/etc/passwd' }, 'task-definition', /absolute path/],
    [
      'a symlink out of the workspace',
      { 'task-definition': 'deploy/link.json' },
      'task-definition',
      /link to a file outside/
    ],
    ['a missing file', { 'task-definition': 'deploy/nope.json' }, 'task-definition', /does not exist/],
    ['a folder', { 'task-definition': 'deploy' }, 'task-definition', /is not a file/],
    ['a huge file', { 'task-definition': 'deploy/huge.json' }, 'task-definition', /at most 1 MiB/],
    ['invalid JSON', { 'task-definition': 'deploy/broken.json' }, 'task-definition', /not valid JSON/],
    ['a JSON array', { 'task-definition': 'deploy/array.json' }, 'task-definition', /expected a JSON object/],
    [
      'containerDefinitions of the wrong type',
      { 'task-definition': 'deploy/no-containers.json' },
      'task-definition',
      /no containerDefinitions/
    ],
    ['no family', { 'task-definition': 'deploy/no-family.json' }, 'task-definition', /no family/],
    [
      'a container named twice',
      { 'task-definition': 'deploy/twice.json' },
      'task-definition',
      /names a container twice/
    ],
    [
      'environment of the wrong shape',
      { 'task-definition': 'deploy/bad-env.json' },
      'task-definition',
      /environment is not a list/
    ],
    [
      'a secret of the wrong shape',
      { 'task-definition': 'deploy/bad-secret.json' },
      'task-definition',
      /secrets\[0\] is not/
    ],
    [
      'a container the file lacks',
      { 'task-definition': 'deploy/task-definition.json', 'container-name': 'webui' },
      'container-name',
      /has no container 'webui' \(it has: open-webui, tika\)/
    ],
    [
      'a version file without a version',
      { 'version-file': 'BAD_VERSION' },
      'version-file',
      /holds no version/
    ],
    ['a missing version file in deploy', { 'version-file': 'NOPE' }, 'version-file', /does not exist/]
  ])('refuses %s, naming the input', (_case, overrides, input, message) => {
    const error = refusal(overrides)
    expect(error.input).toBe(input)
    expect(error.message).toMatch(message)
    expect(error.message.startsWith(`Input '${input}': `)).toBe(true)
  })

  it('refuses a secret ARN from another Region than AWS_REGION', () => {
    const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf'
    expect(refusal({ secrets: `DATABASE_URL=${arn}` }).message).toMatch(/eu-west-1/)
    expect(
      parse({ secrets: `DATABASE_URL=${arn}` }, { AWS_REGION: '', AWS_DEFAULT_REGION: 'eu-west-1' }).secrets
    ).toHaveLength(1)
  })

  it('reads the GitHub context and tolerates a broken event payload', () => {
    const eventPath = path.join(root, 'event.json')
    writeFileSync(eventPath, '{not json')
    const settings = parse(
      {},
      {
        GITHUB_EVENT_NAME: 'push',
        GITHUB_EVENT_PATH: eventPath,
        GITHUB_REPOSITORY: 'acme/platform',
        GITHUB_SERVER_URL: 'https://github.example/'
      }
    )
    expect(settings.github).toMatchObject({
      eventName: 'push',
      payload: {},
      repository: { owner: 'acme', repo: 'platform' },
      serverUrl: 'https://github.example',
      workspace
    })
  })
})
