import { describe, expect, it } from '@jest/globals'
import type { DatabaseDescription } from '../../../src/ports/database-snapshots.js'
import { verifyDatabaseSnapshot } from '../../../src/verify/database-snapshot-check.js'

const INSTANCE = { kind: 'instance', identifier: 'open-webui-db' } as const

function port(answer: DatabaseDescription | undefined | Error) {
  const asked: string[] = []
  return {
    asked,
    describeDatabase: async (kind: 'instance' | 'cluster', identifier: string) => {
      asked.push(`${kind} ${identifier}`)
      if (answer instanceof Error) throw answer
      return answer
    }
  }
}

const database = (status: string): DatabaseDescription => ({
  kind: 'instance',
  identifier: 'open-webui-db',
  engine: 'postgres',
  engineVersion: '16.4',
  status
})

describe('verifyDatabaseSnapshot', () => {
  it('adds nothing, and asks nothing, without db-snapshot', async () => {
    const fake = port(undefined)
    expect(await verifyDatabaseSnapshot(fake, undefined, 'migrate')).toEqual({ checks: [], findings: [] })
    expect(fake.asked).toEqual([])
  })

  it('an available database on a migrating plan is OK: the snapshot comes before the drain', async () => {
    const fake = port(database('available'))
    const result = await verifyDatabaseSnapshot(fake, INSTANCE, 'migrate')
    expect(fake.asked).toEqual(['instance open-webui-db'])
    expect(result.findings).toEqual([])
    expect(result.checks).toEqual([
      {
        name: 'Database snapshot',
        status: 'OK',
        detail: 'DB instance open-webui-db (postgres 16.4) is available: snapshot before the old tasks stop'
      }
    ])
  })

  it('a database RDS does not know is an error on every plan, rolling included', async () => {
    for (const strategy of ['migrate', 'rolling', 'unchanged'] as const) {
      const result = await verifyDatabaseSnapshot(port(undefined), INSTANCE, strategy)
      expect(result.checks[0]).toMatchObject({ status: 'NG' })
      expect(result.findings.map(finding => [finding.code, finding.level])).toEqual([
        ['db-snapshot-target-not-found', 'error']
      ])
      expect(result.findings[0].fix).toContain('db-snapshot: cluster')
    }
  })

  it('a database that cannot be described (access denied) is an error naming the permission', async () => {
    const denied = Object.assign(new Error('User is not authorized to perform rds:DescribeDBClusters'), {
      name: 'AccessDenied'
    })
    const result = await verifyDatabaseSnapshot(
      port(denied),
      { kind: 'cluster', identifier: 'aurora' },
      'migrate'
    )
    expect(result.findings[0]).toMatchObject({ code: 'db-snapshot-target-not-described', level: 'error' })
    expect(result.findings[0].fix).toContain('rds:DescribeDBClusters')
    expect(result.checks[0].detail).toContain('DB cluster aurora could not be described')
  })

  it('a database that is not available stops a migrating plan only', async () => {
    const migrating = await verifyDatabaseSnapshot(port(database('modifying')), INSTANCE, 'migrate')
    expect(migrating.checks[0]).toMatchObject({ status: 'NG' })
    expect(migrating.findings.map(finding => finding.code)).toEqual(['db-snapshot-target-not-available'])
    expect(migrating.findings[0].message).toContain('CreateDBSnapshot refuses a database in that state')

    const rolling = await verifyDatabaseSnapshot(port(database('modifying')), INSTANCE, 'rolling')
    expect(rolling.findings).toEqual([])
    expect(rolling.checks[0]).toMatchObject({
      status: 'WARN',
      detail:
        'DB instance open-webui-db (postgres 16.4) is modifying: a rolling upgrade changes no schema and takes no snapshot'
    })
  })
})
