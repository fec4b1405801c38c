import type { RegisterTaskDefinitionRequest } from '@aws-sdk/client-ecs'
import { checkFargateSize } from './fargate-sizes.js'
import type { Verification } from './verification.js'

export function verifyTaskSize(fleet: RegisterTaskDefinitionRequest, fargate: boolean): Verification {
  const { cpu, memory } = fleet
  if (!fargate)
    return {
      checks: [{ name: 'Fargate size', status: 'SKIP', detail: 'not a Fargate service' }],
      findings: []
    }
  const size = checkFargateSize(cpu, memory)
  if (size.valid) {
    return {
      checks: [{ name: 'Fargate size', status: 'OK', detail: `cpu ${cpu}, memory ${memory}` }],
      findings: []
    }
  }
  return {
    checks: [{ name: 'Fargate size', status: 'NG', detail: size.why }],
    findings: [
      {
        level: 'error',
        code: 'fargate-size',
        title: 'Invalid Fargate task size',
        message: size.why,
        fix: size.fix
      }
    ]
  }
}
