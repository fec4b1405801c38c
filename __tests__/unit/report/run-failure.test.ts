import { describe, expect, it } from '@jest/globals'
import { InputError } from '../../../src/errors.js'
import { runFailure } from '../../../src/report/run-failure.js'
import { liveReferences, proseOf, renderMarkdown } from '../../support/github-markdown.js'

describe('runFailure: a failure no mode turned into an outcome', () => {
  it('an input error: result failed, a summary naming the input and why, one error annotation titled with it', () => {
    const outcome = runFailure(new InputError('cluster', "'prod/eu' is not an ECS cluster name"))
    expect(outcome.result).toBe('failed')
    expect(outcome.outputs).toEqual({})
    expect(outcome.summary).toMatch(/^### Invalid input: `cluster`\n/)
    expect(proseOf(renderMarkdown(outcome.summary))).toContain(
      "Input 'cluster': 'prod/eu' is not an ECS cluster name"
    )
    expect(outcome.summary).toContain('Nothing was changed')
    expect(outcome.annotations).toEqual([
      {
        level: 'error',
        title: 'Invalid input: cluster',
        message: "Input 'cluster': 'prod/eu' is not an ECS cluster name"
      }
    ])
    expect(outcome.failure).toBe("Input 'cluster': 'prod/eu' is not an ECS cluster name")
  })

  it('an unexpected error: result failed and a summary; no annotation, so the step fails with the message', () => {
    const outcome = runFailure(new Error('socket hang up'))
    expect(outcome.result).toBe('failed')
    expect(outcome.summary).toContain('### Open WebUI deploy failed')
    expect(outcome.summary).toContain('socket hang up')
    expect(outcome.annotations).toEqual([])
    expect(outcome.failure).toBe('socket hang up')
    expect(runFailure('not an Error').failure).toBe('not an Error')
  })

  it('keeps text from outside inert in the summary: no HTML, no mention, no back-link', () => {
    const outcome = runFailure(
      new InputError(
        'version',
        "'<img src=x onerror=alert(1)> @octocat open-webui/open-webui#123' is not a version"
      )
    )
    const html = renderMarkdown(outcome.summary)
    expect(html).not.toContain('<img')
    expect(liveReferences(proseOf(html))).toEqual([])
  })
})
