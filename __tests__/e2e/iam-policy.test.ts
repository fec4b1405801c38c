import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse as parseYaml } from 'yaml'
import type { Simulator } from '../../simulator/src/index.js'
import { startSimulator } from '../../simulator/src/index.js'
import type { CallRecord } from '../../simulator/src/simulator.js'
import { ACCOUNT, CLUSTER, REGION, SERVICE, registryTags, standardScenario } from '../fixtures/open-webui.js'
import {
  AWS_SERVICE_NAMES,
  deployInputs,
  describeRun,
  runAgainst,
  startDeployWorld
} from '../support/deploy-world.js'
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
 * Least privilege, proven against representative runs of every mode (and a dry run and a deploy of an image
 * mirrored in Amazon ECR): each AWS request the action made is granted by its role's policy in docs/iam/
 * (action, resource ARN and condition), each action and statement of a policy was needed by some request, and no
 * statement reaches further than the resources the requests touched. Same for the GitHub token: the `permissions:` of each
 * example workflow are exactly what its mode's requests need (plus what the example's other steps need).
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const POLICY_FILES = { deploy: 'docs/iam/deploy-policy.json', plan: 'docs/iam/plan-policy.json' } as const
const documents = Object.fromEntries(
  Object.entries(POLICY_FILES).map(([role, file]) => [
    role,
    JSON.parse(readFileSync(path.join(ROOT, file), 'utf8')) as PolicyDocument
  ])
) as Record<'deploy' | 'plan', PolicyDocument>
/** The placeholders docs/iam/README.md explains, from its table. */
const PLACEHOLDERS = [
  ...readFileSync(path.join(ROOT, 'docs/iam/README.md'), 'utf8').matchAll(/^\| `(<[a-z-]+>)` \|/gm)
].map(match => match[1])

const ECR_HOST = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com`
const ECR_REPOSITORY = 'ghcr/open-webui/open-webui'
const DB_INSTANCE = 'open-webui-db'
const DB_CLUSTER = 'open-webui-aurora'

const WORLD_VALUES = {
  '<region>': REGION,
  '<account-id>': ACCOUNT,
  '<cluster>': CLUSTER,
  '<service>': SERVICE,
  '<task-family>': 'open-webui',
  '<log-group>': '/ecs/open-webui',
  '<log-stream-prefix>': 'ecs',
  '<container-name>': 'open-webui',
  '<secret-prefix>': 'open-webui/',
  '<task-role>': 'open-webui-task',
  '<execution-role>': 'open-webui-execution',
  '<ecr-region>': REGION,
  '<ecr-account-id>': ACCOUNT,
  '<ecr-repository>': ECR_REPOSITORY,
  '<db-instance>': DB_INSTANCE,
  '<db-cluster>': DB_CLUSTER
}
/** Filled in once the world exists: the id AWS gave the service's scalable target. */
const values: Record<string, string> = { ...WORLD_VALUES }

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
let ecrSim: Simulator
/** Worlds with an RDS DB instance and an Aurora cluster, for the `db-snapshot` flows. */
const databaseSims: Simulator[] = []
let flows: FlowRun[]
/** The simulator each flow ran against (the ECR flows have their own). */
const worldOf = new Map<FlowRun, Simulator>()

function awsCalls(calls: CallRecord[]): CallRecord[] {
  return calls.filter(call => AWS_SERVICE_NAMES.has(call.service) || call.service === 'ecr')
}

function scalableTargetId(world: Simulator): string {
  const target = world.autoScaling.all().find(item => item.resourceId === `service/${CLUSTER}/${SERVICE}`)
  return target!.arn.split('/').at(-1)!
}

beforeAll(async () => {
  sim = await startFlowWorld()
  flows = await runModeFlows(sim)
  for (const flow of flows) worldOf.set(flow, sim)
  // The same service with its image mirrored through an ECR pull-through cache: a dry run and a deploy.
  const scenario = standardScenario({ registryHost: `${ECR_HOST}/ghcr`, runningVersion: '0.6.6' })
  scenario.registry = { repositories: { [ECR_REPOSITORY]: registryTags()['open-webui/open-webui'] } }
  ecrSim = await startSimulator(scenario)
  const image = `${ECR_HOST}/${ECR_REPOSITORY}`
  for (const [name, role, inputs] of [
    ['ECR image: deploy dry-run', 'plan', { 'dry-run': 'true' }],
    ['ECR image: deploy rolling', 'deploy', { version: 'v0.6.7' }]
  ] as const) {
    const record = await runAgainst(ecrSim, { ...deployInputs(ecrSim, inputs), image })
    const flow: FlowRun = { name, mode: 'deploy', role, exit: 0, ...record }
    flows.push(flow)
    worldOf.set(flow, ecrSim)
  }
  for (const [kind, identifier] of [
    ['instance', DB_INSTANCE],
    ['cluster', DB_CLUSTER]
  ] as const) {
    const world = await startDeployWorld({}, scenario => ({
      ...scenario,
      rds: kind === 'instance' ? { instances: [{ identifier }] } : { clusters: [{ identifier }] }
    }))
    databaseSims.push(world)
    const snapshot = { 'db-snapshot': kind, 'db-identifier': identifier }
    // After the upgrade, a downgrade across its migration is refused, naming the snapshot it looked up.
    const downgrade = { ...snapshot, version: 'v0.6.5' }
    for (const [name, role, inputs, exit] of [
      [`database snapshot (${kind}): deploy dry-run`, 'plan', { ...snapshot, 'dry-run': 'true' }, 0],
      [`database snapshot (${kind}): deploy with migrations`, 'deploy', snapshot, 0],
      [
        `database snapshot (${kind}): refused downgrade, dry-run`,
        'plan',
        { ...downgrade, 'dry-run': 'true' },
        1
      ],
      [`database snapshot (${kind}): refused downgrade`, 'deploy', downgrade, 1]
    ] as const) {
      const record = await runAgainst(world, deployInputs(world, inputs))
      const flow: FlowRun = { name, mode: 'deploy', role, exit, ...record }
      flows.push(flow)
      worldOf.set(flow, world)
    }
  }
  values['<scalable-target-id>'] = scalableTargetId(sim)
}, 240_000)

afterAll(async () => {
  await sim?.stop()
  await ecrSim?.stop()
  for (const world of databaseSims) await world.stop()
})

function permissionsOf(role: Role): { flow: string; call: string; permission: Permission }[] {
  return flows
    .filter(flow => flow.role === role)
    .flatMap(flow =>
      awsCalls(flow.calls).flatMap(call =>
        permissionsFor(call, worldOf.get(flow)!).map(permission => ({
          flow: flow.name,
          call: call.operation,
          permission
        }))
      )
    )
}

function policy(role: 'deploy' | 'plan'): PolicyDocument {
  return instantiate(documents[role], values)
}

describe('the representative runs', () => {
  it('ended as each flow should', () => {
    for (const flow of flows) {
      if (flow.run.code !== flow.exit) throw new Error(`${flow.name}: ${describeRun(flow.run)}`)
    }
    expect(flows.map(flow => flow.name)).toHaveLength(17)
    const operations = new Set(flows.flatMap(flow => flow.calls).map(call => call.operation))
    for (const operation of ['BatchGetImage', 'CreateDBSnapshot', 'CreateDBClusterSnapshot'])
      expect(operations).toContain(operation)
  })

  it('never read a secret value, and resolve and bump made no AWS request', () => {
    expect(flows.flatMap(flow => flow.calls).filter(call => call.operation === 'GetSecretValue')).toEqual([])
    for (const flow of flows.filter(flow => flow.role === 'none')) expect(awsCalls(flow.calls)).toEqual([])
  })
})

describe.each(['deploy', 'plan'] as const)('docs/iam/%s-policy.json', role => {
  it('is one policy document, attachable as it is, whose placeholders docs/iam/README.md explains', () => {
    expect(Object.keys(documents[role]).sort()).toEqual(['Statement', 'Version'])
    expect(documents[role].Version).toBe('2012-10-17')
    const text = JSON.stringify(documents[role])
    for (const placeholder of text.match(/<[a-z-]+>/g) ?? []) expect(PLACEHOLDERS).toContain(placeholder)
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

  /**
   * A resource pattern may leave a part of an ARN open (`*`) only where the resources the requests touched
   * differ in that part (secret names under the prefix), or in the last part of a resource the run itself
   * creates, whose id AWS makes then (a task, a service deployment, a task-definition revision). Each touched
   * resource is changed in one part at a time; a pattern that still grants the changed resource is broader than
   * needed. Resources that exist before the run (the service, its scalable target) must be named exactly.
   */
  it('grants no statement on more resources than the requests touched', () => {
    const CREATED_BY_THE_RUN = new Set([
      'logs:GetLogEvents',
      'ecs:DescribeTasks',
      'ecs:DescribeServiceDeployments',
      'ecs:TagResource',
      'rds:AddTagsToResource',
      'rds:DescribeDBSnapshots',
      'rds:DescribeDBClusterSnapshots'
    ])
    /** CreateDB(Cluster)Snapshot names the database (exactly) and the snapshot the run makes (open). */
    const createdOnlyIn = (permission: Permission) =>
      /^rds:CreateDB(Cluster)?Snapshot$/.test(permission.action) &&
      /:(cluster-)?snapshot:/.test(permission.resource)
    const split = (arn: string) => arn.split(/([:/])/)
    const used = permissionsOf(role).map(({ permission }) => permission)
    const broader: string[] = []
    for (const statement of policy(role).Statement) {
      const patterns = [statement.Resource].flat().filter(resource => resource !== '*')
      const single = { ...policy(role), Statement: [{ ...statement, Condition: undefined }] }
      const touched = used.filter(permission => grantingStatements(single, permission).length > 0)
      for (const pattern of patterns) {
        const mine = touched.filter(
          permission =>
            grantingStatements(
              { ...single, Statement: [{ ...single.Statement[0], Resource: pattern }] },
              permission
            ).length > 0
        )
        for (const permission of mine) {
          const parts = split(permission.resource)
          for (let index = 0; index < parts.length; index += 2) {
            if (
              index === parts.length - 1 &&
              (CREATED_BY_THE_RUN.has(permission.action) || createdOnlyIn(permission))
            )
              continue
            const varies = new Set(mine.map(other => split(other.resource)[index])).size > 1
            if (varies) continue
            const changed = [...parts]
            changed[index] = `${parts[index]}x`
            const resource = changed.join('')
            const grants =
              grantingStatements(
                { ...single, Statement: [{ ...single.Statement[0], Resource: pattern }] },
                { ...permission, resource }
              ).length > 0
            if (grants) broader.push(`${statement.Sid}: ${pattern} also grants ${resource}`)
          }
        }
      }
    }
    expect([...new Set(broader)]).toEqual([])
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
  for (const action of actionsOf(policy('plan')))
    expect(action.split(':')[1]).toMatch(/^(Describe|List|Get|BatchGet)/)
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
