import type { HttpService, SimResponse } from '../../world.js'
import { forwardTargets, ruleMatches, type LoadBalancerStore } from './load-balancers.js'
import type { TargetGroupStore } from './target-groups.js'
import type { RegisteredTarget } from './targets.js'

/** What a target answers: the simulated Open WebUI of the task at that IP, or undefined when none is there. */
export type TargetAnswer = (target: RegisteredTarget, path: string) => SimResponse | undefined

/**
 * The public endpoint of each load balancer, `/alb/NAME/PATH` (its first listener): rules are evaluated by priority
 * and the first whose conditions match wins (a fixed response is sent as configured); a forward goes round-robin
 * to the group's `healthy` targets only (draining and `initial` targets get no new request), and with none the
 * ALB answers 503 itself. ALB guide, "Listener rules" and "Health checks for Application Load Balancer target
 * groups". Fail-open (every target unhealthy) is not modelled: the simulator answers 503 then too.
 */
export function createListenerEndpoint(
  balancers: LoadBalancerStore,
  targetGroups: TargetGroupStore,
  answer: TargetAnswer
): HttpService {
  let turn = 0
  return {
    handle(request) {
      const match = /^\/([^/]+)(\/.*)?$/.exec(request.path)
      const balancer = match ? balancers.byName(decodeURIComponent(match[1])) : undefined
      const listener = balancer?.listeners[0]
      if (!match || !listener) return { status: 404, body: { message: 'No such load balancer' } }
      const path = match[2] ?? '/'
      const host = request.headers.host ?? ''
      const rule = balancers.orderedRules(listener).find(candidate => ruleMatches(candidate, path, host))
      const action = rule?.actions.find(candidate => candidate.Type !== 'authenticate-oidc')
      if (action?.Type === 'fixed-response') {
        const config = action.FixedResponseConfig ?? {}
        return {
          status: Number(config.StatusCode),
          headers: { 'content-type': config.ContentType ?? 'text/plain' },
          body: config.MessageBody ?? ''
        }
      }
      const healthy = forwardTargets(action ? [action] : []).flatMap(arn =>
        targetGroups.targetsOf(arn).filter(target => target.state === 'healthy')
      )
      for (let tries = 0; tries < healthy.length; tries++) {
        const response = answer(healthy[turn++ % healthy.length], path)
        if (response) return response
      }
      return {
        status: 503,
        headers: { 'content-type': 'text/html' },
        body: '<html><body><center><h1>503 Service Temporarily Unavailable</h1></center></body></html>'
      }
    }
  }
}
