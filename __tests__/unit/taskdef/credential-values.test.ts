import { describe, expect, it } from '@jest/globals'
import { maskTaskDefinitionText } from '../../../src/report/mask-credentials.js'
import { credentialValues } from '../../../src/taskdef/credential-values.js'
import { looksLikeCredential } from '../../../src/taskdef/sensitive-environment.js'

const TASK_DEFINITION = {
  family: 'open-webui',
  containerDefinitions: [
    {
      name: 'open-webui',
      environment: [
        { name: 'OPENAI_API_KEY', value: 'sk-proj-abcdefghijklmnop1234' },
        { name: 'WEBUI_BANNER', value: 'postgres://app:hunter2pass@db:5432/x' },
        { name: 'ENABLE_SIGNUP', value: 'false' },
        { name: 'WEBUI_NAME', value: 'Acme Chat' },
        { name: 'WEBUI_SECRET_KEY', value: 'line-one-secret\nline-two-secret' },
        { name: 'ADMIN_PASSWORD', value: 'abc' }
      ]
    },
    { name: 'sidecar', environment: [{ name: 'GITHUB_TOKEN', value: 'ghp_abcdefghijklmnopqrstuvwxyz0123' }] }
  ]
}

describe('credential values in a task definition', () => {
  it('finds every secret-looking plain value, by name or by shape, in every container', () => {
    expect(credentialValues(TASK_DEFINITION)).toEqual([
      'sk-proj-abcdefghijklmnop1234',
      'postgres://app:hunter2pass@db:5432/x',
      'line-one-secret\nline-two-secret',
      'line-one-secret',
      'line-two-secret',
      'ghp_abcdefghijklmnopqrstuvwxyz0123'
    ])
  })

  it('masks them from a file as read, bare or as describe-task-definition output', () => {
    for (const text of [
      JSON.stringify(TASK_DEFINITION),
      JSON.stringify({ taskDefinition: TASK_DEFINITION })
    ]) {
      const masked: string[] = []
      maskTaskDefinitionText(text, value => masked.push(value))
      expect(masked).toContain('sk-proj-abcdefghijklmnop1234')
      expect(masked).not.toContain('Acme Chat')
    }
    const none: string[] = []
    maskTaskDefinitionText('{not json', value => none.push(value))
    expect(none).toEqual([])
  })
})

describe('a credential where a secret name or ARN belongs', () => {
  it.each([
    'canarySECRETk3y9Xq7Lm2Pz',
    'CANARY-webui-secret-key-5d41402a',
    'sk-abcdefghijklmnopqrstuvwx',
    'AKIAIOSFODNN7EXAMPLE',
    'ghp_abcdefghijklmnopqrstuvwxyz0123',
    '0123456789abcdef0123456789abcdef',
    'dGhpcyBpcyBhIHNlY3JldCBrZXkgdGhhdCBpcyBsb25nIGVub3VnaA=='
  ])('refuses %s', value => expect(looksLikeCredential(value)).toBe(true))

  it.each([
    'open-webui/database-url',
    'prod/open-webui/WEBUI_SECRET_KEY',
    'OpenWebUI-Prod-2024-key',
    'open-webui/redis-url:url',
    'arn:aws:secretsmanager:us-east-1:123456789012:secret:open-webui/db-AbCdEf'
  ])('accepts the name or ARN %s', value => expect(looksLikeCredential(value)).toBe(false))
})
