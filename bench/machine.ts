import { execFileSync } from 'node:child_process'
import os from 'node:os'
import { actionNode } from './spawn-action.js'

export interface Machine {
  cpuModel: string
  cores: number
  memoryGiB: number
  os: string
  /** The Node the bundle runs on (the runner's node24). */
  actionNode: string
  /** The Node running the benchmark and the simulator. */
  benchNode: string
  loadAverage: number[]
}

export function describeMachine(): Machine {
  const cpus = os.cpus()
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    actionNode: execFileSync(actionNode(), ['--version'], { encoding: 'utf8' }).trim(),
    benchNode: process.version,
    loadAverage: os.loadavg().map(load => Math.round(load * 100) / 100)
  }
}
