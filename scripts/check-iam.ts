import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { lintPolicy, validateIdentityPolicy, validateTrustPolicy } from '@cloud-copilot/iam-policy'
import { parse } from 'yaml'
import { PARAMETERS, TEMPLATE_PATH, readPolicy, renderIamTemplate } from './iam-template.js'

/**
 * Checks the IAM documents users attach (`npx tsx scripts/check-iam.ts`, run by .ci/run and a unit test):
 * - the policies and trust policies of docs/iam/ are valid IAM (@cloud-copilot/iam-policy's validators);
 * - the CloudFormation template is the one the generator makes from them, and is valid against the
 *   CloudFormation resource specification (@aws-cdk/cfnspec): known resource types and properties, required
 *   properties present, every Ref, GetAtt, condition and Sub variable defined;
 * - evaluated with sample parameters in each of its conditional setups, its policies are valid IAM with no
 *   placeholder or unresolved variable left.
 */

const require = createRequire(import.meta.url)

interface PropertySpec {
  Required?: boolean
  PrimitiveType?: string
  Type?: string
  PrimitiveItemType?: string
}
interface ResourceSpec {
  Properties?: Record<string, PropertySpec>
  Attributes?: Record<string, unknown>
}
interface Specification {
  ResourceTypes: Record<string, ResourceSpec>
}

let specification: Specification | undefined
function resourceTypes(): Record<string, ResourceSpec> {
  specification ??= require('@aws-cdk/cfnspec/spec/specification.json') as Specification
  return specification.ResourceTypes
}

const PSEUDO_PARAMETERS = new Set([
  'AWS::AccountId',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
  'AWS::NotificationARNs'
])
const TEMPLATE_SECTIONS = new Set([
  'AWSTemplateFormatVersion',
  'Description',
  'Metadata',
  'Parameters',
  'Rules',
  'Mappings',
  'Conditions',
  'Transform',
  'Resources',
  'Outputs'
])
const PARAMETER_KEYS = new Set([
  'Type',
  'Description',
  'Default',
  'AllowedValues',
  'AllowedPattern',
  'ConstraintDescription',
  'MaxLength',
  'MinLength',
  'MaxValue',
  'MinValue',
  'NoEcho'
])

interface Template {
  AWSTemplateFormatVersion?: string
  Parameters?: Record<string, Record<string, unknown>>
  Conditions?: Record<string, unknown>
  Resources?: Record<string, { Type: string; Properties?: Record<string, unknown>; [key: string]: unknown }>
  Outputs?: Record<string, { Value: unknown; Description?: string }>
  [section: string]: unknown
}

/** Problems of a CloudFormation template against the resource specification, each with where it is. */
export function validateTemplate(template: Template): string[] {
  const problems: string[] = []
  for (const section of Object.keys(template)) {
    if (!TEMPLATE_SECTIONS.has(section)) problems.push(`${section}: not a template section`)
  }
  if (template.AWSTemplateFormatVersion !== '2010-09-09') {
    problems.push(
      `AWSTemplateFormatVersion: expected '2010-09-09', got ${String(template.AWSTemplateFormatVersion)}`
    )
  }
  const parameters = template.Parameters ?? {}
  const conditions = new Set(Object.keys(template.Conditions ?? {}))
  const resources = template.Resources ?? {}
  if (Object.keys(resources).length === 0) problems.push('Resources: a template needs at least one')

  for (const [name, parameter] of Object.entries(parameters)) {
    for (const key of Object.keys(parameter)) {
      if (!PARAMETER_KEYS.has(key)) problems.push(`Parameters.${name}.${key}: not a parameter property`)
    }
    if (parameter.Type !== 'String' && parameter.Type !== 'Number') {
      problems.push(`Parameters.${name}.Type: expected String or Number`)
    }
    const allowed = parameter.AllowedValues as unknown[] | undefined
    if ('Default' in parameter && allowed && !allowed.includes(parameter.Default)) {
      problems.push(`Parameters.${name}.Default: not one of its AllowedValues`)
    }
    const pattern = parameter.AllowedPattern as string | undefined
    if ('Default' in parameter && pattern && !new RegExp(pattern).test(String(parameter.Default))) {
      problems.push(`Parameters.${name}.Default: does not match its AllowedPattern`)
    }
  }

  const names = {
    refs: new Set([...Object.keys(parameters), ...Object.keys(resources), ...PSEUDO_PARAMETERS]),
    conditions,
    resources
  }
  for (const [name, condition] of Object.entries(template.Conditions ?? {})) {
    checkIntrinsics(condition, `Conditions.${name}`, names, problems)
  }
  const types = resourceTypes()
  for (const [name, resource] of Object.entries(resources)) {
    const where = `Resources.${name}`
    const spec = types[resource.Type]
    if (!spec) {
      problems.push(`${where}.Type: ${resource.Type} is not a CloudFormation resource type`)
      continue
    }
    const properties = resource.Properties ?? {}
    for (const [property, value] of Object.entries(properties)) {
      const propertySpec = spec.Properties?.[property]
      if (!propertySpec) {
        problems.push(`${where}.Properties.${property}: not a property of ${resource.Type}`)
        continue
      }
      checkShape(value, propertySpec, `${where}.Properties.${property}`, problems)
      checkIntrinsics(value, `${where}.Properties.${property}`, names, problems)
    }
    for (const [property, propertySpec] of Object.entries(spec.Properties ?? {})) {
      if (propertySpec.Required && !(property in properties)) {
        problems.push(`${where}.Properties.${property}: required by ${resource.Type}`)
      }
    }
  }
  for (const [name, output] of Object.entries(template.Outputs ?? {})) {
    checkIntrinsics(output.Value, `Outputs.${name}.Value`, names, problems)
  }
  return problems
}

function isIntrinsic(value: unknown): boolean {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false
  const keys = Object.keys(value)
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))
}

function checkShape(value: unknown, spec: PropertySpec, where: string, problems: string[]): void {
  if (isIntrinsic(value)) return
  if (spec.Type === 'List') {
    if (!Array.isArray(value)) problems.push(`${where}: expected a list`)
    return
  }
  const primitive = spec.PrimitiveType
  if (primitive === 'String' && typeof value !== 'string') problems.push(`${where}: expected a string`)
  if (primitive === 'Integer' && !Number.isInteger(Number(value)))
    problems.push(`${where}: expected an integer`)
  if (primitive === 'Json' && (typeof value !== 'object' || value === null)) {
    problems.push(`${where}: expected a JSON object`)
  }
}

interface Names {
  refs: Set<string>
  conditions: Set<string>
  resources: Template['Resources'] & object
}

function checkIntrinsics(value: unknown, where: string, names: Names, problems: string[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => checkIntrinsics(item, `${where}[${index}]`, names, problems))
    return
  }
  if (!value || typeof value !== 'object') return
  for (const [key, argument] of Object.entries(value)) {
    const at = `${where}.${key}`
    if (key === 'Ref' && !names.refs.has(String(argument)))
      problems.push(`${at}: ${String(argument)} is not defined`)
    if (key === 'Condition' && typeof argument === 'string' && !names.conditions.has(argument)) {
      problems.push(`${at}: no condition ${argument}`)
    }
    if (key === 'Fn::If') {
      const [condition] = argument as [string]
      if (!names.conditions.has(condition)) problems.push(`${at}: no condition ${condition}`)
    }
    if (key === 'Fn::GetAtt') {
      const [resource, attribute] = argument as [string, string]
      const type = names.resources[resource]?.Type
      const attributes = type ? resourceTypes()[type]?.Attributes : undefined
      if (!attributes || !(attribute in attributes))
        problems.push(`${at}: ${resource}.${attribute} is not defined`)
    }
    if (key === 'Fn::Sub') {
      const [text, local] = (Array.isArray(argument) ? argument : [argument, {}]) as [string, object]
      for (const match of String(text).matchAll(/\$\{([^}!]+)\}/g)) {
        if (!names.refs.has(match[1]) && !(match[1] in local))
          problems.push(`${at}: \${${match[1]}} is not defined`)
      }
    }
    checkIntrinsics(argument, at, names, problems)
  }
}

/** The template's value with the intrinsic functions it uses evaluated, as CloudFormation would. */
export function evaluate(
  value: unknown,
  parameters: Record<string, string>,
  conditions: Record<string, boolean>
): unknown {
  const NO_VALUE = Symbol('NoValue')
  const walk = (item: unknown, local: Record<string, string> = {}): unknown => {
    if (Array.isArray(item)) return item.map(entry => walk(entry, local)).filter(entry => entry !== NO_VALUE)
    if (!item || typeof item !== 'object') return item
    if (isIntrinsic(item)) {
      const [[key, argument]] = Object.entries(item)
      if (key === 'Ref') return argument === 'AWS::NoValue' ? NO_VALUE : lookup(String(argument))
      if (key === 'Fn::If') {
        const [condition, whenTrue, whenFalse] = argument as [string, unknown, unknown]
        return walk(conditions[condition] ? whenTrue : whenFalse, local)
      }
      if (key === 'Fn::Sub') {
        const [text, variables] = (Array.isArray(argument) ? argument : [argument, {}]) as [string, object]
        const own = Object.fromEntries(
          Object.entries(variables).map(([name, entry]) => [name, String(walk(entry))])
        )
        return String(text).replace(/\$\{([^}]+)\}/g, (_, name: string) => own[name] ?? lookup(name))
      }
      if (key === 'Fn::Equals') {
        const [left, right] = argument as [unknown, unknown]
        return walk(left) === walk(right)
      }
      if (key === 'Fn::Not') return !(walk((argument as unknown[])[0]) as boolean)
      throw new Error(`evaluate: ${key} is not supported`)
    }
    return Object.fromEntries(
      Object.entries(item)
        .map(([key, entry]) => [key, walk(entry, local)])
        .filter(([, entry]) => entry !== NO_VALUE)
    )
  }
  const lookup = (name: string): string => {
    const pseudo: Record<string, string> = {
      'AWS::AccountId': '123456789012',
      'AWS::Region': 'us-east-1',
      'AWS::Partition': 'aws'
    }
    const found = parameters[name] ?? pseudo[name]
    if (found === undefined) throw new Error(`evaluate: ${name} has no value`)
    return found
  }
  return walk(value)
}

/** Sample stacks: every optional part off, and every one on (instance and cluster snapshots apart). */
export const SAMPLE_STACKS: Record<string, string>[] = (
  [
    {},
    {
      ScalableTargetId: '1234567890abcdef0123456789abcdef',
      EcrRepository: 'ghcr/open-webui/open-webui',
      DbSnapshot: 'instance',
      DbIdentifier: 'open-webui',
      TargetGroup: 'open-webui-tg',
      TargetGroupId: '73e2d6bc24d8a067',
      LoadBalancer: 'open-webui-alb',
      LoadBalancerId: '50dc6c495c0c9188',
      ListenerId: 'f2f7dc8efc522ab2'
    },
    {
      EcrRepository: 'ghcr/open-webui/open-webui',
      EcrRegion: 'eu-west-1',
      EcrAccountId: '210987654321',
      DbSnapshot: 'cluster',
      DbIdentifier: 'open-webui'
    }
  ] as Record<string, string>[]
).map(overrides => ({
  ...Object.fromEntries(
    Object.entries(PARAMETERS).flatMap(([name, parameter]) =>
      parameter.Default === undefined ? [] : [[name, parameter.Default]]
    )
  ),
  GitHubRepository: 'acme/infrastructure',
  Cluster: 'prod',
  LogGroup: '/ecs/open-webui',
  TaskRoleName: 'open-webui-task',
  ExecutionRoleName: 'open-webui-execution',
  ...overrides
}))

/** The IAM problems of the template's policies in one sample stack. */
export function validateEvaluatedPolicies(template: Template, parameters: Record<string, string>): string[] {
  const conditions: Record<string, boolean> = {}
  for (const [name, condition] of Object.entries(template.Conditions ?? {})) {
    conditions[name] = evaluate(condition, parameters, conditions) as boolean
  }
  const problems: string[] = []
  for (const [name, resource] of Object.entries(template.Resources ?? {})) {
    const properties = resource.Properties ?? {}
    const documents: [string, typeof validateIdentityPolicy][] = [
      ['PolicyDocument', validateIdentityPolicy],
      ['AssumeRolePolicyDocument', validateTrustPolicy]
    ]
    for (const [property, validate] of documents) {
      if (properties[property] === undefined) continue
      const document = evaluate(properties[property], parameters, conditions)
      const text = JSON.stringify(document)
      const leftover = /<[a-z-]+>|\$\{[^}]*\}/.exec(text)
      if (leftover) problems.push(`${name}.${property}: ${leftover[0]} left in the evaluated policy`)
      for (const problem of validate(document))
        problems.push(`${name}.${property}.${problem.path}: ${problem.message}`)
    }
  }
  return problems
}

/** Problems of the policy documents as users attach them. */
export function validatePolicyFiles(): string[] {
  const files: [string, typeof validateIdentityPolicy][] = [
    ['deploy-policy.json', validateIdentityPolicy],
    ['plan-policy.json', validateIdentityPolicy],
    ['trust-policy-deploy.json', validateTrustPolicy],
    ['trust-policy-plan.json', validateTrustPolicy]
  ]
  return files.flatMap(([file, validate]) => {
    const policy = readPolicy(file)
    return [...validate(policy), ...lintPolicy(policy)].map(
      problem => `docs/iam/${file} ${problem.path}: ${problem.message}`
    )
  })
}

export function readTemplate(): Template {
  return parse(readFileSync(TEMPLATE_PATH, 'utf8')) as Template
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const problems = [...validatePolicyFiles()]
  if (readFileSync(TEMPLATE_PATH, 'utf8') !== (await renderIamTemplate())) {
    problems.push(`${path.relative(process.cwd(), TEMPLATE_PATH)} is stale: run \`npm run docs\``)
  }
  const template = readTemplate()
  problems.push(...validateTemplate(template))
  for (const stack of SAMPLE_STACKS) problems.push(...validateEvaluatedPolicies(template, stack))
  for (const problem of problems) console.error(problem)
  if (problems.length > 0) process.exit(1)
  console.log(
    `docs/iam: 4 policy documents valid IAM; the CloudFormation template current, valid against the resource specification, and valid IAM in ${SAMPLE_STACKS.length} sample stacks`
  )
}
