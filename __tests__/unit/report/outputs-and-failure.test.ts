import { describe, expect, it } from '@jest/globals'
import { phaseFailure } from '../../../src/report/failure.js'
import { releaseOutputs } from '../../../src/report/outputs.js'
import { versionTag } from '../../../src/release/version-tag.js'

describe('versionTag', () => {
  it('writes a version as Open WebUI tags it, with the variant suffix when there is one', () => {
    expect(versionTag('0.6.6')).toBe('v0.6.6')
    expect(versionTag('0.6.6', 'cuda')).toBe('v0.6.6-cuda')
  })
})

describe('releaseOutputs', () => {
  it('sets version and previous-version as tags, and only what is known', () => {
    expect(
      releaseOutputs({
        version: '0.6.7',
        previousVersion: '0.6.5',
        image: 'ghcr.io/open-webui/open-webui:v0.6.7',
        migrations: 'true'
      })
    ).toEqual({
      version: 'v0.6.7',
      'previous-version': 'v0.6.5',
      image: 'ghcr.io/open-webui/open-webui:v0.6.7',
      migrations: 'true'
    })
    expect(releaseOutputs({ version: '0.6.7' })).toEqual({ version: 'v0.6.7' })
  })
})

describe('phaseFailure', () => {
  it('names the phase in the summary, one error annotation and the failure, and escapes the message', () => {
    const outcome = phaseFailure({
      mode: 'Plan',
      phase: 'verify',
      message: 'No plan could be made: service *prod* not found',
      details: ['NG Service: not found']
    })
    expect(outcome).toEqual({
      result: 'failed',
      outputs: {},
      summary:
        '### Plan failed (verify)\n\nNo plan could be made: service \\*prod\\* not found\n\n```\nNG Service: not found\n```\n\nNothing was changed.\n',
      annotations: [
        {
          level: 'error',
          title: 'Plan failed in verify',
          message: 'No plan could be made: service *prod* not found'
        }
      ],
      failure: 'Plan failed in verify: No plan could be made: service *prod* not found'
    })
  })

  it('keeps earlier annotations first and puts the given markdown after the message', () => {
    const finding = { level: 'warning' as const, title: 'SQLite', message: 'use PostgreSQL' }
    const outcome = phaseFailure({
      mode: 'Deploy',
      phase: 'settle',
      message: 'the service did not settle',
      after: '## Plan',
      outputs: { version: 'v0.6.7' },
      annotations: [finding]
    })
    expect(outcome.summary).toBe('### Deploy failed (settle)\n\nthe service did not settle\n\n## Plan\n')
    expect(outcome.annotations.map(annotation => annotation.title)).toEqual([
      'SQLite',
      'Deploy failed in settle'
    ])
    expect(outcome.outputs).toEqual({ version: 'v0.6.7' })
  })
})
