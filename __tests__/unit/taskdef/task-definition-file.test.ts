import { describe, expect, it } from '@jest/globals'
import { truncateDiff } from '../../../src/taskdef/diff-truncation.js'
import { unwrapDescribeOutput } from '../../../src/taskdef/task-definition-file.js'

describe('unwrapDescribeOutput', () => {
  const bare = { family: 'open-webui', containerDefinitions: [{ name: 'open-webui' }] }

  it('takes the task definition out of describe-task-definition output and leaves a bare one as it is', () => {
    expect(unwrapDescribeOutput({ taskDefinition: bare, tags: [{ key: 'team', value: 'ai' }] })).toBe(bare)
    expect(unwrapDescribeOutput(bare)).toBe(bare)
  })

  it('keeps a file with its own containerDefinitions whole, even with a taskDefinition member', () => {
    const odd = { ...bare, taskDefinition: { family: 'other' } }
    expect(unwrapDescribeOutput(odd)).toBe(odd)
  })

  it('is undefined for JSON that is not an object', () => {
    expect(unwrapDescribeOutput([bare])).toBeUndefined()
    expect(unwrapDescribeOutput('task definition')).toBeUndefined()
    expect(unwrapDescribeOutput(null)).toBeUndefined()
  })
})

describe('truncateDiff', () => {
  const diff = ['--- running', '+++ rendered', '@@ -1,2 +1,2 @@', '-a', '+b'].join('\n')

  it('keeps whole lines that fit and says how many were left out', () => {
    expect(truncateDiff(diff, 30)).toBe(
      '--- running\n+++ rendered\n… 3 more diff lines: the job summary of this run has the whole diff.'
    )
    expect(truncateDiff(diff, 44)).toBe(
      '--- running\n+++ rendered\n@@ -1,2 +1,2 @@\n-a\n… 1 more diff line: the job summary of this run has the whole diff.'
    )
  })

  it('is only the pointer when not one line fits', () => {
    expect(truncateDiff(diff, 5)).toBe('… 5 more diff lines: the job summary of this run has the whole diff.')
  })
})
