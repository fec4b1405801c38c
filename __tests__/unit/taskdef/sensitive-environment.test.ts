import { describe, expect, it } from '@jest/globals'
import {
  looksLikeCredential,
  redactCredentials,
  sensitiveEnvironment
} from '../../../src/taskdef/sensitive-environment.js'

describe('sensitiveEnvironment', () => {
  it.each([
    ['WEBUI_SECRET_KEY', 'anything', 'name'],
    ['DATABASE_URL', 'postgresql://app:pw@db.internal/app', 'value'],
    ['REDIS_URL', 'redis://:pw@redis:6379', 'value'],
    ['REDIS_URL', 'rediss://default@cache.internal:6379', 'value'],
    ['WEBSOCKET_REDIS_URL', 'rediss://cache.internal:6379/0?password=pw', 'value'],
    ['OPENAI_API_BASE_URL', 'https://api.example.com/v1?api-key=abc', 'value'],
    ['DATABASE_PASSWORD', 'hunter2', 'name'],
    ['OPENAI_API_KEY', 'abc', 'name'],
    ['OAUTH_CLIENT_SECRET', 'abc', 'name'],
    ['GITHUB_TOKEN', 'abc', 'name'],
    ['S3_SECRET_ACCESS_KEY', 'abc', 'name'],
    ['LICENSE_KEY', 'abc', 'name'],
    ['UPSTREAM', 'https://user:pass@api.example.com/v1', 'value'],
    ['CUSTOM', 'sk-proj-abcdefghijklmnopqrstuv', 'value'],
    ['CUSTOM', 'AKIAABCDEFGHIJKLMNOP', 'value'],
    ['CUSTOM', 'ghp_abcdefghijklmnopqrstuvwxyz0123', 'value'],
    ['DB_PASS', 'correcthorse', 'name'],
    ['DB_PWD', 'correcthorse', 'name'],
    ['SEARXNG_BASIC_AUTH', 'searx:pw', 'name'],
    ['NOTIFY', 'https://hooks.slack.com/services/T000/B000/abcdef', 'value'],
    ['NOTIFY', 'https://discord.com/api/webhooks/123/abcdef', 'value'],
    ['NOTIFY', 'https://acme.webhook.office.com/webhookb2/abc', 'value'],
    ['PROXY', 'svc:hunter22@proxy.internal:3128', 'value'],
    ['LDAP_SERVER_URI', 'ldaps://cn=admin:pw123456@ldap:636', 'value'],
    ['OPENAI_API_HEADERS', 'Authorization=Bearer abcdefgh1234', 'value'],
    ['TOOL_HEADERS', '{"Authorization": "Basic dXNlcjpwYXNz"}', 'value'],
    ['MCP_HEADERS', 'x-api-key: abcdefgh1234', 'value'],
    ['SEARXNG_QUERY_URL', 'https://s.example.com/search?q=<query>&api-key=abcd1234', 'value'],
    ['TIKA_SERVER_URL', 'http://tika:9998/?token=abcd1234', 'value'],
    ['IMAGE_URL', 'https://cdn.example.com/a.png?X-Amz-Signature=abcd1234', 'value'],
    ['CUSTOM', `AIza${'a'.repeat(35)}`, 'value'],
    ['CUSTOM', `hf_${'a'.repeat(30)}`, 'value'],
    ['CUSTOM', `github_pat_${'a'.repeat(22)}`, 'value'],
    ['CUSTOM', `glpat-${'a'.repeat(20)}`, 'value'],
    ['CUSTOM', 'sk-ant-api03-abcdefghijklmnop', 'value']
  ])('flags %s (%s) by its %s', (name, value, reason) =>
    expect(sensitiveEnvironment(name, value)).toBe(reason)
  )

  it.each([
    ['ENABLE_API_KEY', 'true'],
    ['ENABLE_API_KEY_ENDPOINT_RESTRICTIONS', 'false'],
    ['JWT_EXPIRES_IN', '4w'],
    ['WEBUI_AUTH_TRUSTED_EMAIL_HEADER', 'X-Email'],
    ['OPENAI_API_KEY', ''],
    ['MAX_TOKENS', '4096'],
    ['VECTOR_DB', 'pgvector'],
    ['OLLAMA_BASE_URL', 'http://ollama:11434'],
    // A URL is judged by what it holds, not by its name (the aws-samples CDK sample's Redis URLs).
    ['DATABASE_URL', 'postgresql://db.internal/app'],
    ['REDIS_URL', 'rediss://cache.abc123.use1.cache.amazonaws.com:6379'],
    ['WEBSOCKET_REDIS_URL', 'rediss://cache.abc123.use1.cache.amazonaws.com:6379/0'],
    ['OAUTH_TOKEN_ENDPOINT_URL', 'https://login.example.com/oauth2/token?tenant=acme'],
    ['S3_BUCKET_NAME', 'acme-open-webui'],
    ['DEFAULT_MODELS', 'llama3.1:8b-instruct'],
    ['TASK_MODEL', 'qwen2.5:14b'],
    ['SIDECAR_IMAGE', 'alpine:3@sha256:abcdef'],
    ['WEBUI_URL', 'https://chat.example.com/?lang=en'],
    ['BYPASS_MODEL_ACCESS_CONTROL', 'true']
  ])('leaves %s=%s alone', (name, value) => expect(sensitiveEnvironment(name, value)).toBeUndefined())
})

describe('looksLikeCredential', () => {
  it.each(['letmein123', 'p@ssword', 'hunter2', 's3cr3t', 'Summer2024', 'P4ssw0rd', 'hunter2:json-key'])(
    'refuses the chosen password %s where a secret name belongs',
    value => expect(looksLikeCredential(value)).toBe(true)
  )

  it.each([
    'open-webui/database-url',
    'prod/openwebui/db-2',
    'openwebui_secret_key',
    'webuisecret',
    'open-webui/db:url',
    'arn:aws:secretsmanager:us-east-1:123456789012:secret:hunter2'
  ])('takes the secret name or ARN %s', value => expect(looksLikeCredential(value)).toBe(false))
})

describe('redactCredentials', () => {
  it.each([
    ["'https://admin:PW1@host/' is bad", "'https://(not shown)@host/' is bad", 'PW1'],
    [
      "'user:PW2@ghcr.io/open-webui/open-webui' has a digest",
      "'(not shown)@ghcr.io/open-webui/open-webui' has a digest",
      'PW2'
    ],
    [
      "'chat.example.com/health?token=PW3' is not a URL",
      "'chat.example.com/health?(not shown)' is not a URL",
      'PW3'
    ],
    ["'x/#api-key=PW4'", "'x/#(not shown)'", 'PW4'],
    ["'ghp_abcdefghijklmnopqrstuvwxyz0123/x' is not owner/name", "'(not shown)/x' is not owner/name", 'ghp_']
  ])('%s', (text, redacted, secret) => {
    expect(redactCredentials(text)).toBe(redacted)
    expect(redactCredentials(text)).not.toContain(secret)
  })

  it('leaves text without credentials as it is', () => {
    const text = "'ghcr.io/open-webui/open-webui:v1@sha256:abc' has a tag; expected one of deploy, plan"
    expect(redactCredentials(text)).toBe(text)
  })
})
