import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import * as prettier from 'prettier'
import ts from 'typescript'

/**
 * Records the official API models the simulator validates requests against into simulator/src/aws/model/apis/,
 * one file per simulated service, from the `@aws-sdk/client-*` packages the action already depends on:
 *
 *   npm run record:api-models              (re-record after bumping a client)
 *   npm run record:api-models -- --check   (exit 1 when a recorded model is stale)
 *
 * A v3 client carries its service's Smithy model in two halves. Its compact schemas (`<Shape>$` exports) give
 * every operation's input and output structures, lists, maps, required members and awsQuery `xmlName`s, but
 * say only "string" for an enum member and "number" for every numeric type. Its type declarations
 * (dist-types/models/*.d.ts) name the enum behind each member (`launchType?: LaunchType`), and its runtime
 * exports the enum's values (`LaunchType.FARGATE`). Joining the two gives each member's enum value set.
 * Every operation of the service is recorded, so an operation a simulator handler learns later is validated
 * without a new recording; outputs are recorded for the awsQuery services only, whose XML the simulator writes
 * from the model. Data only: no SDK code is copied.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const OUTPUT = path.join(ROOT, 'simulator/src/aws/model/apis')
const require = createRequire(import.meta.url)

interface RecordedService {
  /** The simulator's name for the service, and the file name. */
  service: string
  packageName: string
  clientClass: string
}

export const RECORDED_SERVICES: RecordedService[] = [
  { service: 'ecs', packageName: '@aws-sdk/client-ecs', clientClass: 'ECSClient' },
  {
    service: 'secretsmanager',
    packageName: '@aws-sdk/client-secrets-manager',
    clientClass: 'SecretsManagerClient'
  },
  { service: 'logs', packageName: '@aws-sdk/client-cloudwatch-logs', clientClass: 'CloudWatchLogsClient' },
  {
    service: 'autoscaling',
    packageName: '@aws-sdk/client-application-auto-scaling',
    clientClass: 'ApplicationAutoScalingClient'
  },
  {
    service: 'elbv2',
    packageName: '@aws-sdk/client-elastic-load-balancing-v2',
    clientClass: 'ElasticLoadBalancingV2Client'
  },
  { service: 'rds', packageName: '@aws-sdk/client-rds', clientClass: 'RDSClient' },
  { service: 'ecr', packageName: '@aws-sdk/client-ecr', clientClass: 'ECRClient' }
]

// The v3 schema vocabulary (@smithy/core/schema): the first element of a schema array says its kind.
const SIMPLE = 0
const LIST = 1
const MAP = 2
const STRUCTURE = 3
const ERROR = -3
const UNION = 4
const OPERATION = 9

type RecordedShape = Record<string, unknown>

/** Which enum each member names in the client's type declarations: `launchType?: LaunchType[]`. */
type EnumUse = { enum: string } | { list: EnumUse } | { map: EnumUse | undefined; key?: string }

export async function recordService(recorded: RecordedService): Promise<Record<string, unknown>> {
  const client = (await import(recorded.packageName)) as Record<string, unknown>
  const packageDir = path.dirname(require.resolve(`${recorded.packageName}/package.json`))
  const version = (
    JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string }
  ).version
  const { enumUses, memberOrder } = readDeclarations(path.join(packageDir, 'dist-types/models'))
  const enumValues = (name: string): string[] => {
    const values = client[name]
    if (typeof values !== 'object' || values === null)
      throw new Error(`${recorded.packageName}: no enum ${name}`)
    return Object.values(values as Record<string, string>)
  }

  const ClientClass = client[recorded.clientClass] as new (config: object) => {
    config: {
      apiVersion: string
      serviceId: string
      protocolSettings: { serviceTarget?: string; xmlNamespace?: string }
      protocol: { getShapeId?: () => string } | (new () => { getShapeId(): string })
    }
    destroy(): void
  }
  const instance = new ClientClass({ region: 'us-east-1' })
  const { apiVersion, serviceId, protocolSettings, protocol } = instance.config
  instance.destroy()
  const protocolId =
    typeof protocol === 'function' ? new protocol().getShapeId() : (protocol.getShapeId?.() ?? '')
  const query = protocolId === 'aws.protocols#awsQuery'
  if (!query && protocolId !== 'aws.protocols#awsJson1_1')
    throw new Error(`${recorded.packageName}: unexpected protocol ${protocolId}`)

  const shapes: Record<string, RecordedShape> = {}
  const visiting = new Set<unknown>()

  const enumShape = (name: string): RecordedShape => {
    shapes[name] ??= { type: 'string', enum: enumValues(name) }
    return { shape: name }
  }
  const withEnum = (shape: RecordedShape, use: EnumUse | undefined): RecordedShape => {
    if (!use) return shape
    if ('enum' in use) return enumShape(use.enum)
    if ('list' in use && shape.type === 'list')
      return { ...shape, member: withEnum(shape.member as RecordedShape, use.list) }
    if ('map' in use && shape.type === 'map') {
      return {
        ...shape,
        ...(use.key ? { key: enumShape(use.key) } : {}),
        value: withEnum(shape.value as RecordedShape, use.map)
      }
    }
    return shape
  }

  /** A schema reference as a recorded shape: a `{shape}` reference for named aggregates, inline otherwise. */
  const translate = (reference: unknown, enumUse?: EnumUse): RecordedShape => {
    const schema = typeof reference === 'function' ? (reference as () => unknown)() : reference
    if (typeof schema === 'number') return withEnum(fromTypeCode(schema), enumUse)
    if (typeof schema === 'string') return { type: 'structure', members: {} } // `unit`
    if (!Array.isArray(schema)) throw new Error(`unreadable schema ${String(schema)}`)
    // A member reference with traits: [schema, traits].
    if (schema.length === 2) return translate(schema[0], enumUse)
    const kind = schema[0] as number
    const name = schema[2] as string
    if (kind === SIMPLE) return withEnum(translate(schema[4]), enumUse)
    if (kind === LIST) {
      if (!shapes[name] && !visiting.has(name)) {
        visiting.add(name)
        shapes[name] = { type: 'list', member: { ...translate(schema[4]), ...xmlName(schema[4]) } }
      }
      // A named list's element names the same enum wherever the list is used.
      const memberUse = enumUse && 'list' in enumUse ? enumUse.list : undefined
      const list = shapes[name]
      if (memberUse && list) {
        const member = list.member as RecordedShape
        list.member = { ...withEnum(member, memberUse), ...xmlName(schema[4]) }
      }
      return { shape: name }
    }
    if (kind === MAP) {
      if (!shapes[name] && !visiting.has(name)) {
        visiting.add(name)
        shapes[name] = withEnum(
          { type: 'map', key: translate(schema[4]), value: translate(schema[5]) },
          enumUse
        )
      }
      return { shape: name }
    }
    if (kind === STRUCTURE || kind === ERROR || kind === UNION) {
      if (!shapes[name] && !visiting.has(name)) {
        visiting.add(name)
        const names = schema[4] as string[]
        const memberSchemas = schema[5] as unknown[]
        const requiredCount = typeof schema[6] === 'number' ? schema[6] : 0
        const uses = enumUses.get(name) ?? new Map<string, EnumUse>()
        const translated = new Map(
          names.map((member, index) => [member, translate(memberSchemas[index], uses.get(member))])
        )
        // The schemas list required members first; the declarations keep the model's order, which the
        // services' validation messages follow.
        const declared = memberOrder.get(name) ?? []
        const ordered = [
          ...declared.filter(member => translated.has(member)),
          ...names.filter(member => !declared.includes(member))
        ]
        const members = Object.fromEntries(ordered.map(member => [member, translated.get(member)!]))
        shapes[name] = {
          type: 'structure',
          ...(kind === UNION ? { union: true } : {}),
          ...(requiredCount > 0 ? { required: names.slice(0, requiredCount) } : {}),
          members
        }
      }
      return { shape: name }
    }
    throw new Error(`unknown schema kind ${String(kind)} (${name})`)
  }

  const operations: Record<string, Record<string, RecordedShape>> = {}
  const operationNames = Object.keys(client)
    .filter(
      key => key.endsWith('$') && Array.isArray(client[key]) && (client[key] as unknown[])[0] === OPERATION
    )
    .map(key => key.slice(0, -1))
    .sort()
  for (const operation of operationNames) {
    const schema = client[`${operation}$`] as unknown[]
    operations[operation] = {
      input: translate(schema[4]),
      ...(query ? { output: translate(schema[5]) } : {})
    }
  }

  return {
    source: { package: recorded.packageName, version },
    metadata: {
      protocol: query ? 'query' : 'json',
      apiVersion,
      serviceId,
      ...(query
        ? { xmlNamespace: protocolSettings.xmlNamespace }
        : { targetPrefix: protocolSettings.serviceTarget })
    },
    operations,
    shapes: Object.fromEntries(Object.entries(shapes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
  }
}

/** awsQuery names list members by the member's `xmlName` trait (`Tags.Tag.1`), `member` otherwise. */
function xmlName(reference: unknown): RecordedShape {
  if (!Array.isArray(reference) || reference.length !== 2) return {}
  const traits = reference[1] as unknown
  if (typeof traits === 'object' && traits !== null && 'xmlName' in traits)
    return { locationName: (traits as { xmlName: string }).xmlName }
  return {}
}

function fromTypeCode(code: number): RecordedShape {
  if (code >= 128) return { type: 'map', key: { type: 'string' }, value: fromTypeCode(code & 0b0011_1111) }
  if (code >= 64) return { type: 'list', member: fromTypeCode(code & 0b0011_1111) }
  switch (code) {
    case 0:
      return { type: 'string' }
    case 1: // every numeric type: the schemas do not tell integer from double
    case 17: // BigInteger
    case 19: // BigDecimal
      return { type: 'number' }
    case 2:
      return { type: 'boolean' }
    case 4:
    case 5:
    case 6:
    case 7:
      return { type: 'timestamp' }
    case 15:
      return { type: 'document' }
    case 21:
    case 42:
      return { type: 'blob' }
    default:
      throw new Error(`unknown simple schema type ${code}`)
  }
}

/**
 * From the type declarations: interface name -> member name -> the enum the member's declared type names, and
 * interface name -> its members in declaration order.
 */
function readDeclarations(modelsDir: string): {
  enumUses: Map<string, Map<string, EnumUse>>
  memberOrder: Map<string, string[]>
} {
  const files = readdirSync(modelsDir)
    .filter(file => file.endsWith('.d.ts'))
    .map(file =>
      ts.createSourceFile(file, readFileSync(path.join(modelsDir, file), 'utf8'), ts.ScriptTarget.Latest)
    )
  const enumNames = new Set<string>()
  for (const file of files) {
    for (const statement of file.statements) {
      if (ts.isVariableStatement(statement)) {
        for (const declaration of statement.declarationList.declarations) {
          if (ts.isIdentifier(declaration.name) && declaration.type && ts.isTypeLiteralNode(declaration.type))
            enumNames.add(declaration.name.text)
        }
      }
    }
  }
  const useOf = (type: ts.TypeNode): EnumUse | undefined => {
    if (ts.isUnionTypeNode(type)) {
      const defined = type.types.filter(member => member.kind !== ts.SyntaxKind.UndefinedKeyword)
      return defined.length === 1 ? useOf(defined[0]) : undefined
    }
    if (ts.isArrayTypeNode(type)) {
      const element = useOf(type.elementType)
      return element ? { list: element } : undefined
    }
    if (ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName)) {
      const name = type.typeName.text
      if (enumNames.has(name)) return { enum: name }
      if (name === 'Partial' && type.typeArguments?.length === 1) return useOf(type.typeArguments[0])
      if (name === 'Record' && type.typeArguments?.length === 2) {
        const [keyType, valueType] = type.typeArguments
        const key =
          ts.isTypeReferenceNode(keyType) &&
          ts.isIdentifier(keyType.typeName) &&
          enumNames.has(keyType.typeName.text)
            ? keyType.typeName.text
            : undefined
        const value = useOf(valueType)
        return key || value ? { map: value, ...(key ? { key } : {}) } : undefined
      }
    }
    return undefined
  }
  const enumUses = new Map<string, Map<string, EnumUse>>()
  const memberOrder = new Map<string, string[]>()
  for (const file of files) {
    for (const statement of file.statements) {
      if (!ts.isInterfaceDeclaration(statement)) continue
      const members = new Map<string, EnumUse>()
      const order: string[] = []
      for (const member of statement.members) {
        if (!ts.isPropertySignature(member) || !member.type || !ts.isIdentifier(member.name)) continue
        order.push(member.name.text)
        const use = useOf(member.type)
        if (use) members.set(member.name.text, use)
      }
      if (members.size > 0) enumUses.set(statement.name.text, members)
      memberOrder.set(statement.name.text, order)
    }
  }
  return { enumUses, memberOrder }
}

/** `--check`: fail, writing nothing, when a recorded model differs from what the installed clients give. */
async function main(check: boolean): Promise<void> {
  const config = await prettier.resolveConfig(OUTPUT)
  const stale: string[] = []
  for (const recorded of RECORDED_SERVICES) {
    const model = await recordService(recorded)
    const file = path.join(OUTPUT, `${recorded.service}.json`)
    const text = await prettier.format(JSON.stringify(model), { ...config, filepath: file })
    const { version } = model.source as { version: string }
    if (check) {
      const current = existsSync(file) ? readFileSync(file, 'utf8') : ''
      if (current !== text) stale.push(`${recorded.service} (${recorded.packageName}@${version})`)
      continue
    }
    writeFileSync(file, text)
    console.log(
      `${recorded.service}: ${recorded.packageName}@${version}, ` +
        `${Object.keys(model.operations as object).length} operations, ${Object.keys(model.shapes as object).length} shapes`
    )
  }
  if (stale.length > 0) {
    console.error(`Recorded API models differ from the installed clients: ${stale.join(', ')}.`)
    console.error('Run `npm run record:api-models` and commit simulator/src/aws/model/apis/.')
    process.exitCode = 1
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  await main(process.argv.includes('--check'))
