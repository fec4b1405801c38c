import type { FaultRule } from '../../scenario.js'
import { AwsError } from '../../world.js'
import type { AwsServiceSpec } from '../catalogue.js'

/** The error each injected fault kind produces, in the vocabulary of the service it hits. */
export function awsFaultError(
  spec: AwsServiceSpec,
  rule: FaultRule,
  operation: string,
  accountId: string
): AwsError {
  switch (rule.kind) {
    case 'throttle':
    case 'rate-limit':
      return new AwsError(spec.throttlingCode, 'Rate exceeded', 400)
    case 'server-error': {
      const status = rule.status ?? 500
      if (status === 503)
        return new AwsError('ServiceUnavailable', 'Service is unavailable. Please try again later.', 503)
      return new AwsError(
        spec.internalErrorCode,
        'We encountered an internal error. Please try again.',
        status
      )
    }
    case 'access-denied': {
      const action = `${spec.iamPrefix}:${operation}`
      return new AwsError(
        spec.accessDeniedCode,
        `User: arn:aws:sts::${accountId}:assumed-role/github-actions-deploy/simulated is not authorized to perform: ` +
          `${action} because no identity-based policy allows the ${action} action`,
        spec.accessDeniedStatus
      )
    }
    default:
      throw new Error(`fault kind ${rule.kind} does not produce an answer`)
  }
}

/** SigV4 is required but not verified: requests without it are refused as AWS refuses them. */
export function checkSignature(authorization: string | undefined): AwsError | undefined {
  if (!authorization)
    return new AwsError('MissingAuthenticationTokenException', 'Missing Authentication Token', 403)
  if (
    !/^AWS4-HMAC-SHA256 Credential=[^/]+\/\d{8}\/[^/]+\/[^/]+\/aws4_request, ?SignedHeaders=[^,]+, ?Signature=[0-9a-f]+$/.test(
      authorization
    )
  ) {
    return new AwsError(
      'IncompleteSignatureException',
      `Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters. Authorization=${authorization.split(' ')[0]}`,
      403
    )
  }
  return undefined
}

/** The service named in a SigV4 credential scope (`Credential=AKID/20240101/us-east-1/ecs/aws4_request`). */
export function signingNameOf(authorization: string | undefined): string | undefined {
  return /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/.exec(authorization ?? '')?.[1]
}
