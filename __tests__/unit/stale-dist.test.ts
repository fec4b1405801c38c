import { describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { currentStamp, staleDistNotice, stampPath } from '../../scripts/build-stamp.js'

/** A checkout with src/ and a built dist/, stamped as `npm run build` stamps it. */
function builtTree(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'stale-dist-'))
  mkdirSync(path.join(root, 'src', 'plan'), { recursive: true })
  writeFileSync(path.join(root, 'src', 'plan', 'build-plan.ts'), 'export const a = 1')
  mkdirSync(path.join(root, 'dist'))
  writeFileSync(path.join(root, 'dist', 'index.js'), 'const a = 1')
  writeFileSync(path.join(root, 'dist', '560.index.js'), 'chunk')
  mkdirSync(path.dirname(stampPath(root)), { recursive: true })
  writeFileSync(stampPath(root), JSON.stringify(currentStamp(root)))
  return root
}

describe('staleDistNotice', () => {
  it('says nothing right after a build', () => {
    expect(staleDistNotice(builtTree())).toBeUndefined()
  })

  it('says so when a source file, however deep, changed after the build', () => {
    const root = builtTree()
    writeFileSync(path.join(root, 'src', 'plan', 'build-plan.ts'), 'export const a = 2')
    expect(staleDistNotice(root)).toBe(
      'src/ changed since the last build: the e2e tests run the old bundle. Run `npm run build` first.'
    )
  })

  it('says so when dist/ was replaced, as `git checkout -- dist` does, whatever the file times', () => {
    const root = builtTree()
    writeFileSync(path.join(root, 'dist', '560.index.js'), 'the committed chunk')
    expect(staleDistNotice(root)).toMatch(/^dist\/ is not the last build/)
  })

  it('says so when there is no bundle, or no stamp of one', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'stale-dist-'))
    expect(staleDistNotice(root)).toMatch(/^dist\/index\.js does not exist/)
    mkdirSync(path.join(root, 'dist'))
    writeFileSync(path.join(root, 'dist', 'index.js'), '')
    expect(staleDistNotice(root)).toMatch(/^dist\/ was not built here/)
  })
})
