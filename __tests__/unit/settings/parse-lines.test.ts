import { describe, expect, it } from '@jest/globals'
import { InputError } from '../../../src/errors.js'
import { parseEnvironmentLines, parseSecretLines } from '../../../src/settings/parse-lines.js'

const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:open-webui/db-AbCdEf'

function inputError(run: () => unknown): InputError {
  try {
    run()
  } catch (error) {
    if (error instanceof InputError) return error
    throw error
  }
  throw new Error('expected an InputError')
}

describe('parseSecretLines', () => {
  it('reads names, ARNs and the json-key/version parts, skipping blanks and comments, with CRLF', () => {
    const text = `# database\r\nDATABASE_URL=${ARN}\r\n\r\nREDIS_URL = open-webui/redis:url\nKEY=${ARN}:password:AWSCURRENT:\n`
    expect(parseSecretLines(text, 'us-east-1')).toEqual([
      { name: 'DATABASE_URL', secretId: ARN },
      { name: 'REDIS_URL', secretId: 'open-webui/redis', jsonKey: 'url' },
      { name: 'KEY', secretId: ARN, jsonKey: 'password', versionStage: 'AWSCURRENT' }
    ])
  })

  it.each([
    ['a line without =', 'DATABASE_URL', /no '='/],
    ['an empty secret', 'DATABASE_URL=', /has no secret/],
    ['a bad variable name', '1DB=open-webui/db', /not an environment variable name/],
    ['a duplicate name', 'A=x\nA=y', /given twice/],
    [
      'an ARN of another service',
      'A=arn:aws:ssm:us-east-1:123456789012:parameter/db',
      /not a Secrets Manager ARN/
    ],
    ['a truncated ARN', 'A=arn:aws:secretsmanager:us-east-1:secret:db', /not a Secrets Manager ARN/],
    ['an ARN with too many parts', `A=${ARN}:k:s:i:extra`, /at most :json-key/],
    ['quotes around the value', 'A="open-webui/db"', /neither a Secrets Manager ARN nor a secret name/],
    ['a key with spaces', 'A=open-webui/db:my key', /secret-name\[:json-key\]/],
    ['an empty json key', 'A=open-webui/db:', /secret-name\[:json-key\]/]
  ])('refuses %s, naming the secrets input', (_case, text, message) => {
    const error = inputError(() => parseSecretLines(text, 'us-east-1'))
    expect(error.input).toBe('secrets')
    expect(error.message).toMatch(message)
  })

  it('refuses an ARN from another Region than the deployment', () => {
    const error = inputError(() =>
      parseSecretLines(`A=${ARN.replace('us-east-1', 'eu-west-1')}`, 'us-east-1')
    )
    expect(error.message).toMatch(/in eu-west-1, but the deployment is in us-east-1/)
  })

  it('never echoes more than the line asks about', () => {
    const error = inputError(() => parseSecretLines('A=open-webui/db\nB', 'us-east-1'))
    expect(error.message).toMatch(/line 2/)
  })
})

describe('parseEnvironmentLines', () => {
  it('keeps values with = and spaces inside, trims around them', () => {
    expect(parseEnvironmentLines('A = x=y \nB=two words\nC=')).toEqual([
      { name: 'A', value: 'x=y' },
      { name: 'B', value: 'two words' },
      { name: 'C', value: '' }
    ])
  })

  it('refuses duplicate names and lines without =', () => {
    expect(inputError(() => parseEnvironmentLines('A=1\nA=2')).message).toMatch(/A is given twice/)
    expect(inputError(() => parseEnvironmentLines('JUST_A_NAME')).input).toBe('environment')
  })
})
