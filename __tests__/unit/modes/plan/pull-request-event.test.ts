import { describe, expect, it } from '@jest/globals'
import { pullRequestEvent } from '../../../../src/modes/plan/pull-request-event.js'
import type { GitHubContext } from '../../../../src/settings/settings.js'

function context(eventName: string, payload: Record<string, unknown>): GitHubContext {
  return {
    eventName,
    payload,
    repository: { owner: 'acme', repo: 'platform' },
    sha: 'merge000',
    ref: 'refs/pull/7/merge',
    runId: '1',
    serverUrl: 'https://github.com',
    apiUrl: 'https://api.github.com',
    workspace: '/tmp'
  }
}

function pullRequest(
  headRepository: string | null,
  baseRepository = 'acme/platform'
): Record<string, unknown> {
  return {
    number: 7,
    pull_request: {
      number: 7,
      head: {
        sha: 'abc1234def',
        ref: 'bump',
        repo: headRepository === null ? null : { full_name: headRepository }
      },
      base: { sha: 'base000', ref: 'main', repo: { full_name: baseRepository } }
    }
  }
}

describe('pullRequestEvent', () => {
  it('reads number, head commit and base branch of a pull request from the same repository', () => {
    expect(pullRequestEvent(context('pull_request', pullRequest('acme/platform')))).toEqual({
      number: 7,
      repository: { owner: 'acme', repo: 'platform' },
      headSha: 'abc1234def',
      baseRef: 'main',
      fromFork: false
    })
  })

  it('tells a fork by its head repository, including a deleted fork', () => {
    expect(pullRequestEvent(context('pull_request', pullRequest('mallory/platform')))?.fromFork).toBe(true)
    expect(pullRequestEvent(context('pull_request', pullRequest(null)))?.fromFork).toBe(true)
    expect(pullRequestEvent(context('pull_request', pullRequest('ACME/Platform')))?.fromFork).toBe(false)
  })

  it('is undefined for other events and for pull_request_target', () => {
    expect(pullRequestEvent(context('push', pullRequest('acme/platform')))).toBeUndefined()
    expect(pullRequestEvent(context('workflow_dispatch', {}))).toBeUndefined()
    expect(pullRequestEvent(context('pull_request_target', pullRequest('mallory/platform')))).toBeUndefined()
  })

  it('is undefined when the payload has no pull request number', () => {
    expect(pullRequestEvent(context('pull_request', {}))).toBeUndefined()
    expect(pullRequestEvent(context('pull_request', { pull_request: { number: 'seven' } }))).toBeUndefined()
  })
})
