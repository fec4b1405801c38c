/**
 * Every AWS SDK-backed port in one module, so the bundle keeps them in one lazily loaded chunk: split per
 * client, the SDK's shared core would be copied into each chunk.
 */
export { SdkAutoScaling } from './autoscaling-client.js'
export { SdkCloudWatchLogs } from './cloudwatch-logs-client.js'
export { SdkEcs } from './ecs-client.js'
export { SdkLoadBalancer } from './load-balancer-client.js'
export { SdkSecretsManager } from './secrets-manager-client.js'
export { EcrRegistry } from '../registry/ecr-registry-client.js'
