import { createHash } from 'node:crypto'
import type { LoadBalancerSeed } from '../../scenario.js'
import { AwsError } from '../../world.js'
import type { TargetGroupStore } from './target-groups.js'

/** One action of a rule as the API carries it (`forward` or `fixed-response` here). */
export interface RuleAction {
  Type: string
  TargetGroupArn?: string
  ForwardConfig?: { TargetGroups?: { TargetGroupArn?: string; Weight?: number }[] }
  FixedResponseConfig?: { StatusCode?: string; ContentType?: string; MessageBody?: string }
  Order?: number
}

export interface RuleCondition {
  Field?: string
  Values?: string[]
  PathPatternConfig?: { Values?: string[] }
  HostHeaderConfig?: { Values?: string[] }
}

export interface StoredRule {
  arn: string
  /** undefined for the listener's default rule, which is evaluated last. */
  priority?: number
  conditions: RuleCondition[]
  actions: RuleAction[]
  tags: Map<string, string>
}

export interface StoredListener {
  arn: string
  loadBalancerArn: string
  port: number
  protocol: 'HTTP' | 'HTTPS'
  /** The default rule first, then the others in creation order. */
  rules: StoredRule[]
}

export interface StoredLoadBalancer {
  name: string
  arn: string
  listeners: StoredListener[]
}

/** Application Load Balancer quota: 100 rules a load balancer, default rules not counted. */
const MAX_RULES_PER_LOAD_BALANCER = 100
const FIXED_RESPONSE_CONTENT_TYPES = [
  'text/plain',
  'text/css',
  'text/html',
  'application/javascript',
  'application/json'
]

function hex16(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16)
}

/**
 * Application Load Balancers, their listeners and listener rules (ELBv2 API reference: CreateRule, DeleteRule,
 * DescribeRules, DescribeListeners, FixedResponseActionConfig). Rules are evaluated by priority, lowest first;
 * the default rule last.
 */
export class LoadBalancerStore {
  private readonly balancers: StoredLoadBalancer[] = []
  private counter = 0

  constructor(
    readonly region: string,
    readonly accountId: string,
    private readonly targetGroups: TargetGroupStore,
    seeds: LoadBalancerSeed[] = []
  ) {
    for (const seed of seeds) this.put(seed)
  }

  private arn(resource: string): string {
    return `arn:aws:elasticloadbalancing:${this.region}:${this.accountId}:${resource}`
  }

  put(seed: LoadBalancerSeed): StoredLoadBalancer {
    const id = hex16(`${this.accountId}:${this.region}:${seed.name}`)
    const balancer: StoredLoadBalancer = {
      name: seed.name,
      arn: this.arn(`loadbalancer/app/${seed.name}/${id}`),
      listeners: []
    }
    for (const listenerSeed of seed.listeners) {
      const port = listenerSeed.port ?? 80
      const listenerArn = this.arn(`listener/app/${seed.name}/${id}/${hex16(`${id}:${port}`)}`)
      const forwardTo = (name: string): RuleAction => {
        const group = this.targetGroups.byName(name)
        if (!group) throw new Error(`load balancer ${seed.name}: no target group named ${name}`)
        return { Type: 'forward', TargetGroupArn: group.arn }
      }
      const listener: StoredListener = {
        arn: listenerArn,
        loadBalancerArn: balancer.arn,
        port,
        protocol: listenerSeed.protocol ?? 'HTTP',
        rules: [
          {
            arn: this.ruleArn(listenerArn),
            conditions: [],
            actions: [forwardTo(listenerSeed.defaultTargetGroup)],
            tags: new Map()
          }
        ]
      }
      for (const rule of listenerSeed.rules ?? []) {
        listener.rules.push({
          arn: this.ruleArn(listenerArn),
          priority: rule.priority,
          conditions: [{ Field: 'path-pattern', Values: rule.pathPatterns }],
          actions: [
            rule.fixedResponse
              ? {
                  Type: 'fixed-response',
                  FixedResponseConfig: {
                    StatusCode: rule.fixedResponse.statusCode,
                    ContentType: rule.fixedResponse.contentType,
                    MessageBody: rule.fixedResponse.messageBody
                  }
                }
              : forwardTo(rule.targetGroup ?? listenerSeed.defaultTargetGroup)
          ],
          tags: new Map()
        })
      }
      balancer.listeners.push(listener)
    }
    this.balancers.push(balancer)
    return balancer
  }

  private ruleArn(listenerArn: string): string {
    return `${listenerArn.replace(':listener/', ':listener-rule/')}/${hex16(`${listenerArn}:${++this.counter}`)}`
  }

  all(): StoredLoadBalancer[] {
    return [...this.balancers]
  }

  byArn(arn: string): StoredLoadBalancer | undefined {
    return this.balancers.find(balancer => balancer.arn === arn)
  }

  byName(name: string): StoredLoadBalancer | undefined {
    return this.balancers.find(balancer => balancer.name === name)
  }

  listener(arn: string): StoredListener | undefined {
    return this.balancers.flatMap(balancer => balancer.listeners).find(listener => listener.arn === arn)
  }

  rule(arn: string): { listener: StoredListener; rule: StoredRule } | undefined {
    for (const listener of this.balancers.flatMap(balancer => balancer.listeners)) {
      const rule = listener.rules.find(candidate => candidate.arn === arn)
      if (rule) return { listener, rule }
    }
    return undefined
  }

  /** Load balancers with a rule that forwards to the group (DescribeTargetGroups' LoadBalancerArns). */
  loadBalancersOf(targetGroupArn: string): string[] {
    return this.balancers
      .filter(balancer =>
        balancer.listeners.some(listener =>
          listener.rules.some(rule => forwardTargets(rule.actions).includes(targetGroupArn))
        )
      )
      .map(balancer => balancer.arn)
  }

  /** Rules in evaluation order: by priority, the default rule last. */
  orderedRules(listener: StoredListener): StoredRule[] {
    return [...listener.rules].sort(
      (a, b) => (a.priority ?? Number.MAX_SAFE_INTEGER) - (b.priority ?? Number.MAX_SAFE_INTEGER)
    )
  }

  createRule(input: {
    listenerArn: string
    priority: number
    conditions: RuleCondition[]
    actions: RuleAction[]
    tags: { Key?: string; Value?: string }[]
  }): StoredRule {
    const listener = this.listener(input.listenerArn)
    if (!listener) throw new AwsError('ListenerNotFound', 'One or more listeners not found')
    if (!Number.isInteger(input.priority) || input.priority < 1 || input.priority > 50_000) {
      throw new AwsError(
        'ValidationError',
        `1 validation error detected: Value '${input.priority}' at 'priority' failed to satisfy constraint: Member must have value between 1 and 50000`
      )
    }
    if (listener.rules.some(rule => rule.priority === input.priority))
      throw new AwsError('PriorityInUse', `Priority '${input.priority}' is currently in use`)
    if (input.conditions.length === 0)
      throw new AwsError('ValidationError', 'A rule must have at least one condition')
    for (const condition of input.conditions) validateCondition(condition)
    if (input.actions.length === 0)
      throw new AwsError('ValidationError', 'A rule must have at least one action')
    for (const action of input.actions) this.validateAction(action)
    const balancer = this.byArn(listener.loadBalancerArn)!
    const count = balancer.listeners.reduce(
      (sum, candidate) => sum + candidate.rules.filter(rule => rule.priority !== undefined).length,
      0
    )
    if (count >= MAX_RULES_PER_LOAD_BALANCER)
      throw new AwsError(
        'TooManyRules',
        'You\u2019ve reached the limit on the number of rules per load balancer'
      )
    const rule: StoredRule = {
      arn: this.ruleArn(listener.arn),
      priority: input.priority,
      conditions: input.conditions.map(normalizeCondition),
      actions: input.actions,
      tags: new Map(input.tags.map(tag => [tag.Key ?? '', tag.Value ?? '']))
    }
    listener.rules.push(rule)
    return rule
  }

  deleteRule(arn: string): void {
    const found = this.rule(arn)
    if (!found) throw new AwsError('RuleNotFound', 'One or more rules not found')
    if (found.rule.priority === undefined)
      throw new AwsError('OperationNotPermitted', 'Default rules cannot be deleted')
    found.listener.rules = found.listener.rules.filter(rule => rule !== found.rule)
  }

  private validateAction(action: RuleAction): void {
    if (action.Type === 'forward') {
      const groups = forwardTargets([action])
      if (groups.length === 0)
        throw new AwsError('ValidationError', 'A target group ARN must be specified for a forward action')
      for (const arn of groups) {
        if (!this.targetGroups.exists(arn))
          throw new AwsError('TargetGroupNotFound', 'One or more target groups not found')
      }
      return
    }
    if (action.Type === 'fixed-response') {
      const config = action.FixedResponseConfig
      if (!config?.StatusCode)
        throw new AwsError('ValidationError', 'A fixed-response action must have a status code')
      if (!/^(2|4|5)\d\d$/.test(config.StatusCode)) {
        throw new AwsError(
          'ValidationError',
          `1 validation error detected: Value '${config.StatusCode}' at 'actions.1.member.fixedResponseConfig.statusCode' failed to satisfy constraint: Member must satisfy regular expression pattern: ^(2|4|5)\\d\\d$`
        )
      }
      if (config.ContentType !== undefined && !FIXED_RESPONSE_CONTENT_TYPES.includes(config.ContentType))
        throw new AwsError('ValidationError', `Content type '${config.ContentType}' is not valid`)
      if ((config.MessageBody ?? '').length > 1024) {
        throw new AwsError(
          'ValidationError',
          `1 validation error detected: Value at 'actions.1.member.fixedResponseConfig.messageBody' failed to satisfy constraint: Member must have length less than or equal to 1024`
        )
      }
      return
    }
    throw new AwsError('ValidationError', `The simulator does not support action type '${action.Type}'`)
  }
}

/** The target groups a rule's actions forward to (TargetGroupArn or ForwardConfig). */
export function forwardTargets(actions: RuleAction[]): string[] {
  return actions
    .filter(action => action.Type === 'forward')
    .flatMap(action =>
      action.TargetGroupArn
        ? [action.TargetGroupArn]
        : (action.ForwardConfig?.TargetGroups ?? []).map(group => group.TargetGroupArn ?? '')
    )
    .filter(Boolean)
}

function valuesOf(condition: RuleCondition): string[] {
  return condition.Values ?? condition.PathPatternConfig?.Values ?? condition.HostHeaderConfig?.Values ?? []
}

function validateCondition(condition: RuleCondition): void {
  if (condition.Field !== 'path-pattern' && condition.Field !== 'host-header')
    throw new AwsError(
      'ValidationError',
      `The simulator does not support condition field '${condition.Field ?? ''}'`
    )
  const values = valuesOf(condition)
  if (values.length === 0) throw new AwsError('ValidationError', 'A condition must have at least one value')
  if (values.some(value => value.length > 128))
    throw new AwsError('ValidationError', 'A condition value can be up to 128 characters')
}

/** Stored as DescribeRules answers: both the legacy Values and the typed config. */
function normalizeCondition(condition: RuleCondition): RuleCondition {
  const values = valuesOf(condition)
  return condition.Field === 'path-pattern'
    ? { Field: 'path-pattern', Values: values, PathPatternConfig: { Values: values } }
    : { Field: 'host-header', Values: values, HostHeaderConfig: { Values: values } }
}

/** Whether a request matches every condition: `*` any run of characters, `?` one (case-sensitive paths). */
export function ruleMatches(rule: StoredRule, path: string, host: string): boolean {
  return rule.conditions.every(condition => {
    const subject = condition.Field === 'host-header' ? host.toLowerCase() : path
    return valuesOf(condition).some(pattern =>
      wildcard(condition.Field === 'host-header' ? pattern.toLowerCase() : pattern).test(subject)
    )
  })
}

function wildcard(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.')
  return new RegExp(`^${escaped}$`)
}
