import { describe, expect, it } from '@jest/globals'
import { jsonDepth } from '../../../src/taskdef/json-depth.js'

describe('jsonDepth', () => {
  it('counts objects and lists, not brackets inside strings', () => {
    expect(jsonDepth('{"a": [{"b": 1}]}')).toBe(3)
    expect(jsonDepth('{"a": "[[[[{{{{\\"[["}')).toBe(1)
    expect(jsonDepth('"plain"')).toBe(0)
  })

  it('stops just past the limit on a value nested 400,000 deep', () => {
    expect(jsonDepth(`${'['.repeat(400_000)}${']'.repeat(400_000)}`, 64)).toBe(65)
  })
})
