import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startSimulator, type Simulator } from '../../simulator/src/index.js'
import type { CallRecord } from '../../simulator/src/simulator.js'
import { SECRET_CANARIES, standardScenario } from '../fixtures/open-webui.js'
import {
  BASE_INPUTS,
  CORPUS,
  GOOD_TASK_DEFINITION,
  TD_PATH,
  removeCorpusFiles,
  type BadInput
} from '../support/bad-input-corpus.js'
import { proseOf, renderMarkdown } from '../support/github-markdown.js'
import { runAction, type ActionRun } from './harness.js'

/** Text as a reader compares it: invisible characters dropped, runs of white space as one space. */
function readable(text: string): string {
  return text
    .replace(/[\u200b-\u200d\u2060\ufeff]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
}

/**
 * The bad-input corpus through the bundle, as one table: every input the action cannot use ends the step with
 * exit 1, one `::error` titled with the input, `result=failed` and a job summary with the error, before any
 * write to AWS or GitHub, with no stack trace and no secret repeated. What each message says is checked case by case in
 * `__tests__/unit/settings/bad-input-corpus.test.ts`; here only the cases parseSettings cannot see (an event,
 * a release, the service's own task definition) also check their message.
 *
 * The cases run in a small pool of child processes (POOL at once) before the table reads their results: the
 * machine is shared, and spawning them one by one would take several times as long.
 */
const POOL = 4

let sim: Simulator
const results = new Map<BadInput, { run: ActionRun; calls: CallRecord[] }>()

/** Runs `work` over `items`, at most `size` at a time. */
async function inPool<T>(items: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (next < items.length) await work(items[next++])
    })
  )
}

beforeAll(async () => {
  sim = await startSimulator(standardScenario({ registryHost: 'ghcr.io' }))
  await inPool(CORPUS, POOL, async bad => {
    const run = await runAction({
      simulatorEnv: sim.env,
      inputs: { ...BASE_INPUTS, image: `${sim.registryHost}/open-webui/open-webui`, ...bad.inputs },
      files: { [TD_PATH]: GOOD_TASK_DEFINITION, ...bad.files },
      event: bad.event,
      env: bad.env
    })
    // The calls of all cases together: none may write, so no call needs telling apart.
    results.set(bad, { run, calls: sim.calls })
  })
}, 300_000)

afterAll(async () => {
  await sim?.stop()
  removeCorpusFiles()
})

describe('bad input through the bundle', () => {
  it('holds at least 100 cases', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(100)
  })

  it.each(CORPUS.map(bad => [bad.case, bad] as const))(
    '%s: exit 1, an error naming the input, no write, no value echoed',
    (_name, bad) => {
      const { run: result, calls } = results.get(bad)!
      const output = `exit ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`
      const errors = result.annotations.filter(annotation => annotation.level === 'error')
      if (result.code !== 1 || errors.length === 0)
        throw new Error(`expected exit 1 with an ::error, got ${output}`)
      expect(errors).toHaveLength(1)
      expect(errors[0].title).toBe(`Invalid input: ${bad.input}`)
      if (bad.stage === 'run' && bad.expect) expect(errors[0].message).toMatch(bad.expect)
      // No stack trace, no secret value.
      expect(`${result.stdout}\n${result.stderr}`).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m)
      expect(result.stderr).toBe('')
      const everything = output + result.summary + JSON.stringify(result.outputs)
      for (const value of [...Object.values(SECRET_CANARIES), ...(bad.secret ? [bad.secret] : [])])
        expect(everything).not.toContain(value)
      if (bad.secret) expect(JSON.stringify(calls)).not.toContain(bad.secret)
      // Every failure says so in `result` and in the job summary, which names the input and says why.
      expect(result.outputs.result).toBe('failed')
      expect(result.summary).toContain(`### Invalid input: \`${bad.input}\``)
      expect(readable(proseOf(renderMarkdown(result.summary)))).toContain(readable(errors[0].message))
      expect(result.summary).toContain('Nothing was changed')
      expect(calls.filter(call => call.mutating).map(call => `${call.service} ${call.operation}`)).toEqual([])
    }
  )
})
