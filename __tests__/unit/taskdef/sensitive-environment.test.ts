import { describe, expect, it } from '@jest/globals'
import { sensitiveEnvironment } from '../../../src/taskdef/sensitive-environment.js'

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
    ['CUSTOM', 'ghp_abcdefghijklmnopqrstuvwxyz0123', 'value']
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
    ['S3_BUCKET_NAME', 'acme-open-webui']
  ])('leaves %s=%s alone', (name, value) => expect(sensitiveEnvironment(name, value)).toBeUndefined())
})
