import { describe, expect, it } from '@jest/globals'
import { parseEcrHost } from '../../../src/registry/ecr-host.js'

describe('parseEcrHost', () => {
  it.each([
    [
      '123456789012.dkr.ecr.us-east-1.amazonaws.com',
      { accountId: '123456789012', region: 'us-east-1', fips: false }
    ],
    [
      '123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com',
      { accountId: '123456789012', region: 'us-gov-west-1', fips: true }
    ],
    [
      '210987654321.dkr.ecr.cn-north-1.amazonaws.com.cn',
      { accountId: '210987654321', region: 'cn-north-1', fips: false }
    ],
    [
      '123456789012.DKR.ECR.EU-WEST-1.AMAZONAWS.COM',
      { accountId: '123456789012', region: 'eu-west-1', fips: false }
    ]
  ])('reads the account and Region of %s', (host, expected) => {
    expect(parseEcrHost(host)).toEqual(expected)
  })

  it.each([
    'ghcr.io',
    'public.ecr.aws',
    '127.0.0.1:5000',
    '12345678901.dkr.ecr.us-east-1.amazonaws.com',
    '123456789012.dkr.ecr.us-east-1.amazonaws.com:443',
    '123456789012.dkr.ecr.us-east-1.amazonaws.com.evil.example',
    'evil.example/123456789012.dkr.ecr.us-east-1.amazonaws.com'
  ])('is undefined for %s', host => {
    expect(parseEcrHost(host)).toBeUndefined()
  })
})
