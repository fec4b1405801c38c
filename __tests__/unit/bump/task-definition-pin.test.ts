import { describe, expect, it } from '@jest/globals'
import {
  containerImage,
  parseImagePin,
  pinTag,
  replaceImageInJson,
  rewriteImagePin
} from '../../../src/bump/task-definition-pin.js'

const DIGEST = `sha256:${'a'.repeat(64)}`
const NEW_DIGEST = `sha256:${'b'.repeat(64)}`

describe('parseImagePin', () => {
  it.each([
    ['ghcr.io/open-webui/open-webui:v0.6.5', '0.6.5', 'v', undefined, undefined],
    ['ghcr.io/open-webui/open-webui:v0.6.5-cuda', '0.6.5', 'v', 'cuda', undefined],
    [`ghcr.io/open-webui/open-webui:v0.6.5@${DIGEST}`, '0.6.5', 'v', undefined, DIGEST],
    ['ghcr.io/open-webui/open-webui:0.6.5', '0.6.5', '', undefined, undefined],
    ['127.0.0.1:5000/open-webui/open-webui:v0.6.43-slim', '0.6.43', 'v', 'slim', undefined]
  ])('%s pins %s', (image, version, prefix, variant, digest) => {
    const pin = parseImagePin(image)!
    expect(pin).toMatchObject({ version, prefix })
    expect(pin.variant).toBe(variant)
    expect(pin.digest).toBe(digest)
  })

  it.each([
    'ghcr.io/open-webui/open-webui:main',
    'ghcr.io/open-webui/open-webui:0.6',
    'ghcr.io/open-webui/open-webui',
    '<IMAGE>'
  ])('%s pins no release', image => expect(parseImagePin(image)).toBeUndefined())

  it('keeps the registry and repository text as written, with a port', () => {
    const pin = parseImagePin('127.0.0.1:5000/open-webui/open-webui:v0.6.5')!
    expect(pin.name).toBe('127.0.0.1:5000/open-webui/open-webui')
    expect(pin.repository).toEqual({ registry: '127.0.0.1:5000', repository: 'open-webui/open-webui' })
  })
})

describe('rewriteImagePin', () => {
  it('keeps the variant suffix and the tag style', () => {
    expect(
      rewriteImagePin(parseImagePin('ghcr.io/open-webui/open-webui:v0.6.5-cuda')!, '0.6.6', NEW_DIGEST)
    ).toBe('ghcr.io/open-webui/open-webui:v0.6.6-cuda')
    expect(pinTag(parseImagePin('ghcr.io/open-webui/open-webui:0.6.5')!, '0.6.6')).toBe('0.6.6')
  })

  it('gives a digest-pinned image the new digest, and drops a digest it cannot renew', () => {
    const pin = parseImagePin(`ghcr.io/open-webui/open-webui:v0.6.5@${DIGEST}`)!
    expect(rewriteImagePin(pin, '0.6.6', NEW_DIGEST)).toBe(
      `ghcr.io/open-webui/open-webui:v0.6.6@${NEW_DIGEST}`
    )
    expect(rewriteImagePin(pin, '0.6.6', undefined)).toBe('ghcr.io/open-webui/open-webui:v0.6.6')
  })
})

describe('replaceImageInJson', () => {
  const text = [
    '{',
    '  "family": "open-webui",',
    '  "containerDefinitions": [',
    '    {',
    '      "name":   "open-webui",',
    '      "image" : "ghcr.io/open-webui/open-webui:v0.6.5",',
    '      "environment": [{ "name": "NOTE", "value": "\\"image\\": \\"ghcr.io/open-webui/open-webui:v0.6.5\\"" }]',
    '    },',
    '    { "name": "tika", "image": "apache/tika:2.9.2.1-full" }',
    '  ]',
    '}',
    ''
  ].join('\n')

  it('changes only the image member of the container, every other byte stays', () => {
    const rewritten = replaceImageInJson(
      text,
      'ghcr.io/open-webui/open-webui:v0.6.5',
      'ghcr.io/open-webui/open-webui:v0.6.6'
    )
    expect(rewritten).toBe(
      text.replace(
        '"image" : "ghcr.io/open-webui/open-webui:v0.6.5"',
        '"image" : "ghcr.io/open-webui/open-webui:v0.6.6"'
      )
    )
    expect(containerImage(rewritten, 'open-webui')).toEqual({ image: 'ghcr.io/open-webui/open-webui:v0.6.6' })
    expect(containerImage(rewritten, 'tika')).toEqual({ image: 'apache/tika:2.9.2.1-full' })
  })

  it('refuses when the image is not there', () => {
    expect(() => replaceImageInJson(text, 'ghcr.io/open-webui/open-webui:v0.6.4', 'x')).toThrow(/not found/)
  })
})

describe('containerImage', () => {
  it('reads describe-task-definition output too', () => {
    const text = JSON.stringify({
      taskDefinition: { containerDefinitions: [{ name: 'open-webui', image: 'i:v0.6.5' }] }
    })
    expect(containerImage(text, 'open-webui')).toEqual({ image: 'i:v0.6.5' })
  })

  it('says what is wrong', () => {
    expect(containerImage('{', 'open-webui')).toMatchObject({
      problem: expect.stringMatching(/not valid JSON/)
    })
    expect(containerImage('{"containerDefinitions": []}', 'open-webui')).toEqual({
      problem: "has no container 'open-webui'"
    })
  })
})
