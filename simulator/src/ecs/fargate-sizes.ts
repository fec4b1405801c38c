/**
 * The CPU/memory pairs Fargate accepts (ECS developer guide, "Task CPU and memory"). ECS rejects any other pair
 * at RegisterTaskDefinition with "No Fargate configuration exists for given values".
 */
const memoryRanges: Record<number, { from: number; to: number; step: number } | number[]> = {
  256: [512, 1024, 2048],
  512: { from: 1024, to: 4096, step: 1024 },
  1024: { from: 2048, to: 8192, step: 1024 },
  2048: { from: 4096, to: 16384, step: 1024 },
  4096: { from: 8192, to: 30720, step: 1024 },
  8192: { from: 16384, to: 61440, step: 4096 },
  16384: { from: 32768, to: 122880, step: 8192 }
}

export function isFargateSize(cpu: number, memory: number): boolean {
  const range = memoryRanges[cpu]
  if (range === undefined) return false
  if (Array.isArray(range)) return range.includes(memory)
  return memory >= range.from && memory <= range.to && (memory - range.from) % range.step === 0
}

/** `1024`, `1 vCPU` and `.25 vcpu` are all CPU units to ECS. */
export function parseCpu(value: string): number | undefined {
  return parseUnits(value, /^([\d.]+)\s*vcpu$/i)
}

/** `2048`, `2 GB` and `2gb` are all MiB to ECS. */
export function parseMemory(value: string): number | undefined {
  return parseUnits(value, /^([\d.]+)\s*gb$/i)
}

function parseUnits(value: string, scaled: RegExp): number | undefined {
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed)
  const match = scaled.exec(trimmed)
  if (!match) return undefined
  const units = Number(match[1]) * 1024
  return Number.isInteger(units) ? units : undefined
}
