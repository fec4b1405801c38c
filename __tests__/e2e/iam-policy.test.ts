import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse as parseYaml } from 'yaml'
import type { Simulator } from '../../simulator/src/index.js'
import { ACCOUNT, CLUSTER, REGION, SERVICE } from '../fixtures/open-webui.js'
import { awsCalls, describeRun } from '../support/deploy-world.js'
import { neededPermissions, type Permissions } from '../support/github-permissions.js'
import {
  actionsOf,
  grantingStatements,
  instantiate,
  permissionsFor,
  type Permission,
  type PolicyDocument
} from '../support/iam.js'
import {
  WORKFLOW_REPOSITORY,
  runModeFlows,
  startFlowWorld,
  type FlowRun,
  type Role
} from '../support/mode-flows.js'

/**
 * Least privilege, proven against representative runs of every mode: each AWS request the action made is
 * granted by its role's policy in docs/iam-policy.json (action, resource ARN and condition), and each action and
 * statement of a policy was needed by some request. Same for the GitHub token: the `permissions:` of each
 * example workflow are exactly what its mode's requests need (plus what the example's other steps need).
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const policyFile = JSON.parse(readFileSync(path.join(ROOT, 'docs/iam-policy.json'), 'utf8')) as {
  placeholders: Record<string, string>
  policies: Record<'deploy' | 'plan', PolicyDocument>
}

const WORLD_VALUES = {
  '<region>': REGION,
  '<account-id>': ACCOUNT,
  '<cluster>': CLUSTER,
  '<service>': SERVICE,
  '<task-family>': 'open-webui',
  '<log-group>': '/ecs/open-webui',
  '<secret-prefix>': 'open-webui/',
  '<task-role>': 'open-webui-task',
  '<execution-role>': 'open-webui-execution'
}

/** Actions the Service Authorization Reference lists without a resource type: only "*" can name them. */
const WITHOUT_RESOURCE_LEVEL = new Set([
  'ecs:DescribeTaskDefinition',
  'ecs:RegisterTaskDefinition',
  'ecs:ListTasks',
  'application-autoscaling:DescribeScalableTargets',
  'elasticloadbalancing:DescribeTargetGroups',
  'elasticloadbalancing:DescribeTargetGroupAttributes'
])

let sim: Simulator
let flows: FlowRun[]

beforeAll(async () => {
  sim = await startFlowWorld()
  flows = await runModeFlows(sim)
})

afterAll(async () => {
  await sim?.stop()
})

function permissionsOf(role: Role): { flow: string; call: string; permission: Permission }[] {
  return flows
    .filter(flow => flow.role === role)
    .flatMap(flow =>
      awsCalls(flow.calls).flatMap(call =>
        permissionsFor(call, sim).map(permission => ({ flow: flow.name, call: call.operation, permission }))
      )
    )
}

function policy(role: 'deploy' | 'plan'): PolicyDocument {
  return instantiate(policyFile.policies[role], WORLD_VALUES)
}

describe('the representative runs', () => {
  it('ended as each flow should', () => {
    for (const flow of flows) {
      if (flow.run.code !== flow.exit) throw new Error(`${flow.name}: ${describeRun(flow.run)}`)
    }
    expect(flows.map(flow => flow.name)).toHaveLength(7)
  })

  it('never read a secret value, and resolve and bump made no AWS request', () => {
    expect(flows.flatMap(flow => flow.calls).filter(call => call.operation === 'GetSecretValue')).toEqual([])
    for (const flow of flows.filter(flow => flow.role === 'none')) expect(awsCalls(flow.calls)).toEqual([])
  })
})

describe.each(['deploy', 'plan'] as const)('docs/iam-policy.json: the %s policy', role => {
  it('names every placeholder it uses', () => {
    const text = JSON.stringify(policyFile.policies[role])
    for (const placeholder of text.match(/<[a-z-]+>/g) ?? [])
      expect(Object.keys(policyFile.placeholders)).toContain(placeholder)
  })

  it('grants every AWS request the action made in this role, resource and condition included', () => {
    const used = permissionsOf(role)
    expect(used.length).toBeGreaterThan(0)
    const denied = used
      .filter(({ permission }) => grantingStatements(policy(role), permission).length === 0)
      .map(
        ({ flow, call, permission }) =>
          `${flow}: ${call} needs ${permission.action} on ${permission.resource}`
      )
    expect([...new Set(denied)]).toEqual([])
  })

  it('grants no action and no statement that no request needed', () => {
    const used = permissionsOf(role).map(({ permission }) => permission)
    const usedActions = new Set(used.map(permission => permission.action))
    expect(actionsOf(policy(role)).filter(action => !usedActions.has(action))).toEqual([])
    const document = policy(role)
    const idle = document.Statement.filter(
      statement =>
        !used.some(
          permission => grantingStatements({ ...document, Statement: [statement] }, permission).length > 0
        )
    ).map(statement => statement.Sid)
    expect(idle).toEqual([])
  })

  it('uses Resource "*" only for actions without resource-level permissions', () => {
    for (const statement of policy(role).Statement) {
      const resources = [statement.Resource].flat()
      if (!resources.includes('*')) continue
      for (const action of [statement.Action].flat()) expect(WITHOUT_RESOURCE_LEVEL).toContain(action)
    }
  })

  it('does not reach another service, cluster, secret or role', () => {
    const document = policy(role)
    const foreign: Permission[] = [
      {
        action: 'ecs:DescribeServices',
        resource: `arn:aws:ecs:${REGION}:${ACCOUNT}:service/${CLUSTER}/billing`,
        context: {}
      },
      {
        action: 'ecs:DescribeClusters',
        resource: `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/staging`,
        context: {}
      },
      {
        action: 'secretsmanager:DescribeSecret',
        resource: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:billing/db-AbCdEf`,
        context: {}
      },
      {
        action: 'secretsmanager:GetSecretValue',
        resource: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:open-webui/db-AbCdEf`,
        context: {}
      },
      {
        action: 'ecs:UpdateService',
        resource: `arn:aws:ecs:${REGION}:${ACCOUNT}:service/${CLUSTER}/billing`,
        context: {}
      },
      {
        action: 'ecs:ListTasks',
        resource: '*',
        context: { 'ecs:cluster': `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/staging` }
      },
      {
        action: 'iam:PassRole',
        resource: `arn:aws:iam::${ACCOUNT}:role/admin`,
        context: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' }
      },
      {
        action: 'iam:PassRole',
        resource: `arn:aws:iam::${ACCOUNT}:role/open-webui-task`,
        context: { 'iam:PassedToService': 'lambda.amazonaws.com' }
      }
    ]
    for (const permission of foreign) expect(grantingStatements(document, permission)).toEqual([])
  })
})

it('the plan policy is read-only', () => {
  for (const action of actionsOf(policy('plan'))) expect(action.split(':')[1]).toMatch(/^(Describe|List|Get)/)
  expect(actionsOf(policy('plan')).filter(action => !actionsOf(policy('deploy')).includes(action))).toEqual(
    []
  )
})

describe('examples/*.yml: GitHub token permissions', () => {
  interface Workflow {
    permissions?: Record<string, string>
    jobs: Record<
      string,
      { permissions?: Record<string, string>; steps: { uses?: string; with?: Record<string, string> }[] }
    >
  }

  function declared(name: string): { mode: string; permissions: Permissions; uses: string[] } {
    const workflow = parseYaml(readFileSync(path.join(ROOT, 'examples', name), 'utf8')) as Workflow
    const job = Object.values(workflow.jobs)[0]
    const step = job.steps.find(item => item.uses?.includes('open-webui-ecs-deploy'))!
    return {
      mode: step.with?.mode ?? 'deploy',
      permissions: (job.permissions ?? workflow.permissions ?? {}) as Permissions,
      uses: job.steps.map(item => item.uses ?? '')
    }
  }

  it.each(['deploy.yml', 'plan.yml', 'bump.yml'])('%s declares exactly what its runs need', name => {
    const example = declared(name)
    const calls = flows.filter(flow => flow.mode === example.mode).flatMap(flow => flow.calls)
    const expected: Record<string, string> = { ...neededPermissions(calls, WORKFLOW_REPOSITORY) }
    // actions/checkout reads the repository; configure-aws-credentials with a role assumes it through OIDC.
    if (example.uses.some(uses => uses.startsWith('actions/checkout@')) && !expected.contents)
      expected.contents = 'read'
    if (example.uses.some(uses => uses.startsWith('aws-actions/configure-aws-credentials@')))
      expected['id-token'] = 'write'
    expect(example.permissions).toEqual(expected)
  })
})
