import { describe, expect, it } from '@jest/globals'
import { firstDuplicateKey } from '../../../src/taskdef/duplicate-keys.js'

describe('duplicate JSON keys', () => {
  it('finds a key given twice at the top, in nested objects and in array items', () => {
    expect(firstDuplicateKey('{"family": "open-webui", "cpu": "1024", "family": "other"}')).toEqual({
      key: 'family',
      path: ''
    })
    expect(
      firstDuplicateKey('{"containerDefinitions": [{"name": "a"}, {"name": "b", "image": "x", "name": "c"}]}')
    ).toEqual({ key: 'name', path: 'containerDefinitions[1]' })
    expect(firstDuplicateKey('{"a": {"b": {"c": 1, "c": 2}}}')).toEqual({ key: 'c', path: 'a.b' })
  })

  it('compares keys as JSON reads them, escapes included', () => {
    expect(firstDuplicateKey('{"family": 1, "f\\u0061mily": 2}')).toEqual({ key: 'family', path: '' })
  })

  it('accepts equal keys in different objects and keys that appear as values', () => {
    expect(
      firstDuplicateKey(
        '{"containerDefinitions": [{"name": "a", "environment": [{"name": "X", "value": "name"}, {"name": "Y", "value": "a \\" , {"}]}, {"name": "b"}], "name": "name"}'
      )
    ).toBeUndefined()
  })
})
