import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { groupCommit } from '../../cloudfunctions/adapters/sqlite/groupCommit'

describe('groupCommit: writes in flight share one commit, each in its own savepoint', () => {
  let dir: string
  let db: Database.Database
  let reader: Database.Database
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'group-commit-'))
    db = new Database(path.join(dir, 'x.db'))
    db.pragma('journal_mode = WAL')
    db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, n INTEGER NOT NULL)')
    reader = new Database(path.join(dir, 'x.db'), { readonly: true })
  })
  afterEach(() => {
    reader.close()
    db.close()
    rmSync(dir, { recursive: true, force: true })
  })
  const keys = () => (reader.prepare('SELECT k FROM t ORDER BY k').all() as Array<{ k: string }>).map((r) => r.k)

  it('answers each caller with its own result, and a resolved write is already committed', async () => {
    const insert = db.prepare('INSERT INTO t (k, n) VALUES (?, ?)')
    const put = groupCommit(db, (k: string, n: number) => {
      insert.run(k, n)
      return `${k}=${n}`
    })
    const pending = [put('a', 1), put('b', 2), put('c', 3)]
    expect(keys()).toEqual([]) // queued, not yet written
    await expect(pending[0]).resolves.toBe('a=1')
    expect(keys()).toEqual(['a', 'b', 'c']) // another connection sees the whole group once the first is acknowledged
    await expect(Promise.all(pending)).resolves.toEqual(['a=1', 'b=2', 'c=3'])
  })

  it('rolls back only the writes of the caller whose step throws', async () => {
    const insert = db.prepare('INSERT INTO t (k, n) VALUES (?, ?)')
    const put = groupCommit(db, (k: string, fail: boolean) => {
      insert.run(k, 1)
      insert.run(`${k}-2`, 2)
      if (fail) throw new Error(`refused ${k}`)
      return k
    })
    const results = await Promise.allSettled([put('a', false), put('b', true), put('c', false)])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    expect((results[1] as PromiseRejectedResult).reason).toEqual(new Error('refused b'))
    expect(keys()).toEqual(['a', 'a-2', 'c', 'c-2'])
  })

  it('a constraint error in one step leaves the others committed, and later groups run as usual', async () => {
    const insert = db.prepare('INSERT INTO t (k, n) VALUES (?, ?)')
    const put = groupCommit(db, (k: string) => insert.run(k, 1).changes)
    const first = await Promise.allSettled([put('a'), put('a'), put('b')])
    expect(first.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    await expect(put('c')).resolves.toBe(1)
    expect(keys()).toEqual(['a', 'b', 'c'])
  })
})
