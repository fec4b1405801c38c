import { describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'
import { INPUT_NAMES, type RawInputs } from '../../src/settings/inputs.js'
import { applySettingsFile } from '../../src/settings/settings-file.js'
import { parseSettings } from '../../src/settings/parse-settings.js'
import type { Settings } from '../../src/settings/settings.js'
import { openWebuiTaskDefinition } from '../fixtures/open-webui.js'

/**
 * The workflows users copy must work as copied: valid YAML, a permissions block, and every use of this action
 * passing only inputs action.yml defines and reading only outputs it defines (a typo there is silently empty).
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const EXAMPLES = path.join(ROOT, 'examples')

interface Step {
  id?: string
  uses?: string
  with?: Record<string, unknown>
}
interface Job {
  permissions?: unknown
  steps?: Step[]
}
interface Workflow {
  on?: unknown
  permissions?: unknown
  jobs?: Record<string, Job>
}

const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default?: unknown }>
  outputs: Record<string, unknown>
}
const INPUTS = new Set(Object.keys(action.inputs))
const OUTPUTS = new Set(Object.keys(action.outputs))

const files = readdirSync(EXAMPLES).filter(name => /\.ya?ml$/.test(name))

function isThisAction(uses: string | undefined): boolean {
  if (!uses) return false
  return uses === './' || uses === '.' || /(^|\/)open-webui-ecs-deploy(@|$)/.test(uses)
}

function load(name: string): { text: string; workflow: Workflow } {
  const text = readFileSync(path.join(EXAMPLES, name), 'utf8')
  return { text, workflow: parse(text) as Workflow }
}

/** The steps of `workflow` that use this action. */
function actionSteps(workflow: Workflow): Step[] {
  return Object.values(workflow.jobs ?? {})
    .flatMap(job => job.steps ?? [])
    .filter(step => isThisAction(step.uses))
}

/** A workflow expression (`${{ github.token }}`, a step's output) stands for what the runner would pass. */
const EXPRESSION = /\$\{\{[^}]*\}\}/g

/** A `workflow_dispatch` input the step reads (`${{ inputs.version }}`): a run with the form's defaults. */
const DISPATCH_INPUT = /\$\{\{\s*(?:github\.event\.)?inputs\.([A-Za-z0-9_-]+)\s*\}\}/g

function dispatchDefaults(workflow: Workflow): Record<string, string> {
  const dispatch = (workflow.on as Record<string, { inputs?: Record<string, { default?: unknown }> } | null>)
    ?.workflow_dispatch
  return Object.fromEntries(
    Object.entries(dispatch?.inputs ?? {}).map(([name, input]) => [name, String(input.default ?? '')])
  )
}

/** Every input as the runner hands it to this step: the step's `with`, else action.yml's default, else ''. */
function runnerInputs(step: Step, workflow: Workflow = {}): RawInputs {
  const dispatch = dispatchDefaults(workflow)
  const value = (name: string) => step.with?.[name] ?? action.inputs[name]?.default ?? ''
  return Object.fromEntries(
    INPUT_NAMES.map(name => [
      name,
      String(value(name))
        .replace(DISPATCH_INPUT, (expression, input: string) => dispatch[input] ?? expression)
        .replace(EXPRESSION, 'ghs_example')
    ])
  ) as RawInputs
}

/**
 * The example settings files, by the path the workflows give them in the user's repository: examples/ mirrors
 * that repository's layout (`examples/deploy/open-webui/settings.yml` is `deploy/open-webui/settings.yml`).
 */
function exampleSettingsFile(relative: string): string {
  return readFileSync(path.join(EXAMPLES, relative), 'utf8')
}

/** The step's inputs with its settings file's keys filled in, as the action reads them. */
function effectiveInputs(step: Step): RawInputs {
  const inputs = runnerInputs(step)
  const relative = inputs['settings-file']
  if (!relative) return inputs
  const workspace = mkdtempSync(path.join(tmpdir(), 'example-settings-'))
  mkdirSync(path.dirname(path.join(workspace, relative)), { recursive: true })
  writeFileSync(path.join(workspace, relative), exampleSettingsFile(relative))
  return applySettingsFile(inputs, workspace).inputs
}

/** The workspace files the step makes the action read: the settings file and the files it or the step names. */
function filesRead(step: Step): string[] {
  const inputs = effectiveInputs(step)
  return (['settings-file', 'task-definition', 'version-file'] as const).flatMap(input =>
    inputs[input] ? [inputs[input]] : []
  )
}

/** A checkout holding the files the step names: the settings file, the task definition and the version file. */
function checkoutFor(inputs: RawInputs): string {
  const workspace = mkdtempSync(path.join(tmpdir(), 'example-workspace-'))
  const write = (relative: string, text: string) => {
    mkdirSync(path.dirname(path.join(workspace, relative)), { recursive: true })
    writeFileSync(path.join(workspace, relative), text)
  }
  if (inputs['settings-file']) {
    write(inputs['settings-file'], exampleSettingsFile(inputs['settings-file']))
    inputs = applySettingsFile(inputs, workspace).inputs
  }
  if (inputs['task-definition']) {
    const definition = openWebuiTaskDefinition({ image: 'ghcr.io/open-webui/open-webui:v0.6.5' })
    write(inputs['task-definition'], JSON.stringify(definition, null, 2))
  }
  if (inputs['version-file']) write(inputs['version-file'], '0.6.6\n')
  return workspace
}

/** What the action's settings parser makes of the step, on a runner that ran the workflow's earlier steps. */
function settingsOfStep(workflow: Workflow, step: Step): Settings {
  const inputs = runnerInputs(step, workflow)
  const credentials = Object.values(workflow.jobs ?? {})
    .flatMap(job => job.steps ?? [])
    .find(candidate => candidate.uses?.startsWith('aws-actions/configure-aws-credentials@'))
  const region = credentials?.with?.['aws-region']
  return parseSettings(inputs, {
    GITHUB_WORKSPACE: checkoutFor(inputs),
    GITHUB_REPOSITORY: 'acme/infrastructure',
    GITHUB_EVENT_NAME: Object.keys(workflow.on as object)[0],
    ...(typeof region === 'string' ? { AWS_REGION: region } : {})
  })
}

/** A `paths` filter glob as GitHub reads it: `**` crosses folders, `*` stays inside one. */
function globMatches(glob: string, file: string): boolean {
  const pattern = glob
    .split(/(\*\*|\*)/)
    .map(part => (part === '**' ? '.*' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('')
  return new RegExp(`^${pattern}$`).test(file)
}

describe('examples/', () => {
  it('has the bump, deploy, plan and rollback workflows', () => {
    expect(files).toEqual(expect.arrayContaining(['bump.yml', 'deploy.yml', 'plan.yml', 'rollback.yml']))
  })

  describe.each(files)('%s', name => {
    it('parses as a workflow with triggers and jobs', () => {
      const { workflow } = load(name)
      expect(workflow.on).toBeDefined()
      expect(Object.keys(workflow.jobs ?? {}).length).toBeGreaterThan(0)
    })

    it('declares token permissions for every job', () => {
      const { workflow } = load(name)
      for (const job of Object.values(workflow.jobs ?? {})) {
        expect(workflow.permissions ?? job.permissions).toEqual(expect.any(Object))
      }
    })

    it('uses this action, passing only inputs action.yml defines', () => {
      const { workflow } = load(name)
      const uses = Object.values(workflow.jobs ?? {})
        .flatMap(job => job.steps ?? [])
        .filter(step => isThisAction(step.uses))
      expect(uses.length).toBeGreaterThan(0)
      for (const step of uses) {
        const unknown = Object.keys(step.with ?? {}).filter(input => !INPUTS.has(input))
        expect(unknown).toEqual([])
        expect(step.with?.mode).toEqual(expect.any(String))
      }
    })

    it("parses into the action's settings as the runner passes it: every value valid, the files it names read", () => {
      const { workflow } = load(name)
      for (const step of actionSteps(workflow)) {
        const settings = settingsOfStep(workflow, step)
        expect(settings.mode).toBe(step.with?.mode)
        const inputs = effectiveInputs(step)
        if (settings.mode === 'deploy' || settings.mode === 'plan') {
          expect({ cluster: settings.cluster, service: settings.service }).toEqual({
            cluster: inputs.cluster,
            service: inputs.service
          })
          expect(settings.awsRegion).toEqual(expect.any(String))
        }
        const lines = (input: 'secrets' | 'environment') =>
          inputs[input].split('\n').filter(line => line.trim())
        expect(settings.secrets.map(secret => secret.name)).toEqual(
          lines('secrets').map(line => line.split('=')[0])
        )
        expect(settings.environment.map(variable => variable.name)).toEqual(
          lines('environment').map(line => line.split('=')[0])
        )
        if (inputs['version-file']) expect(settings.versionFile?.text?.trim()).toBe('0.6.6')
        if (inputs['task-definition']) {
          expect(settings.taskDefinitionFile?.path).toMatch(new RegExp(`${inputs['task-definition']}$`))
        }
      }
    })

    it('runs when a file the action reads changes, where the trigger filters on paths', () => {
      const { workflow } = load(name)
      const triggers = workflow.on as Record<string, { paths?: string[] } | null>
      for (const trigger of ['push', 'pull_request'].filter(event => triggers[event]?.paths)) {
        const paths = triggers[trigger]?.paths ?? []
        // The workflow's own `with` is read too: where the header says to copy it.
        const copiedTo = /^# Copy to (\.github\/workflows\/[\w.-]+\.yml)/m.exec(load(name).text)?.[1]
        expect(copiedTo).toEqual(expect.any(String))
        const read = [copiedTo as string, ...actionSteps(workflow).flatMap(filesRead)]
        expect(read.length).toBeGreaterThan(1)
        for (const file of read) {
          expect({ trigger, file, matched: paths.some(glob => globMatches(glob, file)) }).toEqual({
            trigger,
            file,
            matched: true
          })
        }
      }
    })

    it("reads only outputs action.yml defines from this action's steps", () => {
      const { text, workflow } = load(name)
      const ids = new Set(
        Object.values(workflow.jobs ?? {})
          .flatMap(job => job.steps ?? [])
          .filter(step => isThisAction(step.uses) && step.id)
          .map(step => step.id as string)
      )
      for (const match of text.matchAll(/steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)/g)) {
        if (ids.has(match[1])) expect(OUTPUTS).toContain(match[2])
      }
    })
  })

  it('bump runs daily and on demand with contents and pull-requests write only', () => {
    const { workflow, text } = load('bump.yml')
    expect(workflow.on).toMatchObject({ schedule: [{ cron: expect.any(String) }], workflow_dispatch: null })
    expect(workflow.permissions).toEqual({ contents: 'write', 'pull-requests': 'write' })
    expect(workflow).toMatchObject({ concurrency: { group: expect.any(String) } })
    expect(text).toContain('actions/create-github-app-token')
  })

  it('deploy assumes a role through OIDC, behind an environment, never cancelling a running deploy', () => {
    const { workflow } = load('deploy.yml')
    expect(workflow.on).toMatchObject({ push: { branches: ['main'], paths: expect.any(Array) } })
    expect(workflow.permissions).toMatchObject({ 'id-token': 'write', contents: 'read' })
    expect(workflow).toMatchObject({ concurrency: { 'cancel-in-progress': false } })
    const job = Object.values(workflow.jobs ?? {})[0] as Job & { environment?: unknown }
    expect(job.environment).toBe('production')
    const credentials = job.steps?.find(step =>
      step.uses?.startsWith('aws-actions/configure-aws-credentials@')
    )
    expect(credentials?.with).toMatchObject({
      'role-to-assume': expect.stringMatching(/^arn:aws:iam::\d{12}:role\//)
    })
    expect(credentials?.with).not.toHaveProperty('aws-access-key-id')
  })

  it('plan runs on pull requests with a read-only role, skips AWS for forks and plans what deploy deploys', () => {
    const { workflow } = load('plan.yml')
    // pull_request, never pull_request_target: the pull request's code must not run with the base's secrets.
    expect(Object.keys(workflow.on as object)).toEqual(['pull_request'])
    expect(workflow.permissions).toEqual({ contents: 'read', 'pull-requests': 'write', 'id-token': 'write' })
    expect(workflow).toMatchObject({
      concurrency: {
        group: expect.stringContaining('${{ github.event.pull_request.number }}'),
        'cancel-in-progress': true
      }
    })
    const steps = Object.values(workflow.jobs ?? {})[0]?.steps ?? []
    const credentials = steps.find(step =>
      step.uses?.startsWith('aws-actions/configure-aws-credentials@')
    ) as (Step & { if?: string }) | undefined
    expect(credentials?.if).toBe('github.event.pull_request.head.repo.full_name == github.repository')
    expect(credentials?.with).toMatchObject({
      'role-to-assume': expect.stringMatching(/^arn:aws:iam::\d{12}:role\/.*plan/)
    })
    expect(credentials?.with).not.toHaveProperty('aws-access-key-id')

    const plan = steps.find(step => isThisAction(step.uses))
    expect(plan?.with?.mode).toBe('plan')
  })

  it('plans what deploy deploys: every workflow aimed at the service reads one settings file, and nothing else differs', () => {
    // Inputs that are a workflow's own business; everything else describes the deployment.
    const perWorkflow = new Set(['mode', 'dry-run', 'comment', 'github-token', 'version', 'allow-downgrade'])
    const serviceSteps = files.flatMap(name =>
      actionSteps(load(name).workflow)
        .filter(step => step.with?.mode !== 'bump' && step.with?.mode !== 'resolve')
        .map(step => ({ name, step }))
    )
    expect(serviceSteps.map(({ name }) => name)).toEqual(expect.arrayContaining(['deploy.yml', 'plan.yml']))
    for (const { name, step } of serviceSteps) {
      const deployment = Object.keys(step.with ?? {}).filter(input => !perWorkflow.has(input))
      expect({ name, deployment }).toEqual({ name, deployment: ['settings-file'] })
      expect({ name, file: step.with?.['settings-file'] }).toEqual({
        name,
        file: 'deploy/open-webui/settings.yml'
      })
    }
    const settings = effectiveInputs(serviceSteps[0].step)
    for (const input of [
      'cluster',
      'service',
      'task-definition',
      'version-file',
      'secrets',
      'environment'
    ] as const) {
      expect({ input, given: settings[input] !== '' }).toEqual({ input, given: true })
    }
  })

  it('bump moves the pin the settings file names', () => {
    const bump = actionSteps(load('bump.yml').workflow)[0]
    const deploy = actionSteps(load('deploy.yml').workflow)[0]
    expect(bump.with?.['version-file']).toBe(effectiveInputs(deploy)['version-file'])
  })
})
