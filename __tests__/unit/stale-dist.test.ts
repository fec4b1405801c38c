import { describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { staleDistNotice } from '../support/stale-dist.js'

function tree(srcSeconds: number, distSeconds?: number): string {
  const root = mkdtempSync(path.join(tmpdir(), 'stale-dist-'))
  mkdirSync(path.join(root, 'src', 'plan'), { recursive: true })
  const source = path.join(root, 'src', 'plan', 'build-plan.ts')
  writeFileSync(source, 'export {}')
  utimesSync(source, srcSeconds, srcSeconds)
  if (distSeconds !== undefined) {
    mkdirSync(path.join(root, 'dist'))
    writeFileSync(path.join(root, 'dist', 'index.js'), '')
    utimesSync(path.join(root, 'dist', 'index.js'), distSeconds, distSeconds)
  }
  return root
}

describe('staleDistNotice', () => {
  it('says nothing when the bundle is newer than every source file', () => {
    expect(staleDistNotice(tree(1_000_000, 1_000_060))).toBeUndefined()
  })

  it('says so when a source file, however deep, changed after the build', () => {
    expect(staleDistNotice(tree(1_000_600, 1_000_000))).toBe(
      'src/ changed about 10 min after dist/index.js was built: the e2e tests run the old bundle. Run `npm run build` first.'
    )
  })

  it('says so when there is no bundle at all', () => {
    expect(staleDistNotice(tree(1_000_000))).toMatch(/^dist\/index\.js does not exist/)
  })
})
