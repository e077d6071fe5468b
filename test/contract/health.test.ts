import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createCloudBaseHealthStores } from '../../cloudfunctions/adapters/cloudbase'
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
