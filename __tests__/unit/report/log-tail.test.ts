import { expect, test } from '@jest/globals'
import { tail } from '../../../src/report/log-tail.js'

test('tail keeps the last lines', () => {
  const lines = Array.from({ length: 100 }, (_, index) => ({ timestamp: index, message: String(index) }))
  expect(tail(lines, 30).map(line => line.message)).toEqual(
    Array.from({ length: 30 }, (_, index) => String(70 + index))
  )
})
