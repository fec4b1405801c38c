// PLACEHOLDER: replaced by the real AWS SDK implementation.
import type { EcsPort } from '../ports/ecs.js'

export class SdkEcs implements Partial<EcsPort> {
  constructor(readonly region: string) {}
}
