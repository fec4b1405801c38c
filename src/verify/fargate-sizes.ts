/**
 * Fargate's task sizes (Linux): the memory values each cpu value allows, in MiB. From the ECS developer guide,
 * "Task CPU and memory"; 8 and 16 vCPU need platform version 1.4.0 or later.
 */
const GIB = 1024

function steps(from: number, to: number, step: number): number[] {
  const values: number[] = []
  for (let value = from; value <= to; value += step) values.push(value)
  return values
}

export const FARGATE_SIZES: ReadonlyMap<number, readonly number[]> = new Map([
  [256, [512, 1 * GIB, 2 * GIB]],
  [512, steps(1 * GIB, 4 * GIB, GIB)],
  [1024, steps(2 * GIB, 8 * GIB, GIB)],
  [2048, steps(4 * GIB, 16 * GIB, GIB)],
  [4096, steps(8 * GIB, 30 * GIB, GIB)],
  [8192, steps(16 * GIB, 60 * GIB, 4 * GIB)],
  [16384, steps(32 * GIB, 120 * GIB, 8 * GIB)]
])

/** `1024`, `'1024'`, `'1 vCPU'`, `'0.25 vcpu'` -> CPU units; undefined when unreadable. */
export function cpuUnits(value: unknown): number | undefined {
  const text = String(value ?? '').trim()
  const vcpu = /^(\d+(?:\.\d+)?)\s*vcpu$/i.exec(text)
  if (vcpu) return Math.round(Number(vcpu[1]) * 1024)
  return /^\d+$/.test(text) ? Number(text) : undefined
}

/** `2048`, `'2048'`, `'2 GB'`, `'2GB'` -> MiB; undefined when unreadable. */
export function memoryMiB(value: unknown): number | undefined {
  const text = String(value ?? '').trim()
  const gb = /^(\d+(?:\.\d+)?)\s*gb$/i.exec(text)
  if (gb) return Math.round(Number(gb[1]) * 1024)
  return /^\d+$/.test(text) ? Number(text) : undefined
}

export type FargateSizeCheck = { valid: true } | { valid: false; why: string; fix: string }

/** Whether Fargate runs a task of this size, and what to choose instead when it does not. */
export function checkFargateSize(cpu: unknown, memory: unknown): FargateSizeCheck {
  const units = cpuUnits(cpu)
  const mib = memoryMiB(memory)
  const cpuChoices = [...FARGATE_SIZES.keys()].join(', ')
  if (cpu === undefined || memory === undefined) {
    return {
      valid: false,
      why: `Fargate needs task-level cpu and memory; this task definition has ${cpu === undefined ? 'no cpu' : 'no memory'}`,
      fix: `Set cpu (one of ${cpuChoices}) and a matching memory, e.g. cpu "1024" with memory "2048"`
    }
  }
  if (units === undefined || !FARGATE_SIZES.has(units)) {
    return {
      valid: false,
      why: `cpu ${String(cpu)} is not a Fargate size`,
      fix: `Use one of ${cpuChoices} CPU units`
    }
  }
  const allowed = FARGATE_SIZES.get(units)!
  if (mib === undefined || !allowed.includes(mib)) {
    const range =
      allowed.length <= 3
        ? allowed.join(', ')
        : `${allowed[0]} to ${allowed.at(-1)} in steps of ${allowed[1] - allowed[0]}`
    return {
      valid: false,
      why: `memory ${String(memory)} does not go with cpu ${String(cpu)} on Fargate`,
      fix: `With cpu ${units}, memory must be ${range} (MiB)`
    }
  }
  return { valid: true }
}
