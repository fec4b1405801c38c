import { describe, expect, it } from '@jest/globals'
import { workflowRunUrl } from '../../../src/report/workflow-run-url.js'

describe('workflowRunUrl', () => {
  const run = {
    serverUrl: 'https://github.example.com',
    repository: { owner: 'acme', repo: 'platform' },
    runId: '42'
  }

  it('links the run, and one attempt of it when the attempt is known', () => {
    expect(workflowRunUrl(run)).toBe('https://github.example.com/acme/platform/actions/runs/42')
    expect(workflowRunUrl({ ...run, runAttempt: '3' })).toBe(
      'https://github.example.com/acme/platform/actions/runs/42/attempts/3'
    )
  })
})
