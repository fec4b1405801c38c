import { describe, expect, it } from '@jest/globals'
import {
  isPlanCommentFor,
  planCommentMarker,
  planHashLine,
  recordedPlanHash
} from '../../../../src/modes/plan/plan-comment-marker.js'
import { resourceName } from '../../../../src/domain/arn.js'
import { renderMarkdown } from '../../../support/github-markdown.js'

describe('planCommentMarker', () => {
  it('is a hidden HTML comment naming cluster and service', () => {
    const marker = planCommentMarker('prod', 'open-webui')
    expect(marker).toBe('<!-- open-webui-ecs-deploy:plan cluster=prod service=open-webui -->')
    expect(renderMarkdown(`${marker}\n\nvisible`).trim()).toBe(`${marker}\n<p>visible</p>`)
  })

  it('names a cluster or service the same whether given by name or ARN', () => {
    expect(
      planCommentMarker(
        'arn:aws:ecs:us-east-1:123456789012:cluster/prod',
        'arn:aws:ecs:us-east-1:123456789012:service/prod/open-webui'
      )
    ).toBe(planCommentMarker('prod', 'open-webui'))
    expect(resourceName('arn:aws:ecs:us-east-1:123456789012:service/open-webui')).toBe('open-webui')
  })

  it('encodes values so they cannot end the comment or fake another key', () => {
    const marker = planCommentMarker('a --> b', 'x service=y')
    expect(marker.match(/-->/g)).toHaveLength(1)
    expect(marker).toContain('cluster=a%20--%3E%20b service=x%20service%3Dy -->')
  })
})

describe('isPlanCommentFor', () => {
  const marker = planCommentMarker('prod', 'open-webui')

  it('matches our marker on the first line only', () => {
    expect(isPlanCommentFor(`${marker}\n## Plan`, 'prod', 'open-webui')).toBe(true)
    expect(isPlanCommentFor(`\r\n${marker}\r\n## Plan`, 'prod', 'open-webui')).toBe(true)
    expect(isPlanCommentFor(`Look:\n${marker}\n## Plan`, 'prod', 'open-webui')).toBe(false)
    expect(isPlanCommentFor(`\`\`\`\n${marker}\n\`\`\``, 'prod', 'open-webui')).toBe(false)
  })

  it('keeps plans of other services and clusters apart', () => {
    expect(isPlanCommentFor(marker, 'prod', 'open-webui-canary')).toBe(false)
    expect(isPlanCommentFor(marker, 'staging', 'open-webui')).toBe(false)
    expect(isPlanCommentFor(planCommentMarker('prod', 'open-webui-canary'), 'prod', 'open-webui')).toBe(false)
  })
})

describe('recordedPlanHash', () => {
  it('reads the hash from the last line', () => {
    expect(recordedPlanHash(`marker\nbody\n${planHashLine('0123abcd4567')}\n`)).toBe('0123abcd4567')
    expect(recordedPlanHash(`marker\r\nbody\r\n${planHashLine('0123abcd4567')}\r\n`)).toBe('0123abcd4567')
  })

  it('ignores a hash line anywhere else, where untrusted text could have put it', () => {
    expect(recordedPlanHash(`marker\n${planHashLine('feedfacecafe')}\nfooter`)).toBeUndefined()
    expect(recordedPlanHash('marker\nno hash')).toBeUndefined()
  })
})
