import { describe, expect, it } from '@jest/globals'
import {
  formatImageReference,
  parseImageReference,
  versionFromTag
} from '../../../src/release/image-reference.js'

const DIGEST = 'sha256:' + 'ab'.repeat(32)

describe('parseImageReference', () => {
  it.each([
    [
      'ghcr.io/open-webui/open-webui:v0.6.5',
      { registry: 'ghcr.io', repository: 'open-webui/open-webui', tag: 'v0.6.5' }
    ],
    [
      `ghcr.io/open-webui/open-webui:v0.6.5-cuda@${DIGEST}`,
      { registry: 'ghcr.io', repository: 'open-webui/open-webui', tag: 'v0.6.5-cuda', digest: DIGEST }
    ],
    [
      `ghcr.io/open-webui/open-webui@${DIGEST}`,
      { registry: 'ghcr.io', repository: 'open-webui/open-webui', digest: DIGEST }
    ],
    [
      '123456789012.dkr.ecr.us-east-1.amazonaws.com/mirror/open-webui:0.6.5',
      {
        registry: '123456789012.dkr.ecr.us-east-1.amazonaws.com',
        repository: 'mirror/open-webui',
        tag: '0.6.5'
      }
    ],
    [
      '127.0.0.1:5000/open-webui/open-webui:v0.6.5',
      { registry: '127.0.0.1:5000', repository: 'open-webui/open-webui', tag: 'v0.6.5' }
    ],
    ['localhost:5000/open-webui', { registry: 'localhost:5000', repository: 'open-webui' }],
    [
      '[::1]:5000/open-webui/open-webui:v1.2.3',
      { registry: '[::1]:5000', repository: 'open-webui/open-webui', tag: 'v1.2.3' }
    ],
    [
      'open-webui/open-webui:main',
      { registry: 'docker.io', repository: 'open-webui/open-webui', tag: 'main' }
    ],
    ['nginx', { registry: 'docker.io', repository: 'library/nginx' }],
    ['docker.io/library/nginx:1.27', { registry: 'docker.io', repository: 'library/nginx', tag: '1.27' }]
  ])('parses %s', (reference, expected) => {
    expect(parseImageReference(reference)).toEqual(expected)
  })

  it.each([
    '',
    'ghcr.io/Open-WebUI/x:v1',
    'ghcr.io/a/b:bad tag',
    'ghcr.io/a/b@sha256',
    'a b',
    'ghcr.io/a/b:'
  ])('refuses %j', reference => {
    expect(parseImageReference(reference)).toBeUndefined()
  })

  it('formats back to the same reference', () => {
    for (const reference of [
      `ghcr.io/open-webui/open-webui:v0.6.5@${DIGEST}`,
      '127.0.0.1:5000/open-webui/open-webui:v0.6.5'
    ]) {
      expect(formatImageReference(parseImageReference(reference)!)).toBe(reference)
    }
  })
})

describe('versionFromTag', () => {
  it.each([
    ['v0.6.5', '0.6.5'],
    ['0.6.5', '0.6.5'],
    ['v0.6.5-cuda', '0.6.5'],
    ['v0.6.43-cuda126', '0.6.43'],
    ['v0.6.5-slim', '0.6.5']
  ])('%s pins %s', (tag, version) => {
    expect(versionFromTag(tag)).toBe(version)
  })

  it.each(['main', 'latest', '0.6', 'git-1a2b3c4', 'v1.0.0-alpha.101', 'cache-amd64', 'v0.6.5-weird'])(
    '%s pins no release',
    tag => {
      expect(versionFromTag(tag)).toBeUndefined()
    }
  )

  it('accepts the deployed variant as a suffix', () => {
    expect(versionFromTag('v0.6.5-weird', 'weird')).toBe('0.6.5')
  })
})
