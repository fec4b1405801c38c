import { afterEach } from '@jest/globals'
import type { Simulator } from '../../simulator/src/index.js'

/**
 * Stops the simulator the test started (the one `current` returns) after each test, passed or failed, and
 * never the same one twice: a test that starts none leaves the previous, stopped one alone.
 */
export function stopAfterEach(current: () => Simulator | undefined): void {
  const stopped = new WeakSet<Simulator>()
  afterEach(async () => {
    const sim = current()
    if (!sim || stopped.has(sim)) return
    stopped.add(sim)
    await sim.stop()
  })
}
