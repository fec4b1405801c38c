import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { bundleSize, locateBundle } from './bundle-size.js'
import { measureColdStart } from './cold-start.js'
import { measureDetection } from './detection.js'
import { measureFleetSizes } from './fleet-sizes.js'
import { describeMachine } from './machine.js'
import { parseBenchOptions, USAGE } from './options.js'
import { renderReport } from './report.js'
import type { BenchResults } from './results.js'
import { ROOT } from './spawn-action.js'
import { measureThrottling } from './throttling.js'
import { measureOutage } from './outage-window.js'
import { formatMs } from './format.js'
import { installActionNode } from '../__tests__/support/action-node-install.js'

/**
 * `npm run bench`: measures the bundled action against the simulator and writes BENCHMARKS.md (and the raw
 * figures to .bench/results.json). Never a pass/fail test: budgets are shown met or not, with their floors.
 */

const log = (message: string) =>
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`)

async function main(): Promise<void> {
  const argv = process.argv.slice(2)
  if (argv.includes('--help')) {
    process.stdout.write(`${USAGE}\n`)
    return
  }
  const options = parseBenchOptions(argv)
  // The runner's Node 24, fetched once into the user cache (not a dependency: see __tests__/support/action-node.ts).
  installActionNode()
  const startedAt = new Date().toISOString()
  const machine = describeMachine()
  log(
    `${machine.cpuModel}, ${machine.cores} cores, action on Node ${machine.actionNode}; load ${machine.loadAverage.join(' ')}`
  )

  const located = locateBundle(options.bundle, log)
  const bundle = bundleSize(located)
  log(`bundle ${bundle.bundle}: ${bundle.totalBytes} bytes`)
  // The run's time starts after any build: building is not what the benchmark measures.
  const started = performance.now()

  const measureOutageWindow = () =>
    measureOutage({
      bundle: bundle.bundle,
      runs: options.outageRuns,
      healthyAfterMs: options.outageHealthyAfterMs,
      concurrency: options.detectionConcurrency,
      progress: log
    })
  if (options.only === 'outage') {
    const outage = await measureOutageWindow()
    for (const sample of outage.samples) {
      log(
        `outage window ${formatMs(sample.windowMs)}: new task's own start ${formatMs(sample.taskStartMs)}, the action's share ${formatMs(sample.actionShareMs)}`
      )
    }
    for (const failure of outage.failures) log(`failed: ${failure}`)
    process.stdout.write(`${JSON.stringify(outage, null, 2)}\n`)
    return
  }

  log(`cold start: ${options.coldRuns} runs each of resolve and dry-run`)
  const coldStart = await measureColdStart(bundle.bundle, options.coldRuns)

  log(`detection latency: ${options.detectionRuns} migrate and ${options.detectionRuns} rolling deploys`)
  const detection = await measureDetection({
    bundle: bundle.bundle,
    runs: options.detectionRuns,
    healthyAfterMs: options.detectionHealthyAfterMs,
    spreadMs: options.detectionSpreadMs,
    concurrency: options.detectionConcurrency,
    tasks: 2,
    progress: log
  })

  log(`outage window: ${options.outageRuns} migrating deploys`)
  const outage = await measureOutageWindow()

  log(`fleets of ${options.fleetSizes.join(', ')} tasks and the throttling run, at the same time`)
  const [fleetSizes, throttling] = await Promise.all([
    measureFleetSizes({
      bundle: bundle.bundle,
      sizes: options.fleetSizes,
      healthyAfterMs: options.fleetHealthyAfterMs,
      concurrency: options.fleetSizes.length,
      progress: log
    }),
    measureThrottling({
      bundle: bundle.bundle,
      tasks: 10,
      healthyAfterMs: options.throttleHealthyAfterMs,
      throttleFromMs: options.throttleFromMs,
      throttleForMs: options.throttleForMs
    })
  ])

  const results: BenchResults = {
    command: ['npm run bench', ...(argv.length > 0 ? ['--', ...argv] : [])].join(' '),
    startedAt,
    durationMs: performance.now() - started,
    machine,
    bundle: { ...bundle, bundle: path.relative(ROOT, bundle.bundle) },
    coldStart,
    detection,
    fleetSizes,
    fleetHealthyAfterMs: options.fleetHealthyAfterMs,
    throttling,
    outage
  }
  mkdirSync(path.join(ROOT, '.bench'), { recursive: true })
  writeFileSync(path.join(ROOT, '.bench/results.json'), `${JSON.stringify(results, null, 2)}\n`)
  const out = path.resolve(ROOT, options.out)
  writeFileSync(out, renderReport(results))
  log(`wrote ${path.relative(ROOT, out)} in ${Math.round(results.durationMs / 1000)} s`)
}

main().catch(error => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  process.exitCode = 1
})
