import type { CallRecord, Simulator, TimelineEntry } from '../simulator/src/index.js'
import { phasesInLog, type PhaseInLog, type RolloutPhaseName } from './phase-log.js'
import {
  completedAt,
  deployInputs,
  serviceDeploymentsSince,
  simClock,
  startFleetSimulator,
  type FleetWorld
} from './scenarios.js'
import { spawnAction, type SpawnedRun } from './spawn-action.js'

/** One deploy of the bundled action against a fresh simulator, with every instant on the simulator's clock. */

export interface MeasuredPhase {
  name: RolloutPhaseName
  deploymentId?: string
  /** UpdateService answered (the phase's log line), simulator ms. */
  openedAt: number
  /** The simulated deployment reached COMPLETED. */
  completedAt?: number
  /** The first DescribeServices that arrived at or after completion: the poll that could see it. */
  observedAt?: number
  /** The action printed the deployment COMPLETED. */
  sawCompletedAt?: number
  /** The action closed the phase: tasks verified, moving on. */
  closedAt?: number
}

export interface DeploymentRun {
  world: FleetWorld
  action: SpawnedRun
  spawnedAt: number
  closedAt: number
  phases: MeasuredPhase[]
  /** Every call the action made, in arrival order. */
  calls: CallRecord[]
  /** Task ids of the service after the run (to check the summary aggregates them). */
  taskIds: string[]
  /** The service's task lifecycle during the run (simulator ms). */
  timeline: TimelineEntry[]
}

export interface DeploymentOptions {
  bundle: string
  measureResources?: boolean
  /** Called with the simulator once the action is spawned (fault injection). */
  during?: (sim: Simulator, spawnedAt: number) => () => void
}

export async function runDeployment(world: FleetWorld, options: DeploymentOptions): Promise<DeploymentRun> {
  const sim = await startFleetSimulator(world)
  try {
    const toSim = simClock(sim)
    const firstCall = sim.calls.length
    const started = sim.world.now()
    let stopDuring: (() => void) | undefined
    const actionPromise = spawnAction({
      bundle: options.bundle,
      simulatorEnv: sim.env,
      inputs: deployInputs(sim),
      measureResources: options.measureResources
    })
    stopDuring = options.during?.(sim, started)
    const action = await actionPromise
    stopDuring?.()
    stopDuring = undefined
    const calls = sim.calls.slice(firstCall)
    const lines = action.lines.map(line => ({ at: toSim(line.at), text: line.text }))
    const ownDeployments = serviceDeploymentsSince(sim, started)
    const phases = phasesInLog(lines).map((phase, index) =>
      measure(sim, phase, calls, ownDeployments[index]?.finishedAt)
    )
    const taskIds = sim.ecs.tasks('prod', 'open-webui').map(task => task.id)
    return {
      world,
      action,
      spawnedAt: toSim(action.spawnedAt),
      closedAt: toSim(action.closedAt),
      phases,
      calls,
      taskIds,
      timeline: sim.timeline.filter(entry => entry.service === 'open-webui')
    }
  } finally {
    await sim.stop()
  }
}

function measure(
  sim: Simulator,
  phase: PhaseInLog,
  calls: CallRecord[],
  byOrder: number | undefined
): MeasuredPhase {
  // The deployment id the action printed is exact; the order of service deployments is the fallback.
  const completed = (phase.deploymentId ? completedAt(sim, phase.deploymentId) : undefined) ?? byOrder
  const observed =
    completed === undefined ? undefined : observingPoll(sim, calls, completed, phase.sawCompletedAt)
  return {
    name: phase.name,
    ...(phase.deploymentId ? { deploymentId: phase.deploymentId } : {}),
    openedAt: phase.openedAt,
    ...(completed !== undefined ? { completedAt: completed } : {}),
    ...(observed !== undefined ? { observedAt: observed } : {}),
    ...(phase.sawCompletedAt !== undefined ? { sawCompletedAt: phase.sawCompletedAt } : {}),
    ...(phase.closedAt !== undefined ? { closedAt: phase.closedAt } : {})
  }
}

/**
 * The DescribeServices whose answer showed the deployment COMPLETED: the last one before the action printed it.
 * A request can itself complete the deployment (the engine catches up before answering), arriving a few ms
 * before the recorded completion; without the log line, the first request at or after completion.
 */
function observingPoll(
  sim: Simulator,
  calls: CallRecord[],
  completed: number,
  printedAt: number | undefined
): number | undefined {
  const polls = calls.filter(call => call.service === 'ecs' && call.operation === 'DescribeServices')
  const lastBeforePrint = printedAt === undefined ? undefined : polls.findLast(call => call.at <= printedAt)
  if (lastBeforePrint && lastBeforePrint.at >= completed - sim.world.timing.tickMs) {
    return Math.max(lastBeforePrint.at, completed)
  }
  return polls.find(call => call.at >= completed)?.at
}
