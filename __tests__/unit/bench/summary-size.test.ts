import { describe, expect, it } from '@jest/globals'
import { summaryShape } from '../../../bench/summary-size.js'

describe('summaryShape', () => {
  it('tells task ids in quoted service events from ids the report lists itself', () => {
    const summary = [
      '| Revision | Status | Tasks |',
      '| open-webui:3 | RUNNING | 2 |',
      'Migrator task aaaa',
      '| 2026-11-25 10:45:17 | (service open-webui) has started 2 tasks: (task bbbb) (task cccc). |'
    ].join('\n')
    expect(summaryShape(summary, ['aaaa', 'bbbb', 'cccc', 'dddd'])).toEqual({
      bytes: Buffer.byteLength(summary),
      lines: 4,
      longestLineBytes: Buffer.byteLength(summary.split('\n')[3]),
      taskIds: 3,
      taskIdsOutsideEvents: 1
    })
  })
})
