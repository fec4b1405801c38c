import { describe, expect, it } from '@jest/globals'
import { parseTimeOutput } from '../../../bench/spawn-action.js'

describe('parseTimeOutput', () => {
  it('reads peak memory and CPU time from /usr/bin/time, after a non-zero exit note', () => {
    expect(parseTimeOutput('Command exited with non-zero status 1\n88804 0.48 0.22\n')).toEqual({
      maxRssKib: 88804,
      cpuMs: 700
    })
  })

  it('leaves out what it cannot read', () => {
    expect(parseTimeOutput('')).toEqual({})
  })
})
