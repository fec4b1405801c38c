import { describe, expect, it } from '@jest/globals'
import { isMissingAwsCredentials } from '../../../../src/modes/plan/missing-aws-credentials.js'

describe('isMissingAwsCredentials', () => {
  it("recognises the SDK's CredentialsProviderError, also wrapped as a cause", () => {
    const sdk = Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError'
    })
    expect(isMissingAwsCredentials(sdk)).toBe(true)
    expect(isMissingAwsCredentials(new Error('DescribeClusters failed', { cause: sdk }))).toBe(true)
    expect(isMissingAwsCredentials(new Error('ECS: Could not load credentials from any providers'))).toBe(
      true
    )
  })

  it('leaves every other failure alone', () => {
    expect(
      isMissingAwsCredentials(
        Object.assign(new Error('User is not authorized'), { name: 'AccessDeniedException' })
      )
    ).toBe(false)
    expect(isMissingAwsCredentials(new Error('socket hang up'))).toBe(false)
    expect(isMissingAwsCredentials(undefined)).toBe(false)
  })
})
