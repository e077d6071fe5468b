import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openSqliteStores } from '../../cloudfunctions/adapters/sqlite'
import { describeStoreContract } from './storeContract'

describeStoreContract('sqlite :memory:', async () => openSqliteStores(':memory:'))

describeStoreContract('sqlite temp file (WAL)', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'stores-'))
  const stores = openSqliteStores(path.join(dir, 'cloud.db'))
  return {
    ...stores,
    close() {
      stores.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
})

describe('sqlite adapter specifics', () => {
  it('migrates once and keeps data across reopen', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'stores-'))
    const file = path.join(dir, 'cloud.db')
    try {
      const a = openSqliteStores(file)
      expect(a.db.pragma('journal_mode', { simple: true })).toBe('wal')
      a.db.prepare("INSERT INTO accounts VALUES ('o', 'face', NULL, 1)").run()
      a.close()
      const b = openSqliteStores(file)
      // One row per migration, each applied once however often the file is opened.
      // (counted, not a fixed number: each feature adds its own migration)
      const v = b.db.prepare('SELECT COUNT(*) AS n, COUNT(DISTINCT version) AS d FROM schema_version').get() as { n: number; d: number }
      expect(v.n).toBe(v.d)
      expect(b.db.prepare('SELECT openid FROM accounts').all()).toEqual([{ openid: 'o' }])
      b.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('rejects a malformed row instead of passing it on', async () => {
    const s = openSqliteStores(':memory:')
    s.db.prepare("INSERT INTO accounts VALUES ('o', 'sms', NULL, 1)").run()
    await expect(s.accounts.get('o')).rejects.toThrow()
    s.close()
  })
})
