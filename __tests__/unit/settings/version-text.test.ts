import { describe, expect, it } from '@jest/globals'
import { parseVersionText } from '../../../src/settings/version-text.js'

describe('parseVersionText', () => {
  it.each([
    ['v0.6.5', '0.6.5'],
    ['0.6.43', '0.6.43'],
    ['  v0.6.5\n', '0.6.5'],
    ['# pinned by bump\nv0.7.0\n', '0.7.0'],
    ['v10.0.100', '10.0.100'],
    ['\ufeffv0.6.5\r\n', '0.6.5']
  ])('reads %j as %s', (text, version) => expect(parseVersionText(text)).toBe(version))

  it.each([
    'banana',
    'v0.6',
    '0.6.5-cuda',
    'v1.0.0-alpha.101',
    'latest',
    '',
    'v0.6.5\nv0.6.6',
    'V0.6.5',
    // Not canonical: leading zeros are not SemVer, and would be read as another version than written.
    'v00.6.6',
    'v0.06.5',
    '0.6.05',
    '00.0.0'
  ])('refuses %j', text => expect(parseVersionText(text)).toBeUndefined())
})
