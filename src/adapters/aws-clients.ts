/**
 * Every AWS SDK-backed port in one module, so the bundle keeps them in one lazily loaded chunk: split per
 * client, the SDK's shared core would be copied into each chunk.
 */
export { SdkAutoScaling } from '../aws/autoscaling-client.js'
export { SdkCloudWatchLogs } from '../aws/cloudwatch-logs-client.js'
export { SdkEcs } from '../aws/ecs-client.js'
export { SdkDatabaseSnapshots } from '../aws/rds-client.js'
export { SdkLoadBalancer } from '../aws/load-balancer-client.js'
export { SdkSecretsManager } from '../aws/secrets-manager-client.js'
export { EcrRegistry } from '../registry/ecr-registry-client.js'
