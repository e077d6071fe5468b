import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createCloudBaseCounterStores } from '../../cloudfunctions/adapters/cloudbase'
import { openSqliteStores, sqliteCounterStores } from '../../cloudfunctions/adapters/sqlite'
import { describeCounterStoreContract } from './counterStoreContract'
import { FakeDocDb } from './fakeDocDb'

describeCounterStoreContract('sqlite :memory:', async () => {
  const base = openSqliteStores(':memory:')
  return { ...sqliteCounterStores(base.db), close: () => base.close() }
})

describeCounterStoreContract('sqlite temp file (WAL)', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'counter-stores-'))
  const base = openSqliteStores(path.join(dir, 'cloud.db'))
  return { ...sqliteCounterStores(base.db), close() { base.close(); rmSync(dir, { recursive: true, force: true }) } }
})

describeCounterStoreContract('cloudbase (in-memory DocDb)', async () => createCloudBaseCounterStores(new FakeDocDb()))
describeCounterStoreContract('cloudbase (in-memory DocDb, throwOnCode: false)', async () =>
  createCloudBaseCounterStores(new FakeDocDb({ throwOnCode: false })),
)
