import { describe, expect, it } from '@jest/globals'
import { InputError } from '../../../src/errors.js'
import { checkTimeoutCoversDrain } from '../../../src/settings/timeout-minutes.js'

describe('checkTimeoutCoversDrain', () => {
  it('takes a timeout that covers the expected drain', () => {
    expect(() => checkTimeoutCoversDrain(10, 330)).not.toThrow()
    expect(() => checkTimeoutCoversDrain(6, 360)).not.toThrow()
  })

  it('refuses a timeout shorter than the drain, naming the input and the minutes needed', () => {
    let error: unknown
    try {
      checkTimeoutCoversDrain(5, 330)
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(InputError)
    expect((error as InputError).input).toBe('timeout-minutes')
    expect((error as InputError).message).toBe(
      "Input 'timeout-minutes': 5 minutes is shorter than the expected drain of 330 s: expected at least 6"
    )
  })
})
