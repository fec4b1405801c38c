import type { Simulator } from '../../simulator/src/index.js'
import type { CallRecord } from '../../simulator/src/simulator.js'

/**
 * What IAM authorizes for each AWS request the simulator recorded, and a small evaluator of Allow statements
 * (actions and resources with `*`/`?` wildcards; StringEquals, StringLike, ArnEquals and ArnLike conditions),
 * enough to tell whether a policy grants a request. The mapping follows the Service Authorization Reference:
 * an operation needs the action of its name; RegisterTaskDefinition with tags also needs ecs:TagResource (with
 * ecs:CreateAction), and with task or execution roles iam:PassRole (iam:PassedToService ecs-tasks.amazonaws.com);
 * CreateDBSnapshot / CreateDBClusterSnapshot name the database and the snapshot, and with tags rds:AddTagsToResource.
 */

export interface Permission {
  action: string
  resource: string
  context: Record<string, string>
}

export interface Statement {
  Sid?: string
  Effect: 'Allow' | 'Deny'
  Action: string | string[]
  Resource: string | string[]
  Condition?: Record<string, Record<string, string | string[]>>
}

export interface PolicyDocument {
  Version: string
  Statement: Statement[]
}

const IAM_PREFIX: Record<string, string> = {
  ecs: 'ecs',
  secretsmanager: 'secretsmanager',
  logs: 'logs',
  autoscaling: 'application-autoscaling',
  elbv2: 'elasticloadbalancing',
  ecr: 'ecr',
  rds: 'rds'
}

type Json = Record<string, unknown>

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)]
}

function nameOf(reference: string): string {
  return reference.includes('/') && reference.startsWith('arn:')
    ? reference.slice(reference.lastIndexOf('/') + 1)
    : reference
}

/** The permissions one recorded AWS request needs; [] for calls that are not AWS. */
export function permissionsFor(call: CallRecord, sim: Simulator): Permission[] {
  const prefix = IAM_PREFIX[call.service]
  if (!prefix) return []
  const request = (call.request ?? {}) as Json
  const ecs = `arn:aws:ecs:${sim.region}:${sim.accountId}`
  const rds = `arn:aws:rds:${sim.region}:${sim.accountId}`
  const clusterArn = (cluster: unknown) => `${ecs}:cluster/${nameOf(String(cluster ?? 'default'))}`
  const action = `${prefix}:${call.operation}`
  const one = (resource: string, context: Record<string, string> = {}): Permission => ({
    action,
    resource,
    context
  })
  switch (`${call.service} ${call.operation}`) {
    case 'ecs DescribeClusters':
      return strings(request.clusters).map(cluster => one(clusterArn(cluster)))
    case 'ecs DescribeServices':
      return strings(request.services).map(service =>
        one(`${ecs}:service/${nameOf(String(request.cluster))}/${nameOf(service)}`)
      )
    case 'ecs UpdateService':
      return [one(`${ecs}:service/${nameOf(String(request.cluster))}/${nameOf(String(request.service))}`)]
    case 'ecs ListTasks':
      return [one('*', { 'ecs:cluster': clusterArn(request.cluster) })]
    case 'ecs DescribeTasks':
      return strings(request.tasks).map(task =>
        one(task.startsWith('arn:') ? task : `${ecs}:task/${nameOf(String(request.cluster))}/${task}`, {
          'ecs:cluster': clusterArn(request.cluster)
        })
      )
    case 'ecs TagResource':
    case 'ecs UntagResource':
      return [one(String(request.resourceArn))]
    case 'ecs DescribeServiceDeployments':
      return strings(request.serviceDeploymentArns).map(arn => one(arn))
    case 'ecs RegisterTaskDefinition':
      return registerTaskDefinition(request, ecs, one)
    case 'secretsmanager DescribeSecret': {
      const id = String(request.SecretId)
      return [one(id.startsWith('arn:') ? id : sim.secretsManager.arnOf(id))]
    }
    case 'logs GetLogEvents':
      return [
        one(
          `arn:aws:logs:${sim.region}:${sim.accountId}:log-group:${String(request.logGroupName)}:log-stream:${String(request.logStreamName)}`
        )
      ]
    case 'ecr BatchGetImage':
      // The registry's account is the request's registryId; its Region is the ECR host's (the simulator's).
      return [
        one(
          `arn:aws:ecr:${sim.region}:${String(request.registryId ?? sim.accountId)}:repository/${String(request.repositoryName)}`
        )
      ]
    case 'rds DescribeDBInstances':
      return [one(`${rds}:db:${String(request.DBInstanceIdentifier).toLowerCase()}`)]
    case 'rds DescribeDBClusters':
      return [one(`${rds}:cluster:${String(request.DBClusterIdentifier).toLowerCase()}`)]
    // By snapshot identifier: that snapshot; the snapshots of one database (a downgrade's lookup): that database.
    case 'rds DescribeDBSnapshots':
      return request.DBSnapshotIdentifier === undefined
        ? [one(`${rds}:db:${String(request.DBInstanceIdentifier).toLowerCase()}`)]
        : [one(`${rds}:snapshot:${String(request.DBSnapshotIdentifier).toLowerCase()}`)]
    case 'rds DescribeDBClusterSnapshots':
      return request.DBClusterSnapshotIdentifier === undefined
        ? [one(`${rds}:cluster:${String(request.DBClusterIdentifier).toLowerCase()}`)]
        : [one(`${rds}:cluster-snapshot:${String(request.DBClusterSnapshotIdentifier).toLowerCase()}`)]
    case 'rds CreateDBSnapshot':
      return createSnapshot(
        one,
        `${rds}:db:${String(request.DBInstanceIdentifier).toLowerCase()}`,
        `${rds}:snapshot:${String(request.DBSnapshotIdentifier).toLowerCase()}`,
        request.Tags
      )
    case 'rds CreateDBClusterSnapshot':
      return createSnapshot(
        one,
        `${rds}:cluster:${String(request.DBClusterIdentifier).toLowerCase()}`,
        `${rds}:cluster-snapshot:${String(request.DBClusterSnapshotIdentifier).toLowerCase()}`,
        request.Tags
      )
    case 'autoscaling RegisterScalableTarget': {
      const target = sim.autoScaling.all().find(item => item.resourceId === request.ResourceId)
      return [one(target?.arn ?? '*')]
    }
    default:
      // Operations without resource-level permissions (the Describe* of task definitions, scalable targets and
      // target groups), and any operation this mapping does not know yet: authorised on "*".
      return [one('*')]
  }
}

/**
 * CreateDBSnapshot needs the action on both the database and the new snapshot (resource types db and snapshot,
 * both required); with tags, RDS also authorises rds:AddTagsToResource on the snapshot ("Grant permission to tag
 * Amazon RDS resources during creation", RDS User Guide). The cluster operation is the same with cluster types.
 */
function createSnapshot(
  one: (resource: string) => Permission,
  database: string,
  snapshot: string,
  tags: unknown
): Permission[] {
  const permissions = [one(database), one(snapshot)]
  if (Array.isArray(tags) && tags.length > 0)
    permissions.push({ action: 'rds:AddTagsToResource', resource: snapshot, context: {} })
  return permissions
}

function registerTaskDefinition(
  request: Json,
  ecs: string,
  one: (resource: string, context?: Record<string, string>) => Permission
): Permission[] {
  const permissions = [one('*')]
  const family = String(request.family)
  if (Array.isArray(request.tags) && request.tags.length > 0) {
    // The new revision's number is not in the request; any revision of the family is the resource.
    permissions.push({
      action: 'ecs:TagResource',
      resource: `${ecs}:task-definition/${family}:1`,
      context: { 'ecs:CreateAction': 'RegisterTaskDefinition' }
    })
  }
  for (const role of [request.taskRoleArn, request.executionRoleArn]) {
    if (typeof role !== 'string' || role === '') continue
    permissions.push({
      action: 'iam:PassRole',
      resource: role,
      context: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' }
    })
  }
  return permissions
}

/** `*` and `?` as IAM matches them, case-sensitive (actions are compared case-insensitively by the caller). */
export function wildcardMatch(pattern: string, value: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.')
  return new RegExp(`^${source}$`).test(value)
}

function conditionsHold(condition: Statement['Condition'], context: Record<string, string>): boolean {
  for (const [operator, keys] of Object.entries(condition ?? {})) {
    for (const [key, wanted] of Object.entries(keys)) {
      const actual = context[key]
      if (actual === undefined) return false
      const values = strings(wanted)
      const exact = operator === 'StringEquals' || operator === 'ArnEquals'
      const like = operator === 'StringLike' || operator === 'ArnLike'
      if (!exact && !like)
        throw new Error(`condition operator ${operator} is not supported by this evaluator`)
      if (!values.some(value => (exact ? value === actual : wildcardMatch(value, actual)))) return false
    }
  }
  return true
}

/** The Allow statements that grant this permission. */
export function grantingStatements(policy: PolicyDocument, permission: Permission): Statement[] {
  return policy.Statement.filter(
    statement =>
      statement.Effect === 'Allow' &&
      strings(statement.Action).some(action =>
        wildcardMatch(action.toLowerCase(), permission.action.toLowerCase())
      ) &&
      strings(statement.Resource).some(resource => wildcardMatch(resource, permission.resource)) &&
      conditionsHold(statement.Condition, permission.context)
  )
}

/** Replaces the policy file's `<placeholders>` with the values of one world. */
export function instantiate(policy: PolicyDocument, values: Record<string, string>): PolicyDocument {
  let text = JSON.stringify(policy)
  for (const [placeholder, value] of Object.entries(values)) text = text.split(placeholder).join(value)
  const left = /<[a-z-]+>/.exec(text)
  if (left) throw new Error(`placeholder ${left[0]} has no value`)
  return JSON.parse(text) as PolicyDocument
}

export function actionsOf(policy: PolicyDocument): string[] {
  return [...new Set(policy.Statement.flatMap(statement => strings(statement.Action)))].sort()
}
