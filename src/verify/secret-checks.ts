import type { RegisterTaskDefinitionRequest } from '@aws-sdk/client-ecs'
import { errorMessage } from '../errors.js'
import type { Check, Finding } from '../domain/finding.js'
import type { SecretDescription, SecretsManagerPort } from '../ports/secrets-manager.js'
import { formatUtc } from '../report/dates.js'
import type { SecretReference } from '../domain/container-values.js'
import { containersOf } from '../taskdef/container-definition.js'
import { secretIdOfValueFrom, valueFromParts } from '../taskdef/secret-value-from.js'
import type { Verification } from './verification.js'

type Lookup =
  { found: true; secret: SecretDescription } | { found: false } | { found: 'error'; message: string }

/** DescribeSecret, once per secret id: never GetSecretValue, the action has no business with the values. */
export class SecretLookup {
  private readonly answers = new Map<string, Promise<Lookup>>()

  constructor(private readonly secretsManager: SecretsManagerPort) {}

  lookup(secretId: string): Promise<Lookup> {
    let answer = this.answers.get(secretId)
    if (!answer) {
      answer = this.secretsManager.describeSecret(secretId).then(
        secret => (secret ? { found: true as const, secret } : { found: false as const }),
        (error: unknown) => ({ found: 'error' as const, message: errorMessage(error) })
      )
      this.answers.set(secretId, answer)
    }
    return answer
  }

  /** secretId as given in the `secrets` input -> its full ARN, for those Secrets Manager knows. */
  async resolveArns(secrets: SecretReference[]): Promise<Map<string, string>> {
    const arns = new Map<string, string>()
    for (const secret of secrets) {
      const answer = await this.lookup(secret.secretId)
      if (answer.found === true) arns.set(secret.secretId, answer.secret.arn)
    }
    return arns
  }
}

/**
 * Every secret the rendered task definition references, in every container: it exists and is not scheduled
 * for deletion. A task whose secret cannot be read stops with ResourceInitializationError; better to know now.
 */
export async function verifySecrets(
  lookup: SecretLookup,
  fleet: RegisterTaskDefinitionRequest,
  input: { containerName: string; secrets: SecretReference[] }
): Promise<Verification> {
  const checks: Check[] = []
  const findings: Finding[] = []
  const fromInput = new Map(input.secrets.map(secret => [secret.name, secret]))
  for (const container of containersOf(fleet)) {
    const isTarget = container.name === input.containerName
    for (const entry of container.secrets ?? []) {
      const name = String(entry?.name ?? '')
      const valueFrom = String(entry?.valueFrom ?? '')
      const label = isTarget ? `Secret ${name}` : `Secret ${String(container.name)}/${name}`
      const given = isTarget ? fromInput.get(name) : undefined
      const secretId = given?.secretId ?? secretIdOfValueFrom(valueFrom)
      if (!secretId) {
        checks.push({
          name: label,
          status: 'SKIP',
          detail: `${valueFrom} is a Systems Manager parameter (not checked)`
        })
        continue
      }
      const answer = await lookup.lookup(secretId)
      if (answer.found === true && !answer.secret.deletedDate) {
        const version = versionProblem(answer.secret, given ?? valueFromParts(valueFrom))
        if (version) {
          checks.push({ name: label, status: 'NG', detail: version.detail })
          findings.push({
            level: 'error',
            code: 'secret-version-not-found',
            title: `Secret ${name} names a version it does not have`,
            message: `${version.detail}: tasks would stop with ResourceInitializationError ("can't find the specified secret value").`,
            fix: `Point ${name} at a version the secret has (${version.has}), or drop the version part to read AWSCURRENT`
          })
          continue
        }
        checks.push({
          name: label,
          status: 'OK',
          detail: `${answer.secret.name} exists (${answer.secret.arn})${versionText(given ?? valueFromParts(valueFrom))}`
        })
        continue
      }
      // A secret that was not found is named by its variable only: the value may be a pasted credential.
      const source = given ? `the secrets line of ${name}` : `the valueFrom of ${name}`
      const why =
        answer.found === 'error'
          ? `DescribeSecret for ${source} failed: ${withoutValue(answer.message, secretId)}`
          : answer.found
            ? `${answer.secret.name} is scheduled for deletion (${formatUtc(answer.secret.deletedDate, 'date')})`
            : `${source} names no secret in Secrets Manager (the value is not repeated)`
      checks.push({ name: label, status: 'NG', detail: why })
      findings.push({
        level: 'error',
        code: (
          {
            true: 'secret-scheduled-for-deletion',
            false: 'secret-not-found',
            error: 'secret-not-described'
          } as const
        )[`${answer.found}`],
        title: `Secret ${name} cannot be read`,
        message: `${why}: tasks would stop with ResourceInitializationError.`,
        fix:
          answer.found === true
            ? `Restore it (aws secretsmanager restore-secret --secret-id ${answer.secret.arn}) or point ${name} at another secret`
            : answer.found === 'error'
              ? 'Allow secretsmanager:DescribeSecret on the secret for the role the action runs with'
              : `Create the secret, or correct the ${given ? '`secrets` input line' : 'task definition entry'} for ${name}`
      })
    }
  }
  return { checks, findings }
}

/** An error message with the secret id it was about taken out (AccessDenied messages name the resource). */
function withoutValue(message: string, secretId: string): string {
  return secretId === '' ? message : message.split(secretId).join('(value not shown)')
}

type VersionParts = Pick<SecretReference, 'versionStage' | 'versionId'>

/**
 * A version stage or id the secret does not have, by DescribeSecret's VersionIdsToStages (no value is read):
 * ECS fetches exactly that version at task start. Both given: they must name the same version.
 */
function versionProblem(
  secret: SecretDescription,
  { versionStage, versionId }: VersionParts
): { detail: string; has: string } | undefined {
  const versions = secret.versionIdsToStages
  if ((!versionStage && !versionId) || !versions) return undefined
  const has =
    Object.entries(versions)
      .map(([id, stages]) => `${id}: ${stages.join(', ') || 'no stage'}`)
      .join('; ') || 'no labelled version'
  if (versionId && !(versionId in versions)) {
    return { detail: `${secret.name} has no version ${versionId}`, has }
  }
  if (versionStage) {
    const labelled = Object.entries(versions).filter(([, stages]) => stages.includes(versionStage))
    if (labelled.length === 0)
      return { detail: `${secret.name} has no version labelled ${versionStage}`, has }
    if (versionId && !labelled.some(([id]) => id === versionId)) {
      return { detail: `${secret.name}'s version ${versionId} is not labelled ${versionStage}`, has }
    }
  }
  return undefined
}

function versionText({ versionStage, versionId }: VersionParts): string {
  if (!versionStage && !versionId) return ''
  return `, version ${[versionStage, versionId].filter(Boolean).join(' ')} found`
}
