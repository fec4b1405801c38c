// PLACEHOLDER: replaced by the real AWS SDK implementation.
import type { LoadBalancerPort } from '../ports/load-balancer.js'

export class SdkLoadBalancer implements Partial<LoadBalancerPort> {
  constructor(readonly region: string) {}
}
