import { describe, expect, it } from '@jest/globals'
import { rewriteVersionFile, versionFilePin } from '../../../src/bump/version-file-pin.js'

describe('rewriteVersionFile', () => {
  it('changes only the version text, keeping the v prefix and the final newline', () => {
    expect(rewriteVersionFile('v0.6.5\n', '0.6.6')).toBe('v0.6.6\n')
  })

  it('keeps a pin without v, without a final newline', () => {
    expect(rewriteVersionFile('0.6.5', '0.6.10')).toBe('0.6.10')
  })

  it('keeps comments, blank lines, indentation and CRLF line endings byte for byte', () => {
    const text =
      '# Open WebUI release deployed to production\r\n# bumped by a workflow v0.0.1\r\n\r\n  v0.6.5  \r\n'
    const rewritten = rewriteVersionFile(text, '0.6.7')
    expect(rewritten).toBe(
      '# Open WebUI release deployed to production\r\n# bumped by a workflow v0.0.1\r\n\r\n  v0.6.7  \r\n'
    )
    expect(versionFilePin(rewritten)).toBe('0.6.7')
  })

  it('creates a one-line file when there is none yet', () => {
    expect(rewriteVersionFile(undefined, '0.6.6')).toBe('v0.6.6\n')
  })

  it('refuses a file with no version line rather than guessing', () => {
    expect(() => rewriteVersionFile('# nothing here\n', '0.6.6')).toThrow(/no vX.Y.Z line/)
  })
})
