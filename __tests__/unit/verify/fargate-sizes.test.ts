import { describe, expect, it } from '@jest/globals'
import { checkFargateSize, cpuUnits, memoryMiB } from '../../../src/verify/fargate-sizes.js'

describe('checkFargateSize', () => {
  it.each([
    ['256', '512'],
    ['256', '2048'],
    ['512', '1024'],
    ['512', '4096'],
    ['1024', '2048'],
    ['1024', '8192'],
    ['2048', '16384'],
    ['4096', '30720'],
    ['8192', '16384'],
    ['8192', '61440'],
    ['16384', '122880'],
    ['1 vCPU', '2 GB'],
    ['0.25 vCPU', '1GB'],
    [1024, 3072]
  ])('accepts cpu %s with memory %s', (cpu, memory) =>
    expect(checkFargateSize(cpu, memory)).toEqual({ valid: true })
  )

  it.each([
    ['256', '4096', /does not go with cpu 256/, /512, 1024, 2048/],
    ['1024', '1024', /does not go/, /2048 to 8192 in steps of 1024/],
    ['4096', '31744', /does not go/, /8192 to 30720/],
    ['8192', '18432', /does not go/, /in steps of 4096/],
    ['16384', '36864', /does not go/, /in steps of 8192/],
    ['3072', '6144', /cpu 3072 is not a Fargate size/, /256, 512, 1024, 2048, 4096, 8192, 16384/],
    ['lots', '2048', /cpu lots is not a Fargate size/, /CPU units/],
    [undefined, '2048', /no cpu/, /Set cpu/],
    ['1024', undefined, /no memory/, /Set cpu/]
  ])('refuses cpu %s with memory %s and says what fits', (cpu, memory, why, fix) => {
    const result = checkFargateSize(cpu, memory)
    expect(result.valid).toBe(false)
    if (!result.valid) {
      expect(result.why).toMatch(why)
      expect(result.fix).toMatch(fix)
    }
  })

  it('reads the unit forms ECS accepts', () => {
    expect(cpuUnits('2 vcpu')).toBe(2048)
    expect(cpuUnits('0.5 vCPU')).toBe(512)
    expect(memoryMiB('0.5 GB')).toBe(512)
    expect(memoryMiB('4gb')).toBe(4096)
    expect(memoryMiB('lots')).toBeUndefined()
  })
})
