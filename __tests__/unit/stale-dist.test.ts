import { describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { currentStamp, staleDistNotice, stampPath } from '../../scripts/build-stamp.js'

/** A checkout with src/ and a built dist/, stamped as `npm run build` stamps it. */
function builtTree(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'stale-dist-'))
  mkdirSync(path.join(root, 'src', 'plan'), { recursive: true })
  writeFileSync(path.join(root, 'src', 'plan', 'build-plan.ts'), 'export const a = 1')
  mkdirSync(path.join(root, 'dist'))
  writeFileSync(path.join(root, 'dist', 'index.js'), 'const a = 1')
  writeFileSync(path.join(root, 'dist', '560.index.js'), 'chunk')
  writeFileSync(stampPath(root), JSON.stringify(currentStamp(root)))
  return root
}

describe('staleDistNotice', () => {
  it('says nothing on a fresh clone: the stamp is committed with the bundle it describes', () => {
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
    expect(stampPath(root)).toBe(path.join(root, 'dist', 'build-stamp.json'))
    expect(
      execFileSync('git', ['ls-files', 'dist/build-stamp.json'], { cwd: root, encoding: 'utf8' }).trim()
    ).toBe('dist/build-stamp.json')
  })

  it('says nothing right after a build', () => {
    expect(staleDistNotice(builtTree())).toBeUndefined()
  })

  it('says so when a source file, however deep, changed after the build', () => {
    const root = builtTree()
    writeFileSync(path.join(root, 'src', 'plan', 'build-plan.ts'), 'export const a = 2')
    expect(staleDistNotice(root)).toBe('src/ changed since the last build')
  })

  it('says so when dist/ was replaced by hand, whatever the file times', () => {
    const root = builtTree()
    writeFileSync(path.join(root, 'dist', '560.index.js'), 'the committed chunk')
    expect(staleDistNotice(root)).toMatch(/^dist\/ is not the build its stamp names/)
  })

  it('says so when there is no bundle, or no stamp of one', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'stale-dist-'))
    expect(staleDistNotice(root)).toMatch(/^dist\/index\.js does not exist/)
    mkdirSync(path.join(root, 'dist'))
    writeFileSync(path.join(root, 'dist', 'index.js'), '')
    expect(staleDistNotice(root)).toMatch(/^dist\/ has no build stamp/)
  })
})
