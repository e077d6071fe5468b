import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createCloudBaseConsentStores } from '../../cloudfunctions/adapters/cloudbase'
import { openSqliteStores, sqliteConsentStores } from '../../cloudfunctions/adapters/sqlite'
import { describeConsentStoreContract } from './consentStoreContract'
import { FakeDocDb } from './fakeDocDb'

describeConsentStoreContract('sqlite :memory:', async () => {
  const base = openSqliteStores(':memory:')
  return { ...sqliteConsentStores(base.db), close: () => base.close() }
})

describeConsentStoreContract('sqlite temp file (WAL)', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'consent-stores-'))
  const base = openSqliteStores(path.join(dir, 'cloud.db'))
  return { ...sqliteConsentStores(base.db), close() { base.close(); rmSync(dir, { recursive: true, force: true }) } }
})

describeConsentStoreContract('cloudbase (in-memory DocDb)', async () => createCloudBaseConsentStores(new FakeDocDb()))
describeConsentStoreContract('cloudbase (in-memory DocDb, throwOnCode: false)', async () =>
  createCloudBaseConsentStores(new FakeDocDb({ throwOnCode: false })),
)

describe('cloudbase ledger: an appender that died after claiming its slot leaves no gap', () => {
  it('the next appender finishes the orphaned slot, then takes the one after', async () => {
    const db = new FakeDocDb()
    const stores = createCloudBaseConsentStores(db)
    const h = 'ab'.repeat(32)
    await stores.ledger.append('first', h, 1)
    // Slot 1 claimed (step 2) but never finished: no nodes, head still at 1.
    await db.collection('ledger_entries').add({ _id: '000000000001', index: 1, leaf: 'orphan', leafHash: 'cd'.repeat(32), appendedAt: 2 })
    expect(await stores.ledger.size()).toBe(1)
    expect(await stores.ledger.entry(1)).toBeNull()
    expect(await stores.ledger.append('third', 'ef'.repeat(32), 3)).toEqual({ index: 2 })
    expect(await stores.ledger.size()).toBe(3)
    expect((await stores.ledger.entry(1))?.leaf).toBe('orphan')
    expect((await stores.ledger.nodes(['1:0', '0:2'])).size).toBe(2)
  })
})
