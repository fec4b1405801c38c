import { describe, expect, it } from '@jest/globals'
import type { Simulator } from '../../simulator/src/index.js'
import { planCommentMarker } from '../../src/modes/plan/plan-comment-marker.js'
import { CLUSTER, SERVICE, openWebuiTaskDefinition } from '../fixtures/open-webui.js'
import {
  PR_NUMBER,
  TASK_DEFINITION_PATH,
  WORKFLOW_REPOSITORY,
  commentWrites,
  expectExit,
  expectNoCanary,
  pullRequestEvent,
  runPlan,
  startPlanWorld,
  taskDefinitionFile
} from './plan-world.js'
import { awsCalls, mutatingAwsCalls } from '../support/deploy-world.js'
import { stopAfterEach } from '../support/simulator-lifecycle.js'

/** Pull requests from forks (read-only token, no secrets, no AWS) and plans made without AWS credentials. */
let sim: Simulator | undefined
stopAfterEach(() => sim)

const baseFiles = {
  [TASK_DEFINITION_PATH]: taskDefinitionFile('ghcr.io/open-webui/open-webui:v0.6.5'),
  'deploy/version': 'v0.6.5\n'
}

/** The pull request's task definition: one more plain variable than the base branch's. */
function headTaskDefinition(): string {
  const taskDefinition = openWebuiTaskDefinition({ image: 'ghcr.io/open-webui/open-webui:v0.6.5' })
  const container = (
    taskDefinition.containerDefinitions as { environment: { name: string; value: string }[] }[]
  )[0]
  container.environment.push({ name: 'ENABLE_SIGNUP', value: 'false' })
  return JSON.stringify(taskDefinition, null, 2)
}

describe('plan mode on a fork pull request', () => {
  it('exits 0 without any comment call and puts the plan, offline, in the job summary', async () => {
    sim = await startPlanWorld({
      baseFiles,
      readOnlyToken: true,
      pullRequest: { headRepository: 'mallory/platform' }
    })
    const { run, calls } = await runPlan(sim, {
      event: pullRequestEvent('mallory/platform'),
      files: { [TASK_DEFINITION_PATH]: headTaskDefinition() },
      withoutAws: true
    })

    expectExit(run, 0)
    expect(run.outputs).toMatchObject({
      result: 'planned',
      version: 'v0.6.6',
      'previous-version': 'v0.6.5',
      migrations: 'true'
    })
    expect(commentWrites(calls)).toEqual([])
    expect(awsCalls(calls)).toEqual([])
    expect(
      calls.filter(
        call => call.service === 'github' && (call.mutating || /\/comments|\/user$/.test(call.operation))
      )
    ).toEqual([])

    expect(run.summary).toContain('fork')
    expect(run.summary).toContain('Offline plan')
    expect(run.summary).toContain('ENABLE_SIGNUP')
    expect(run.summary).toMatch(/v0\.6\.5\s*(->|→)\s*v0\.6\.6/)
    expect(run.summary).toContain('9f0c9cd09105')
    expect(run.annotations.filter(annotation => annotation.level === 'error')).toEqual([])
    expectNoCanary(run, calls)
  })
})

describe('plan mode without AWS credentials', () => {
  it('plans offline against the base branch and says so in the comment', async () => {
    sim = await startPlanWorld({ baseFiles })
    const { run, calls } = await runPlan(sim, {
      files: { [TASK_DEFINITION_PATH]: headTaskDefinition(), 'deploy/version': 'v0.6.6\n' },
      inputs: { 'version-file': 'deploy/version', version: '' },
      // A Region but no credentials: the SDK's credential chain finds nothing.
      env: { AWS_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true' },
      withoutAws: true
    })
    expectExit(run, 0)

    const comments = sim.github.comments(WORKFLOW_REPOSITORY, PR_NUMBER)
    expect(comments).toHaveLength(1)
    const body = comments[0].body
    expect(body.startsWith(planCommentMarker(CLUSTER, SERVICE))).toBe(true)
    expect(body).toContain('Offline plan')
    expect(body).toContain('ENABLE_SIGNUP')
    expect(body).not.toMatch(/^[-+].*WEBSOCKET_MANAGER/m)
    expect(mutatingAwsCalls(calls)).toEqual([])
    expectNoCanary(run, calls)
  })

  it('fails with a clear message when there is neither AWS nor a task-definition file', async () => {
    sim = await startPlanWorld({ baseFiles })
    const { run, calls } = await runPlan(sim, {
      inputs: { 'task-definition': '' },
      files: {},
      withoutAws: true
    })
    expectExit(run, 1)
    expect(run.stdout).toMatch(/task-definition/)
    expect(commentWrites(calls)).toEqual([])
  })
})
