import { errorMessage } from '../errors.js'
import type { Rule } from '../ports/load-balancer.js'
import { OWN_TAG_PREFIX } from '../taskdef/own-tags.js'
import { serviceTargetGroupArns } from './drain-delay.js'
import type { RolloutView } from './rollout-run.js'

/**
 * The maintenance page (maintenance-page): while a migrating upgrade has no task serving, each listener that
 * forwards to the service's target groups answers every request with the page and status 503, through a
 * fixed-response rule placed above the listener's existing rules. The rule carries a tag naming the service, so
 * a re-run (after a cancel or a killed job) finds and deletes one left behind, and never touches another's.
 */
export const MAINTENANCE_TAG_KEY = `${OWN_TAG_PREFIX}maintenance-page`
/** CreateRule's highest priority number; lower numbers are evaluated first. */
const LOWEST_PRIORITY = 50_000

interface ServiceListener {
  listenerArn: string
  rules: Rule[]
}

function serviceTag(run: RolloutView): string {
  return `${run.cluster}/${run.service}`
}

/** The listeners with a rule (the default one included) that forwards to one of the service's target groups. */
async function serviceListeners(run: RolloutView): Promise<ServiceListener[]> {
  const { loadBalancer } = run.ports
  const groups = new Set(serviceTargetGroupArns(run))
  const balancers = new Set<string>()
  for (const arn of groups) {
    const group = await loadBalancer.describeTargetGroup(arn)
    for (const balancer of group?.LoadBalancerArns ?? []) balancers.add(balancer)
  }
  const found: ServiceListener[] = []
  for (const balancer of balancers) {
    for (const listener of await loadBalancer.describeListeners(balancer)) {
      if (!listener.ListenerArn) continue
      const rules = await loadBalancer.describeRules(listener.ListenerArn)
      const forwards = rules.some(rule =>
        (rule.Actions ?? []).some(
          action =>
            action.Type === 'forward' &&
            (groups.has(action.TargetGroupArn ?? '') ||
              (action.ForwardConfig?.TargetGroups ?? []).some(target =>
                groups.has(target.TargetGroupArn ?? '')
              ))
        )
      )
      if (forwards) found.push({ listenerArn: listener.ListenerArn, rules })
    }
  }
  return found
}

/** The rules of this service's maintenance page on the listeners, by their tag. */
async function ownRules(run: RolloutView, listeners: ServiceListener[]): Promise<string[]> {
  const candidates = listeners.flatMap(listener =>
    listener.rules.filter(rule => !rule.IsDefault && rule.RuleArn).map(rule => rule.RuleArn!)
  )
  if (candidates.length === 0) return []
  const tags = await run.ports.loadBalancer.describeTags(candidates)
  return candidates.filter(arn =>
    (tags.get(arn) ?? []).some(tag => tag.Key === MAINTENANCE_TAG_KEY && tag.Value === serviceTag(run))
  )
}

/** The rule goes above every existing one: one less than the lowest priority number in use. */
function priorityAbove(rules: Rule[]): number | undefined {
  const used = rules.filter(rule => !rule.IsDefault).map(rule => Number(rule.Priority))
  const top = Math.min(LOWEST_PRIORITY + 1, ...used.filter(Number.isFinite))
  return top > 1 ? top - 1 : undefined
}

/**
 * Puts the page up on every listener of the service; returns the rules created. A listener whose first rule
 * already has priority 1 cannot get a rule above it: a warning says so, and that listener answers 503 as the
 * load balancer does without targets. Failures warn; the rollout goes on (the page is a courtesy).
 */
export async function raiseMaintenancePage(run: RolloutView, html: string): Promise<string[]> {
  const created: string[] = []
  try {
    for (const listener of await serviceListeners(run)) {
      const priority = priorityAbove(listener.rules)
      if (priority === undefined) {
        run.warn(
          `The maintenance page cannot go above the rules of listener ${listener.listenerArn}: its first rule has priority 1.`
        )
        continue
      }
      const rule = await run.ports.loadBalancer.createRule({
        listenerArn: listener.listenerArn,
        priority,
        conditions: [{ Field: 'path-pattern', Values: ['*'] }],
        actions: [
          {
            Type: 'fixed-response',
            FixedResponseConfig: { StatusCode: '503', ContentType: 'text/html', MessageBody: html }
          }
        ],
        tags: [{ Key: MAINTENANCE_TAG_KEY, Value: serviceTag(run) }]
      })
      if (rule?.RuleArn) created.push(rule.RuleArn)
    }
    if (created.length > 0)
      run.log.info(
        `  maintenance page up on ${created.length} listener${created.length === 1 ? '' : 's'} (503)`
      )
  } catch (error) {
    run.warn(
      `Could not put the maintenance page up (elasticloadbalancing:CreateRule): ${errorMessage(error)}. The load balancer answers 503 while no task serves.`
    )
  }
  return created
}

/**
 * Deletes this service's maintenance-page rules: the ones this run created, and any an earlier run left behind
 * (found by their tag). Never throws; returns the number deleted, or undefined when the listeners could not be
 * read (a warning says so).
 */
export async function removeMaintenancePage(
  run: RolloutView,
  known: readonly string[] = []
): Promise<number | undefined> {
  let deleted = 0
  try {
    for (const arn of known) {
      await run.ports.loadBalancer.deleteRule(arn)
      deleted++
    }
    const left = await ownRules(run, await serviceListeners(run))
    for (const arn of left) {
      await run.ports.loadBalancer.deleteRule(arn)
      deleted++
    }
    return deleted
  } catch (error) {
    run.warn(
      `Could not remove the maintenance page (elasticloadbalancing:DeleteRule): ${errorMessage(error)}. The next deploy removes it; until then the listeners answer with it.`
    )
    return undefined
  }
}
