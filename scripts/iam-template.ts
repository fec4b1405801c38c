import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import * as prettier from 'prettier'
import { stringify } from 'yaml'

/**
 * Generates docs/iam/roles.cloudformation.yaml from the policy documents beside it (deploy-policy.json,
 * plan-policy.json and the two trust policies), so the template and the documents cannot disagree: every
 * `<placeholder>` becomes a stack parameter or a pseudo parameter, and the statements a feature needs only
 * when it is used (Auto Scaling, ECR, the database snapshot) are kept by a condition on their parameter.
 *
 * `npm run docs` writes it; `npx tsx scripts/iam-template.ts --check` fails when it is stale.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const IAM = path.join(ROOT, 'docs/iam')
export const TEMPLATE_PATH = path.join(IAM, 'roles.cloudformation.yaml')

interface Parameter {
  Type: 'String'
  Description: string
  Default?: string
  AllowedValues?: string[]
  AllowedPattern?: string
}

/** Stack parameters, in the order the console shows them. */
export const PARAMETERS: Record<string, Parameter> = {
  GitHubRepository: {
    Type: 'String',
    Description: 'The repository whose workflows assume the roles: owner/name',
    AllowedPattern: '^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$'
  },
  DeployEnvironment: {
    Type: 'String',
    Description:
      "The GitHub environment of the deploy job (the example workflow's `environment: production`)",
    Default: 'production'
  },
  DeployRoleName: { Type: 'String', Description: 'Name of the deploy role', Default: 'open-webui-deploy' },
  PlanRoleName: {
    Type: 'String',
    Description: 'Name of the read-only plan role (pull requests)',
    Default: 'open-webui-plan'
  },
  Cluster: { Type: 'String', Description: 'ECS cluster name' },
  Service: { Type: 'String', Description: 'ECS service name', Default: 'open-webui' },
  TaskFamily: {
    Type: 'String',
    Description: "Task definition family (the service's current family)",
    Default: 'open-webui'
  },
  ContainerName: {
    Type: 'String',
    Description: 'The Open WebUI container (the container-name input)',
    Default: 'open-webui'
  },
  LogGroup: { Type: 'String', Description: 'awslogs-group of the Open WebUI container' },
  LogStreamPrefix: {
    Type: 'String',
    Description: 'awslogs-stream-prefix of the Open WebUI container',
    Default: 'ecs'
  },
  SecretPrefix: {
    Type: 'String',
    Description: "Common prefix of the secrets' names in Secrets Manager",
    Default: 'open-webui/'
  },
  TaskRoleName: { Type: 'String', Description: 'Name of the task role (taskRoleArn)' },
  ExecutionRoleName: { Type: 'String', Description: 'Name of the task execution role (executionRoleArn)' },
  ScalableTargetId: {
    Type: 'String',
    Description:
      "The id that ends the service's ScalableTargetARN (aws application-autoscaling describe-scalable-targets); empty without Service Auto Scaling",
    Default: ''
  },
  EcrRepository: {
    Type: 'String',
    Description:
      'ECR repository path when the image input is an ECR host (a mirror or pull-through cache), e.g. ghcr/open-webui/open-webui; empty otherwise',
    Default: ''
  },
  EcrRegion: {
    Type: 'String',
    Description: 'Region of that ECR host; empty: the stack Region',
    Default: ''
  },
  EcrAccountId: {
    Type: 'String',
    Description: 'Account id of that ECR host; empty: the stack account',
    Default: ''
  },
  TargetGroup: {
    Type: 'String',
    Description:
      "Name of the service's target group, for drain-seconds (its deregistration delay is lowered for the drain); empty without a load balancer",
    Default: ''
  },
  TargetGroupId: {
    Type: 'String',
    Description: 'The id that ends that target group ARN (targetgroup/NAME/ID)',
    Default: ''
  },
  LoadBalancer: {
    Type: 'String',
    Description:
      'Name of the Application Load Balancer in front of the service, for maintenance-page; empty without it',
    Default: ''
  },
  LoadBalancerId: {
    Type: 'String',
    Description: 'The id after its name in the load balancer ARN (loadbalancer/app/NAME/ID)',
    Default: ''
  },
  ListenerId: {
    Type: 'String',
    Description: 'The id that ends the ARN of its listener forwarding to the service',
    Default: ''
  },
  DbSnapshot: {
    Type: 'String',
    Description: 'The db-snapshot input: none, instance (RDS DB instance) or cluster (Aurora DB cluster)',
    Default: 'none',
    AllowedValues: ['none', 'instance', 'cluster']
  },
  DbIdentifier: {
    Type: 'String',
    Description: 'The db-identifier input, in lower case; empty with DbSnapshot none',
    Default: '',
    AllowedPattern: '^[a-z0-9-]*$'
  }
}

/** Each placeholder of the policy documents, as a Fn::Sub variable. */
export const PLACEHOLDERS: Record<string, string> = {
  '<region>': '${AWS::Region}',
  '<account-id>': '${AWS::AccountId}',
  '<cluster>': '${Cluster}',
  '<service>': '${Service}',
  '<task-family>': '${TaskFamily}',
  '<log-group>': '${LogGroup}',
  '<log-stream-prefix>': '${LogStreamPrefix}',
  '<container-name>': '${ContainerName}',
  '<secret-prefix>': '${SecretPrefix}',
  '<task-role>': '${TaskRoleName}',
  '<execution-role>': '${ExecutionRoleName}',
  '<scalable-target-id>': '${ScalableTargetId}',
  '<ecr-region>': '${EcrHostRegion}',
  '<ecr-account-id>': '${EcrHostAccountId}',
  '<ecr-repository>': '${EcrRepository}',
  '<target-group>': '${TargetGroup}',
  '<target-group-id>': '${TargetGroupId}',
  '<load-balancer>': '${LoadBalancer}',
  '<load-balancer-id>': '${LoadBalancerId}',
  '<listener-id>': '${ListenerId}',
  '<db-instance>': '${DbIdentifier}',
  '<db-cluster>': '${DbIdentifier}',
  '<github-repository>': '${GitHubRepository}',
  '<environment>': '${DeployEnvironment}'
}

/** Sub variables that are no parameter: values the template computes (the ECR host's Region and account). */
const COMPUTED: Record<string, unknown> = {
  EcrHostRegion: { 'Fn::If': ['EcrRegionGiven', { Ref: 'EcrRegion' }, { Ref: 'AWS::Region' }] },
  EcrHostAccountId: { 'Fn::If': ['EcrAccountGiven', { Ref: 'EcrAccountId' }, { Ref: 'AWS::AccountId' }] }
}

const CONDITIONS = {
  ScalingTarget: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'ScalableTargetId' }, ''] }] },
  ImageFromEcr: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'EcrRepository' }, ''] }] },
  EcrRegionGiven: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'EcrRegion' }, ''] }] },
  EcrAccountGiven: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'EcrAccountId' }, ''] }] },
  BehindTargetGroup: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'TargetGroup' }, ''] }] },
  MaintenancePage: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'LoadBalancer' }, ''] }] },
  SnapshotsInstance: { 'Fn::Equals': [{ Ref: 'DbSnapshot' }, 'instance'] },
  SnapshotsCluster: { 'Fn::Equals': [{ Ref: 'DbSnapshot' }, 'cluster'] }
}

/** The statements only some setups need (docs/iam/README.md), by Sid, and the condition that keeps them. */
export const OPTIONAL_STATEMENTS: Record<string, keyof typeof CONDITIONS> = {
  SuspendAndRestoreScaling: 'ScalingTarget',
  ReadImageDigestFromEcr: 'ImageFromEcr',
  LowerDeregistrationDelayForTheDrain: 'BehindTargetGroup',
  MaintenancePageRule: 'MaintenancePage',
  TagMaintenancePageRuleOnCreate: 'MaintenancePage',
  RemoveMaintenancePageRule: 'MaintenancePage',
  DescribeAndSnapshotDatabaseInstance: 'SnapshotsInstance',
  CreateAndFollowInstanceSnapshots: 'SnapshotsInstance',
  DescribeDatabaseInstance: 'SnapshotsInstance',
  DescribeAndSnapshotDatabaseCluster: 'SnapshotsCluster',
  CreateAndFollowClusterSnapshots: 'SnapshotsCluster',
  DescribeDatabaseCluster: 'SnapshotsCluster'
}

interface Statement {
  Sid?: string
  [key: string]: unknown
}
interface PolicyDocument {
  Version: string
  Statement: Statement[]
}

export function readPolicy(name: string): PolicyDocument {
  return JSON.parse(readFileSync(path.join(IAM, name), 'utf8')) as PolicyDocument
}

/** A string with placeholders as Fn::Sub; ARNs name the stack's partition, not only `aws`. */
function substitute(text: string): unknown {
  let replaced = text.replace(/^arn:aws:/, 'arn:${AWS::Partition}:')
  for (const placeholder of text.match(/<[a-z-]+>/g) ?? []) {
    const variable = PLACEHOLDERS[placeholder]
    if (!variable) throw new Error(`no stack parameter for the placeholder ${placeholder} in "${text}"`)
    replaced = replaced.replaceAll(placeholder, variable)
  }
  if (replaced === text) return text
  const computed = Object.keys(COMPUTED).filter(name => replaced.includes(`\${${name}}`))
  if (computed.length === 0) return { 'Fn::Sub': replaced }
  return { 'Fn::Sub': [replaced, Object.fromEntries(computed.map(name => [name, COMPUTED[name]]))] }
}

function substituteAll(value: unknown): unknown {
  if (typeof value === 'string') return substitute(value)
  if (Array.isArray(value)) return value.map(substituteAll)
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substituteAll(item)]))
  }
  return value
}

function policyDocument(policy: PolicyDocument): unknown {
  return {
    Version: policy.Version,
    Statement: policy.Statement.map(statement => {
      const document = substituteAll(statement)
      const condition = statement.Sid ? OPTIONAL_STATEMENTS[statement.Sid] : undefined
      return condition ? { 'Fn::If': [condition, document, { Ref: 'AWS::NoValue' }] } : document
    })
  }
}

/** The CloudFormation template: both roles, each with its trust policy and its managed policy. */
export function iamTemplate(): Record<string, unknown> {
  const role = (name: string, trust: string, policy: string, description: string) => ({
    [`${name}Policy`]: {
      Type: 'AWS::IAM::ManagedPolicy',
      Properties: {
        Description: description,
        PolicyDocument: policyDocument(readPolicy(policy))
      }
    },
    [`${name}Role`]: {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: { Ref: `${name}RoleName` },
        Description: description,
        AssumeRolePolicyDocument: policyDocument(readPolicy(trust)),
        ManagedPolicyArns: [{ Ref: `${name}Policy` }],
        MaxSessionDuration: 3600
      }
    }
  })
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description:
      'open-webui-ecs-deploy: the deploy role and the read-only plan role for GitHub Actions (OIDC), with the policies of docs/iam/. Generated by scripts/iam-template.ts from the JSON documents beside it.',
    Parameters: PARAMETERS,
    Conditions: CONDITIONS,
    Resources: {
      ...role(
        'Deploy',
        'trust-policy-deploy.json',
        'deploy-policy.json',
        'open-webui-ecs-deploy: mode deploy, from the deploy environment'
      ),
      ...role(
        'Plan',
        'trust-policy-plan.json',
        'plan-policy.json',
        'open-webui-ecs-deploy: mode plan (read-only), from pull requests'
      )
    },
    Outputs: {
      DeployRoleArn: {
        Description: 'role-to-assume of the deploy workflow',
        Value: { 'Fn::GetAtt': ['DeployRole', 'Arn'] }
      },
      PlanRoleArn: {
        Description: 'role-to-assume of the plan workflow',
        Value: { 'Fn::GetAtt': ['PlanRole', 'Arn'] }
      }
    }
  }
}

const HEADER = `# Generated by scripts/iam-template.ts from deploy-policy.json, plan-policy.json and the trust policies beside
# this file: edit those and run \`npm run docs\`. Creates both roles and their policies; no placeholder to edit.
#
#   aws cloudformation deploy --stack-name open-webui-ecs-deploy-iam --capabilities CAPABILITY_NAMED_IAM \\
#     --template-file docs/iam/roles.cloudformation.yaml --parameter-overrides GitHubRepository=acme/infrastructure \\
#     Cluster=prod LogGroup=/ecs/open-webui TaskRoleName=open-webui-task ExecutionRoleName=open-webui-execution
`

/** The template as committed: YAML in the long form of the intrinsic functions, formatted as the repo formats. */
export async function renderIamTemplate(): Promise<string> {
  const options = (await prettier.resolveConfig(TEMPLATE_PATH)) ?? {}
  const text = (HEADER + stringify(iamTemplate(), { lineWidth: 0, aliasDuplicateObjects: false }))
    // A YAML 1.1 reader (js-yaml 3, some linters) would read the bare date as a timestamp.
    .replace(/^AWSTemplateFormatVersion: (\S+)$/m, "AWSTemplateFormatVersion: '$1'")
  return prettier.format(text, { ...options, parser: 'yaml' })
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const rendered = await renderIamTemplate()
  let committed = ''
  try {
    committed = readFileSync(TEMPLATE_PATH, 'utf8')
  } catch {
    committed = ''
  }
  if (process.argv.includes('--check')) {
    if (committed !== rendered) {
      console.error(`${path.relative(ROOT, TEMPLATE_PATH)} is stale: run \`npm run docs\``)
      process.exit(1)
    }
    console.log(`${path.relative(ROOT, TEMPLATE_PATH)} matches the policy documents`)
  } else if (committed !== rendered) {
    writeFileSync(TEMPLATE_PATH, rendered)
    console.log(`${path.relative(ROOT, TEMPLATE_PATH)} written from the policy documents`)
  }
}
