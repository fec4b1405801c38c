import { describe, expect, it } from '@jest/globals'
import {
  parseArn,
  parseEcsResourceArn,
  parseSecretArn,
  resourceName,
  targetGroupName
} from '../../src/domain/arn.js'

const ACCOUNT = '123456789012'

describe('ARNs', () => {
  it('splits the six fields, and refuses names, partial ARNs and malformed partitions, Regions or accounts', () => {
    expect(parseArn(`arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/prod`)).toEqual({
      partition: 'aws',
      service: 'ecs',
      region: 'us-east-1',
      accountId: ACCOUNT,
      resource: 'cluster/prod'
    })
    expect(parseArn(`arn:aws-us-gov:ecs:us-gov-west-1:${ACCOUNT}:cluster/prod`)?.partition).toBe('aws-us-gov')
    for (const value of [
      undefined,
      'prod',
      'arn:aws:ecs',
      `arn:aws:ecs:us-east-1:${ACCOUNT}`,
      `arn:azure:ecs:us-east-1:${ACCOUNT}:cluster/prod`,
      `arn:aws:ecs:US-EAST-1:${ACCOUNT}:cluster/prod`,
      `arn:aws:ecs:us-east-1:1234:cluster/prod`,
      `xarn:aws:ecs:us-east-1:${ACCOUNT}:cluster/prod`
    ])
      expect(parseArn(value)).toBeUndefined()
  })

  it('names a resource by the last part of its path, and leaves plain names as they are', () => {
    expect(resourceName(`arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/prod`)).toBe('prod')
    expect(resourceName(`arn:aws:ecs:us-east-1:${ACCOUNT}:service/prod/open-webui`)).toBe('open-webui')
    expect(resourceName(`arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/open-webui:12`)).toBe(
      'open-webui:12'
    )
    expect(resourceName(`arn:aws:ecs:us-east-1:${ACCOUNT}:task/prod/0123abcd`)).toBe('0123abcd')
    expect(resourceName(`arn:aws:ecs:us-east-1:${ACCOUNT}:service-deployment/prod/open-webui/Abc123`)).toBe(
      'Abc123'
    )
    expect(resourceName('open-webui')).toBe('open-webui')
    expect(resourceName('open-webui:12')).toBe('open-webui:12')
    expect(resourceName('')).toBe('')
  })

  it('reads ECS cluster and service ARNs, new and old service format, and nothing else', () => {
    expect(parseEcsResourceArn(`arn:aws:ecs:eu-west-1:${ACCOUNT}:cluster/prod`)).toMatchObject({
      kind: 'cluster',
      cluster: 'prod',
      name: 'prod',
      region: 'eu-west-1'
    })
    expect(parseEcsResourceArn(`arn:aws:ecs:eu-west-1:${ACCOUNT}:service/prod/open-webui`)).toMatchObject({
      kind: 'service',
      cluster: 'prod',
      name: 'open-webui'
    })
    const old = parseEcsResourceArn(`arn:aws:ecs:eu-west-1:${ACCOUNT}:service/open-webui`)
    expect(old).toMatchObject({ kind: 'service', name: 'open-webui' })
    expect(old?.cluster).toBeUndefined()
    for (const value of [
      `arn:aws:ecs:eu-west-1:${ACCOUNT}:task/prod/0123`,
      `arn:aws:ecs:eu-west-1:${ACCOUNT}:cluster/prod/extra`,
      `arn:aws:ecs:eu-west-1:${ACCOUNT}:service/a/b/c`,
      `arn:aws:ecs:eu-west-1:${ACCOUNT}:cluster/pr od`,
      `arn:aws:ecs:eu-west-1:${ACCOUNT}:cluster/${'a'.repeat(256)}`,
      `arn:aws:rds:eu-west-1:${ACCOUNT}:cluster/prod`,
      'prod'
    ])
      expect(parseEcsResourceArn(value)).toBeUndefined()
  })

  it("reads a Secrets Manager ARN with ECS's json-key, version-stage and version-id after it", () => {
    const base = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:open-webui/db-AbCdEf`
    expect(parseSecretArn(base)).toMatchObject({
      secretId: base,
      secretName: 'open-webui/db-AbCdEf',
      extra: []
    })
    expect(parseSecretArn(`${base}:password:AWSCURRENT:`)).toMatchObject({
      secretId: base,
      extra: ['password', 'AWSCURRENT', '']
    })
    for (const value of [
      `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/open-webui/db`,
      `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:`,
      `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:a b`,
      `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:other:name`,
      'open-webui/db'
    ])
      expect(parseSecretArn(value)).toBeUndefined()
  })

  it('names a target group by its name, without the id', () => {
    expect(
      targetGroupName(
        `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/open-webui/0123456789abcdef`
      )
    ).toBe('open-webui')
    expect(targetGroupName('open-webui')).toBe('open-webui')
  })
})
