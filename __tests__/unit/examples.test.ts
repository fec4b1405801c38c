import { describe, expect, it } from '@jest/globals'
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

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
  inputs: Record<string, unknown>
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

describe('examples/', () => {
  it('has the bump, deploy and plan workflows', () => {
    expect(files).toEqual(expect.arrayContaining(['bump.yml', 'deploy.yml', 'plan.yml']))
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
    const deploy = Object.values(load('deploy.yml').workflow.jobs ?? {})
      .flatMap(job => job.steps ?? [])
      .find(step => isThisAction(step.uses))
    expect(plan?.with?.mode).toBe('plan')
    expect(deploy?.with?.mode).toBe('deploy')
    const shared = ['cluster', 'service', 'task-definition', 'version-file', 'secrets', 'environment']
    const pick = (step: Step | undefined) =>
      Object.fromEntries(shared.map(input => [input, step?.with?.[input]]))
    expect(pick(plan)).toEqual(pick(deploy))
    expect(Object.values(pick(plan)).every(value => typeof value === 'string' && value !== '')).toBe(true)
  })
})
