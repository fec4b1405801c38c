import type { Scenario } from '../../simulator/src/scenario.js'
import { ACCOUNT, REGION, TARGET_GROUP_ARN } from '../fixtures/open-webui.js'

/** The alternate target group green registers in during a blue/green, linear or canary deployment. */
export const GREEN_TARGET_GROUP = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/open-webui-green/1d2e3f4a5b6c7d8e`
/** A CloudWatch alarm the service's deployment configuration rolls back on. */
export const ALARM = 'open-webui-5xx'

/**
 * The standard service on one of ECS's own strategies, behind a production and an alternate target group (ECS
 * blue/green needs both), with an alarm that rolls its deployments back.
 */
export function onStrategy(
  deploymentConfiguration: Record<string, unknown>
): (scenario: Scenario) => Scenario {
  return scenario => {
    const [cluster] = scenario.ecs!.clusters!
    const [service] = cluster.services!
    return {
      ...scenario,
      ecs: {
        clusters: [
          {
            ...cluster,
            services: [
              {
                ...service,
                deploymentConfiguration: {
                  alarms: { alarmNames: [ALARM], enable: true, rollback: true },
                  ...deploymentConfiguration
                },
                loadBalancers: [
                  {
                    targetGroupArn: TARGET_GROUP_ARN,
                    containerName: 'open-webui',
                    containerPort: 8080,
                    advancedConfiguration: {
                      alternateTargetGroupArn: GREEN_TARGET_GROUP,
                      productionListenerRule: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:listener-rule/app/open-webui/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee`,
                      roleArn: `arn:aws:iam::${ACCOUNT}:role/ecs-infrastructure-load-balancers`
                    }
                  }
                ]
              }
            ]
          }
        ]
      },
      targetGroups: [
        ...(scenario.targetGroups ?? []),
        { name: 'open-webui-green', arn: GREEN_TARGET_GROUP, port: 8080, deregistrationDelaySeconds: 0 }
      ]
    }
  }
}
