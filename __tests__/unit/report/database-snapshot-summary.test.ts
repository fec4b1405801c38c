import { describe, expect, it } from '@jest/globals'
import { databaseSnapshotSection } from '../../../src/report/database-snapshot-summary.js'
import type { TakenSnapshot } from '../../../src/domain/database-snapshot.js'

const INSTANCE_SNAPSHOT: TakenSnapshot = {
  kind: 'instance',
  identifier: 'open-webui-v0-6-5-to-v0-6-6-20261207-164833',
  database: 'open-webui-db',
  status: 'available',
  tookMs: 61_500
}

describe('databaseSnapshotSection', () => {
  it('names the snapshot, and gives no restore path when none is needed', () => {
    const section = databaseSnapshotSection({
      snapshot: INSTANCE_SNAPSHOT,
      restoreNeeded: false,
      previousVersion: '0.6.5',
      targetVersion: '0.6.6'
    })
    expect(section).toBe(
      '#### Database snapshot\n\n`open-webui-v0-6-5-to-v0-6-6-20261207-164833` of the RDS DB instance `open-webui-db`: available after 1 min 2 s, taken before the service was changed.'
    )
  })

  it('after a failure past the migrations: restore the instance snapshot, repoint DATABASE_URL, deploy the old version', () => {
    const section = databaseSnapshotSection({
      snapshot: INSTANCE_SNAPSHOT,
      restoreNeeded: true,
      previousVersion: '0.6.5',
      targetVersion: '0.6.6'
    })
    expect(section).toContain('**To return to v0.6.5 with the data as it was before the migrations**')
    expect(section).toContain(
      '   aws rds restore-db-instance-from-db-snapshot --db-instance-identifier open-webui-db-before-v0-6-6 \\\n     --db-snapshot-identifier open-webui-v0-6-5-to-v0-6-6-20261207-164833'
    )
    expect(section).toContain('3. Deploy v0.6.5 (`version: v0.6.5`).')
  })

  it('a cluster restore adds an instance, and an engine name that is not a plain word is left to fill in', () => {
    const section = databaseSnapshotSection({
      snapshot: {
        kind: 'cluster',
        identifier: 'open-webui-v0-6-5-to-v0-6-6-20261207-164833',
        database: `aurora-${'x'.repeat(50)}`,
        engine: 'aurora-postgresql; rm -rf /',
        status: 'creating'
      },
      restoreNeeded: true,
      targetVersion: '0.6.6'
    })
    expect(section).toContain('`creating` when the rollout stopped waiting; RDS finishes it')
    expect(section).toContain('--engine <engine>')
    expect(section).not.toContain('rm -rf')
    expect(section).toContain('aws rds create-db-instance --db-cluster-identifier')
    expect(section).toContain('**To return to the previous version')
    // Restored identifiers stay within RDS's 63 characters and its hyphen rules.
    for (const [, identifier] of section.matchAll(/--db-(?:cluster|instance)-identifier (\S+)/g)) {
      expect(identifier.length).toBeLessThanOrEqual(63)
      expect(identifier).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/)
    }
  })
})
