// PLACEHOLDER: replaced by the real AWS SDK implementation.
import type { AutoScalingPort } from '../ports/autoscaling.js'

export class SdkAutoScaling implements Partial<AutoScalingPort> {
  constructor(readonly region: string) {}
}
