import { describe, expect, it } from '@jest/globals'
import { parseVersionText, versionLines } from '../../../src/settings/version-text.js'

describe('version files', () => {
  it('reads one pin, comments in prose aside', () => {
    expect(parseVersionText('v0.6.5\n')).toBe('0.6.5')
    expect(parseVersionText('# bumped by a workflow v0.0.1\nv0.6.7\n')).toBe('0.6.7')
  })

  it('is no pin with a commented-out version beside it: a reader could take either', () => {
    expect(versionLines('# v0.6.6\nv0.6.5\n')).toEqual(['# v0.6.6', 'v0.6.5'])
    expect(parseVersionText('# v0.6.6\nv0.6.5\n')).toBeUndefined()
    expect(parseVersionText('v0.6.5\n#0.6.6\n')).toBeUndefined()
  })
})
