import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import {
  SAMPLE_STACKS,
  evaluate,
  readTemplate,
  validateEvaluatedPolicies,
  validatePolicyFiles,
  validateTemplate
} from '../../../scripts/check-iam.js'
import { PLACEHOLDERS, TEMPLATE_PATH, readPolicy, renderIamTemplate } from '../../../scripts/iam-template.js'

/** Sets (or with undefined, deletes) the value at a dotted path of a parsed template. */
function setAt(tree: object, where: string, value: unknown): void {
  const keys = where.split('.')
  const last = keys.pop() as string
  const parent = keys.reduce<Record<string, unknown>>(
    (node, key) => node[key] as Record<string, unknown>,
    tree as Record<string, unknown>
  )
  if (value === undefined) delete parent[last]
  else parent[last] = value
}

/** docs/iam/: the documents are valid IAM, and the CloudFormation template is theirs and valid CloudFormation. */
describe('docs/iam', () => {
  it('holds valid IAM policies and trust policies', () => {
    expect(validatePolicyFiles()).toEqual([])
  })

  it('holds the template the generator makes from them (run `npm run docs` when this fails)', async () => {
    expect(readFileSync(TEMPLATE_PATH, 'utf8')).toBe(await renderIamTemplate())
  })

  it('holds a template valid against the CloudFormation resource specification', () => {
    expect(validateTemplate(readTemplate())).toEqual([])
  })

  it.each(SAMPLE_STACKS.map((stack, index) => [index, stack] as const))(
    'sample stack %i evaluates to valid IAM with nothing left to fill in',
    (_index, stack) => {
      expect(validateEvaluatedPolicies(readTemplate(), stack)).toEqual([])
    }
  )

  it('grants in a stack with every part on exactly what the JSON documents grant with the same values', () => {
    const stack = SAMPLE_STACKS[1]
    const template = readTemplate() as {
      Conditions: Record<string, unknown>
      Resources: Record<string, { Properties: { PolicyDocument?: unknown } }>
    }
    const conditions: Record<string, boolean> = {}
    for (const [name, condition] of Object.entries(template.Conditions)) {
      conditions[name] = evaluate(condition, stack, conditions) as boolean
    }
    const values: Record<string, string> = {
      ...Object.fromEntries(
        Object.entries(PLACEHOLDERS).map(([placeholder, variable]) => [
          placeholder,
          stack[variable.slice(2, -1)] ?? ''
        ])
      ),
      '<region>': 'us-east-1',
      '<account-id>': '123456789012',
      '<ecr-region>': 'us-east-1',
      '<ecr-account-id>': '123456789012'
    }
    const filled = (file: string) => {
      const text = JSON.stringify(readPolicy(file)).replace(/<[a-z-]+>/g, placeholder => values[placeholder])
      const policy = JSON.parse(text) as { Statement: { Sid: string }[] }
      // The instance stack keeps the instance statements only.
      return policy.Statement.filter(statement => !/DatabaseCluster$|ClusterSnapshots$/.test(statement.Sid))
    }
    const evaluated = (resource: string) =>
      (
        evaluate(template.Resources[resource].Properties.PolicyDocument, stack, conditions) as {
          Statement: unknown
        }
      ).Statement
    expect(evaluated('DeployPolicy')).toEqual(filled('deploy-policy.json'))
    expect(evaluated('PlanPolicy')).toEqual(filled('plan-policy.json'))
  })

  it.each([
    ['an unknown property', 'Resources.DeployRole.Properties.Trust', {}, /not a property of AWS::IAM::Role/],
    [
      'an unknown resource type',
      'Resources.DeployRole.Type',
      'AWS::IAM::Rolle',
      /not a CloudFormation resource type/
    ],
    [
      'a missing required property',
      'Resources.PlanPolicy.Properties.PolicyDocument',
      undefined,
      /required by AWS::IAM::ManagedPolicy/
    ],
    [
      'a Ref to nothing',
      'Resources.DeployRole.Properties.RoleName',
      { Ref: 'RoleName' },
      /RoleName is not defined/
    ],
    [
      'a Sub variable to nothing',
      'Outputs.PlanRoleArn.Value',
      { 'Fn::Sub': '${Plan}' },
      /\$\{Plan\} is not defined/
    ],
    [
      'an unknown condition',
      'Outputs.PlanRoleArn.Value',
      { 'Fn::If': ['Nope', 'a', 'b'] },
      /no condition Nope/
    ],
    [
      'an unknown attribute',
      'Outputs.PlanRoleArn.Value',
      { 'Fn::GetAtt': ['PlanRole', 'Name'] },
      /PlanRole.Name is not defined/
    ],
    [
      'a default outside the allowed values',
      'Parameters.DbSnapshot.Default',
      'all',
      /not one of its AllowedValues/
    ]
  ])('refuses a template with %s', (_case, where, value, expected) => {
    const template = readTemplate()
    setAt(template, where, value)
    expect(validateTemplate(template).join('\n')).toMatch(expected)
  })

  it('refuses a policy that is not valid IAM once evaluated', () => {
    const template = readTemplate()
    setAt(
      template,
      'Resources.PlanRole.Properties.AssumeRolePolicyDocument.Statement.0.Action',
      'sts AssumeRole'
    )
    expect(validateEvaluatedPolicies(template, SAMPLE_STACKS[0]).join('\n')).toMatch(
      /PlanRole.AssumeRolePolicyDocument/
    )
  })
})
