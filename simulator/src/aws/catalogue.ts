import type { SimulatedService } from '../scenario.js'
import { loadApiModel, type ApiModel, type Shape } from './model/api-model.js'

export type AwsServiceName = Extract<
  SimulatedService,
  'ecs' | 'secretsmanager' | 'logs' | 'autoscaling' | 'elbv2' | 'ecr' | 'rds'
>

/** What the front door needs to know about one AWS service: its wire protocol, model and error vocabulary. */
export interface AwsServiceSpec {
  service: AwsServiceName
  protocol: 'json' | 'query'
  /** The recorded official model (simulator/src/aws/model/apis/<service>.json). */
  model: ApiModel
  /** JSON 1.1 `X-Amz-Target` prefix. */
  targetPrefix?: string
  /** SigV4 signing name (the credential scope names the service when nothing else does). */
  signingName: string
  /** IAM action prefix, for AccessDenied messages. */
  iamPrefix: string
  /** What the service answers for a member missing or of the wrong type. */
  validationErrorCode: string
  /** The error member holding the message: ECS and Logs say `message`, the others `Message`. */
  messageKey: 'message' | 'Message'
  throttlingCode: string
  /** 500 answer code (503 is ServiceUnavailable everywhere). */
  internalErrorCode: string
  accessDeniedCode: string
  accessDeniedStatus: number
}

function spec(fields: Omit<AwsServiceSpec, 'model'>): AwsServiceSpec {
  return { ...fields, model: loadApiModel(fields.service) }
}

export const AWS_SERVICES: Record<AwsServiceName, AwsServiceSpec> = {
  ecs: spec({
    service: 'ecs',
    protocol: 'json',
    targetPrefix: 'AmazonEC2ContainerServiceV20141113',
    signingName: 'ecs',
    iamPrefix: 'ecs',
    validationErrorCode: 'InvalidParameterException',
    messageKey: 'message',
    throttlingCode: 'ThrottlingException',
    internalErrorCode: 'ServerException',
    accessDeniedCode: 'AccessDeniedException',
    accessDeniedStatus: 400
  }),
  secretsmanager: spec({
    service: 'secretsmanager',
    protocol: 'json',
    targetPrefix: 'secretsmanager',
    signingName: 'secretsmanager',
    iamPrefix: 'secretsmanager',
    validationErrorCode: 'ValidationException',
    messageKey: 'Message',
    throttlingCode: 'ThrottlingException',
    internalErrorCode: 'InternalServiceError',
    accessDeniedCode: 'AccessDeniedException',
    accessDeniedStatus: 400
  }),
  logs: spec({
    service: 'logs',
    protocol: 'json',
    targetPrefix: 'Logs_20140328',
    signingName: 'logs',
    iamPrefix: 'logs',
    validationErrorCode: 'InvalidParameterException',
    messageKey: 'message',
    throttlingCode: 'ThrottlingException',
    internalErrorCode: 'ServiceUnavailableException',
    accessDeniedCode: 'AccessDeniedException',
    accessDeniedStatus: 400
  }),
  autoscaling: spec({
    service: 'autoscaling',
    protocol: 'json',
    targetPrefix: 'AnyScaleFrontendService',
    signingName: 'application-autoscaling',
    iamPrefix: 'application-autoscaling',
    validationErrorCode: 'ValidationException',
    messageKey: 'Message',
    throttlingCode: 'ThrottlingException',
    internalErrorCode: 'InternalServiceException',
    accessDeniedCode: 'AccessDeniedException',
    accessDeniedStatus: 400
  }),
  elbv2: spec({
    service: 'elbv2',
    protocol: 'query',
    signingName: 'elasticloadbalancing',
    iamPrefix: 'elasticloadbalancing',
    validationErrorCode: 'ValidationError',
    messageKey: 'Message',
    throttlingCode: 'Throttling',
    internalErrorCode: 'InternalFailure',
    accessDeniedCode: 'AccessDenied',
    accessDeniedStatus: 403
  }),
  rds: spec({
    service: 'rds',
    protocol: 'query',
    signingName: 'rds',
    iamPrefix: 'rds',
    validationErrorCode: 'InvalidParameterValue',
    messageKey: 'Message',
    throttlingCode: 'Throttling',
    internalErrorCode: 'InternalFailure',
    accessDeniedCode: 'AccessDenied',
    accessDeniedStatus: 403
  }),
  ecr: spec({
    service: 'ecr',
    protocol: 'json',
    targetPrefix: 'AmazonEC2ContainerRegistry_V20150921',
    signingName: 'ecr',
    iamPrefix: 'ecr',
    validationErrorCode: 'InvalidParameterException',
    messageKey: 'message',
    throttlingCode: 'ThrottlingException',
    internalErrorCode: 'ServerException',
    accessDeniedCode: 'AccessDeniedException',
    accessDeniedStatus: 400
  })
}

export function specByTargetPrefix(prefix: string): AwsServiceSpec | undefined {
  return Object.values(AWS_SERVICES).find(candidate => candidate.targetPrefix === prefix)
}

export function specBySigningName(name: string): AwsServiceSpec | undefined {
  return Object.values(AWS_SERVICES).find(candidate => candidate.signingName === name)
}

/** The input shape of an operation; undefined when the service has no such operation. */
export function operationInputShape(spec: AwsServiceSpec, operation: string): Shape | undefined {
  if (!Object.prototype.hasOwnProperty.call(spec.model.operations, operation)) return undefined
  return spec.model.operations[operation].input ?? { type: 'structure', members: {} }
}

/** Reads (Describe/List/Get/BatchGet/Head/Filter) change nothing; everything else counts as a write. */
export function isMutatingOperation(operation: string): boolean {
  return !/^(Describe|List|Get|BatchGet|Head|Filter)[A-Z]/.test(operation)
}
