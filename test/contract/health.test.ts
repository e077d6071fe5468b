import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createCloudBaseHealthStores } from '../../cloudfunctions/adapters/cloudbase'
import { HEALTH_COLLECTIONS } from '../../cloudfunctions/adapters/cloudbase/cloudbaseHealthStores'
import type { DocCollection } from '../../cloudfunctions/adapters/cloudbase/docDb'
import { healthIds, type Submission } from '../../cloudfunctions/ports/healthStores'
import { openSqliteStores, sqliteHealthStores } from '../../cloudfunctions/adapters/sqlite'
import { FakeDocDb } from './fakeDocDb'
import { describeHealthStoreContract } from './healthStoreContract'

describeHealthStoreContract('sqlite :memory:', async () => {
  const base = openSqliteStores(':memory:')
  return { ...sqliteHealthStores(base.db), close: () => base.close() }
})

describeHealthStoreContract('sqlite temp file (WAL)', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'health-stores-'))
  const base = openSqliteStores(path.join(dir, 'cloud.db'))
  return {
    ...sqliteHealthStores(base.db),
    close() {
      base.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
})

describeHealthStoreContract('cloudbase (in-memory DocDb)', async () => createCloudBaseHealthStores(new FakeDocDb()))
describeHealthStoreContract('cloudbase (in-memory DocDb, throwOnCode: false)', async () =>
  createCloudBaseHealthStores(new FakeDocDb({ throwOnCode: false })),
)

describe('sqlite durability', () => {
  it('a file database commits with synchronous = FULL (2) in WAL; :memory: is left alone', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'health-sync-'))
    const file = openSqliteStores(path.join(dir, 'cloud.db'))
    const memory = openSqliteStores(':memory:')
    try {
      expect(file.db.pragma('journal_mode', { simple: true })).toBe('wal')
      expect(file.db.pragma('synchronous', { simple: true })).toBe(2)
      expect(memory.db.pragma('journal_mode', { simple: true })).toBe('memory')
    } finally {
      file.close()
      memory.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

/**
 * CloudBase has no transaction over "read the lock, insert the submission": this fake lets the
 * collector's lock land exactly between the two, the race the adapter must still refuse.
 */
class LockLandsBeforeInsert extends FakeDocDb {
  armed = false
  reads = { byId: 0, queries: 0 }
  collection(name: string): DocCollection {
    const c = super.collection(name)
    const counted: DocCollection = {
      doc: (id) => (this.reads.byId++, c.doc(id)),
      add: c.add,
      where: (q) => (this.reads.queries++, c.where(q)),
    }
    if (name !== HEALTH_COLLECTIONS.submissions) return counted
    return {
      ...counted,
      add: async (data) => {
        if (this.armed) {
          this.armed = false
          await super.collection(HEALTH_COLLECTIONS.dayLocks).add({ _id: healthIds.dayLock('org-1', '2026-11-22'), orgId: 'org-1', day: '2026-11-22', lockedAt: 99, lockedBy: 'teacher' })
        }
        return c.add(data)
      },
    }
  }
}

describe('cloudbase health stores: the day lock racing a submission', () => {
  const sub = (over: Partial<Submission> = {}): Submission => ({
    id: 'decl:org-1:decl-1:c1', orgId: 'org-1', declarantId: 'decl-1', day: '2026-11-22', clientId: 'c1', submittedAt: 100, late: false,
    filerIdentityId: 'parent', byCollector: false, formCipher: 'c:form', abnormal: [], ...over,
  })

  it('a lock that lands between the lock read and the insert refuses the submission, counts nothing, and refuses its retry', async () => {
    const db = new LockLandsBeforeInsert()
    const s = createCloudBaseHealthStores(db)
    db.armed = true
    await expect(s.submissions.record(sub(), { respectLock: true })).resolves.toEqual({ kind: 'locked' })
    await expect(s.dayEntries.get('org-1', '2026-11-22', 'decl-1')).resolves.toBeNull()
    await expect(s.submissions.get(sub().id)).resolves.toBeNull()
    // 重新提交 of the refused submission is refused again, not answered as already stored.
    await expect(s.submissions.record(sub(), { respectLock: true })).resolves.toEqual({ kind: 'locked' })
  })

  it('the collector, who does not respect the lock, is stored and counted through the same race', async () => {
    const db = new LockLandsBeforeInsert()
    const s = createCloudBaseHealthStores(db)
    db.armed = true
    await expect(s.submissions.record(sub({ byCollector: true }), { respectLock: false })).resolves.toMatchObject({ kind: 'stored', created: true })
    await expect(s.dayEntries.get('org-1', '2026-11-22', 'decl-1')).resolves.toMatchObject({ submissionId: sub().id })
  })

  it('getMany reads by `_.in`, 1,000 ids per query, not one read per document', async () => {
    const db = new LockLandsBeforeInsert()
    const s = createCloudBaseHealthStores(db)
    for (let i = 0; i < 1205; i++) await s.submissions.record(sub({ id: `s${i}`, clientId: `c${i}`, submittedAt: i }), { respectLock: false })
    db.reads = { byId: 0, queries: 0 }
    const ids = ['missing', ...Array.from({ length: 1205 }, (_, i) => `s${1204 - i}`)]
    const got = await s.submissions.getMany(ids)
    expect(got.map((x) => x.id)).toEqual(ids.slice(1))
    expect(got[0]).toMatchObject({ submittedAt: 1204, formCipher: 'c:form' })
    expect(db.reads).toEqual({ byId: 0, queries: 2 })
  })
})
