import { describe, expect, it } from '@jest/globals'
import {
  INERT_PREFIX,
  annotationText,
  annotationTitle,
  continuationOf,
  quoteUntrusted,
  stdoutLines,
  untrustedLines
} from '../../../src/report/untrusted-log.js'

/** What the runner would treat as a command: `::` after leading white space, or `##[` anywhere. */
function startsCommand(line: string): boolean {
  return /^\s*::/.test(line) || line.includes('##[')
}

const PAYLOADS = [
  '::stop-commands::tok',
  '::add-mask::',
  '::error title=Deployed::all good',
  '::set-output name=result::deployed',
  'text\r::warning::after a bare CR',
  '\t  ::notice::indented',
  '\u200b::error::behind a zero-width space',
  '\ufeff::error::behind a BOM',
  'migrations ok ##[add-mask]legacy',
  '#\u200d#[set-output name=x]zw-joined legacy',
  'line\u2028::error::after a line separator',
  '\u001b[31m::error::after an ANSI escape'
]

describe('untrusted text on stdout', () => {
  it.each(PAYLOADS)('no physical line of %j can start a workflow command', payload => {
    for (const text of [payload, `first\n${payload}`, `first\r\n${payload}\r\nlast`, `${payload}\r`]) {
      const lines = stdoutLines(text)
      // Joined as core.info writes them and split as the runner reads them.
      for (const line of lines.join('\n').split(/\r\n|\r|\n/)) expect(startsCommand(line)).toBe(false)
    }
  })

  it('splits on CRLF, CR and LF and keeps the text readable', () => {
    expect(untrustedLines('a\r\nb\rc\nd')).toEqual(['a', 'b', 'c', 'd'])
    expect(untrustedLines('::error::x')).toEqual([`${INERT_PREFIX}::error::x`])
    expect(untrustedLines('ok ##[group]x')).toEqual(['ok ## [group]x'])
    expect(untrustedLines('plain text: fine')).toEqual(['plain text: fine'])
    expect(untrustedLines('tab\tkept')).toEqual(['tab\tkept'])
  })

  it('is idempotent, so a quoted line printed through the log is not changed twice', () => {
    const once = quoteUntrusted('  migrator | ', '::add-mask::x\n##[error]y')
    expect(stdoutLines(once)).toEqual(once.split('\n'))
  })

  it('puts the lead before every physical line of a quote', () => {
    expect(quoteUntrusted('  migrator | ', 'one\rtwo')).toBe('  migrator | one\n  migrator | two')
    const lead = '  event 12:00:00: '
    expect(quoteUntrusted(lead, 'a\n::error::b', continuationOf(lead))).toBe(
      `${lead}a\n    | ${INERT_PREFIX}::error::b`
    )
  })
})

describe('annotation text from outside', () => {
  it('drops U+2028, U+2029 and NEL, which the annotation view would break lines at', () => {
    expect(annotationText('stopped\u2028::error::x\u2029y\u0085z')).toBe('stopped::error::xyz')
    expect(annotationTitle('a\u2028b')).toBe('a b')
  })
})
