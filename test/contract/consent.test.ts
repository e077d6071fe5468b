import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createCloudBaseConsentStores } from '../../cloudfunctions/adapters/cloudbase'
import { openSqliteStores, sqliteConsentStores } from '../../cloudfunctions/adapters/sqlite'
import { describeConsentStoreContract } from './consentStoreContract'
import { FakeDocDb } from './fakeDocDb'
import type { AppError } from '../../cloudfunctions/domain/errors'
import { publicKeyOf } from '../../cloudfunctions/domain/ledger/checkpoint'
import { toHex } from '../../cloudfunctions/domain/ledger/hash'
import { leafHashOfText } from '../../cloudfunctions/domain/ledger/leaf'
import { lookupOfLeaves } from '../../cloudfunctions/domain/ledger/proofs'
import type { ConsentStores } from '../../cloudfunctions/ports/consentStores'
import type { ConsentDeps } from '../../cloudfunctions/services/consent/consentDeps'
import { appendLedger, proofBundle } from '../../cloudfunctions/services/consent/ledger'
import { auditLedger } from '../../cloudfunctions/services/consent/ledgerAudit'

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

/**
 * A proof's audit reads the kept checkpoint and the compare-and-set that follows starts from that
 * read instead of reading again: a copy gone stale (another instance moved it meanwhile) must fail
 * the conditional write and reread, never move the checkpoint backwards.
 */
describe('cloudbase: the checkpoint compare-and-set starting from the audit\'s read stays forward-only', () => {
  const cp = (size: number, timestamp: number) => ({ size, rootHash: 'ab'.repeat(32), timestamp, note: `note ${size} ${timestamp}` })
  it('a stale "absent" and a stale copy both lose to the newer checkpoint another instance kept', async () => {
    const db = new FakeDocDb()
    const a = createCloudBaseConsentStores(db)
    const b = createCloudBaseConsentStores(db)
    expect(await a.ledger.lastCheckpoint()).toBeNull()
    expect(await b.ledger.recordCheckpoint(cp(10, 100))).toBe(true)
    expect(await a.ledger.recordCheckpoint(cp(5, 200))).toBe(false)
    expect(await b.ledger.lastCheckpoint()).toEqual(cp(10, 100))
    expect(await a.ledger.lastCheckpoint()).toEqual(cp(10, 100))
    expect(await b.ledger.recordCheckpoint(cp(12, 300))).toBe(true)
    expect(await a.ledger.recordCheckpoint(cp(11, 400))).toBe(false)
    expect(await b.ledger.lastCheckpoint()).toEqual(cp(12, 300))
    expect(await a.ledger.recordCheckpoint(cp(13, 500))).toBe(true)
    expect(await b.ledger.lastCheckpoint()).toEqual(cp(13, 500))
  })
})

/**
 * The ledger notices its own tampering on each adapter: a changed byte in a stored
 * entry, node or kept checkpoint is reported by the audit at its index, and no checkpoint is signed.
 */
describe('ledger audit: tampering in each adapter is found at its index and stops signing', () => {
  const secretKey = new Uint8Array(32).fill(7)
  const ledgerKey = { secretKey, keyName: 'test.local-ledger', origin: 'test.local/consent-ledger' }
  const key = { keyName: ledgerKey.keyName, publicKey: publicKeyOf(secretKey) }
  const depsOf = (consent: ConsentStores) => {
    let now = 1_700_000_000_000
    return { consent, clock: { now: () => now++ }, ledgerKey } as unknown as ConsentDeps
  }
  /** 20 grants (integrated in-process, a checkpoint per batch, so one of 20 is kept), a proof, 5 more grants integrated by the store alone (no checkpoint). */
  async function fill(consent: ConsentStores): Promise<ConsentDeps> {
    const deps = depsOf(consent)
    for (let i = 0; i < 20; i++) await appendLedger(deps, { consent: `c${i}`, action: 'grant', fields: ['address'], actor: 'a'.repeat(32) })
    await proofBundle(deps, [3], undefined)
    const later = { ...deps, ledgerIntegration: 'scheduled' } as ConsentDeps
    for (let i = 20; i < 25; i++) await appendLedger(later, { consent: `c${i}`, action: 'grant', fields: ['address'], actor: 'a'.repeat(32) })
    await consent.ledger.integrate(1000)
    expect(await consent.ledger.lastCheckpoint()).toMatchObject({ size: 20 })
    expect(await auditLedger(consent.ledger, { key })).toMatchObject({ ok: true, size: 25, checkpointSize: 20 })
    return deps
  }
  const code = (p: Promise<unknown>) => p.then(() => 'signed', (e: AppError) => e.code)
  // The refusal is logged with the index (no personal data): kept quiet here, checked once below.
  let logged: jest.SpyInstance
  beforeEach(() => { logged = jest.spyOn(console, 'error').mockImplementation(() => undefined) })
  afterEach(() => logged.mockRestore())

  describe('sqlite', () => {
    let dir: string
    beforeEach(() => { dir = mkdtempSync(path.join(os.tmpdir(), 'ledger-audit-')) })
    afterEach(() => rmSync(dir, { recursive: true, force: true }))

    it('a byte flipped in the database file (an entry\'s leaf text) → that index, and the holder is told RECORD_ALTERED', async () => {
      const file = path.join(dir, 'cloud.db')
      let base = openSqliteStores(file)
      base.db.pragma('secure_delete = ON') // page splits leave no stale copy of a row: the one copy is the live row
      await fill(sqliteConsentStores(base.db))
      base.close() // checkpoints the WAL into the file
      const bytes = readFileSync(file)
      const at = bytes.indexOf(Buffer.from('"consent":"c11"'))
      expect([at > 0, bytes.indexOf(Buffer.from('"consent":"c11"'), at + 1)]).toEqual([true, -1])
      bytes[at + 13] ^= 0x02 // c11 → c31 (0x31 ^ 0x02 = 0x33 '3')
      writeFileSync(file, bytes)
      base = openSqliteStores(file)
      try {
        const stores = sqliteConsentStores(base.db)
        expect(await auditLedger(stores.ledger, { key })).toMatchObject({ ok: false, problem: { kind: 'leaf-text', index: 11 } })
        const deps = depsOf(stores)
        expect(await code(proofBundle(deps, [11], undefined))).toBe('RECORD_ALTERED')
        expect(logged).toHaveBeenCalledWith(expect.stringMatching(/拒绝签发检查点.*index 11.*记录被改动/))
        expect(await code(proofBundle(deps, [2], undefined))).toBe('LEDGER_TAMPERED')
        expect(await stores.ledger.lastCheckpoint()).toMatchObject({ size: 20 })
      } finally {
        base.close()
      }
    })

    it('UPDATEs of a node, of a leaf text with its hash, and of the kept checkpoint are each reported', async () => {
      const base = openSqliteStores(':memory:')
      try {
        const stores = sqliteConsentStores(base.db)
        const deps = await fill(stores)
        const original = base.db.prepare('SELECT hash FROM ledger_nodes WHERE level = 1 AND idx = 8').pluck().get() as Buffer
        base.db.prepare('UPDATE ledger_nodes SET hash = ? WHERE level = 1 AND idx = 8').run(Buffer.alloc(32, 1))
        expect(await auditLedger(stores.ledger)).toMatchObject({ ok: false, problem: { kind: 'node', index: 17, level: 1, node: 8 } })
        // The running process audited up to 25 already: a node of an entry it proves is still caught.
        expect(await code(proofBundle(deps, [18], undefined))).toBe('LEDGER_TAMPERED') // 1:8 is on 18's path
        expect(await code(proofBundle(deps, [3], undefined))).toBe('LEDGER_TAMPERED') // and stays refused
        base.db.prepare('UPDATE ledger_nodes SET hash = ? WHERE level = 1 AND idx = 8').run(original)
        expect(await auditLedger(stores.ledger, { key })).toMatchObject({ ok: true, size: 25 })
        // A changed byte that changes a value's type (SQLite's record header) still reaches the audit as text.
        const text3 = (await stores.ledger.entries(3, 1))[0].leaf
        base.db.prepare('UPDATE ledger_entries SET leaf = 12345 WHERE idx = 3').run()
        expect(await auditLedger(stores.ledger)).toMatchObject({ ok: false, problem: { kind: 'leaf-text', index: 3 } })
        base.db.prepare('UPDATE ledger_entries SET leaf = ? WHERE idx = 3').run(text3)
        // The head moved back (entries 23 and 24 dropped): an audit resumed at 25 notices.
        const audited = await auditLedger(stores.ledger)
        base.db.prepare('UPDATE ledger_head SET size = 23 WHERE id = 1').run()
        expect(await auditLedger(stores.ledger, { from: audited.ok ? audited.tree : undefined })).toMatchObject({ ok: false, problem: { kind: 'entry-missing', index: 23 } })
        base.db.prepare('UPDATE ledger_head SET size = 25 WHERE id = 1').run()
        const forged = (await stores.ledger.entries(21, 1))[0].leaf.replace('grant', 'read')
        base.db.prepare('UPDATE ledger_entries SET leaf = ?, leafHash = ? WHERE idx = 21').run(forged, toHex(leafHashOfText(forged)))
        expect(await auditLedger(stores.ledger)).toMatchObject({ ok: false, problem: { kind: 'node', index: 21, level: 0 } })
        base.db.prepare("UPDATE ledger_checkpoint SET rootHash = ? WHERE id = 1").run('00'.repeat(32))
        expect(await auditLedger(stores.ledger, { key })).toMatchObject({ ok: false, problem: { kind: 'checkpoint-signature', size: 20 } })
      } finally {
        base.close()
      }
    })
  })

  it('a cold process resumes at the kept checkpoint (O(log n) node reads), and a leaf rewritten with its ancestors fails there', async () => {
    const base = openSqliteStores(':memory:')
    try {
      await fill(sqliteConsentStores(base.db))
      const cold = sqliteConsentStores(base.db) // another store object: nothing audited in memory for it
      const reads = jest.spyOn(cold.ledger, 'entries')
      const b = await proofBundle(depsOf(cold), [22], undefined)
      expect(b.size).toBe(25)
      // Entries 20..24 (after the checkpoint of 20) and the one proven, never 0..19.
      // Both at the head the audit read (atSize); the proven one is read beside the audit's page.
      expect([...reads.mock.calls].sort((a, b) => a[0] - b[0])).toEqual([[20, 5, 25], [22, 1, 25]])
      // Leaf 5 with its leaf hash and every ancestor rewritten consistently, in another cold process.
      const texts = (await cold.ledger.entries(0, 25)).map((e) => e.leaf)
      texts[5] = texts[5].replace('grant', 'read')
      const forged = lookupOfLeaves(texts.map(leafHashOfText))
      base.db.prepare('UPDATE ledger_entries SET leaf = ?, leafHash = ? WHERE idx = 5').run(texts[5], toHex(leafHashOfText(texts[5])))
      for (const [level, index] of [[0, 5], [1, 2], [2, 1], [3, 0], [4, 0]]) {
        base.db.prepare('UPDATE ledger_nodes SET hash = ? WHERE level = ? AND idx = ?').run(Buffer.from(forged(level, index)!), level, index)
      }
      const colder = sqliteConsentStores(base.db)
      expect(await code(proofBundle(depsOf(colder), [22], undefined))).toBe('LEDGER_TAMPERED')
      expect(await auditLedger(colder.ledger, { key })).toMatchObject({ ok: false, problem: { kind: 'checkpoint', size: 25 } }) // the cold proof above kept 25
    } finally {
      base.close()
    }
  })

  describe('cloudbase (in-memory DocDb)', () => {
    it('a changed byte in an entry document, a node document or the checkpoint document → reported; no checkpoint signed', async () => {
      const db = new FakeDocDb()
      const stores = createCloudBaseConsentStores(db)
      await fill(stores)
      // Entries 0..24 are bundle 0 at width 25, nodes 0..24 tile 0/0 at width 25 (domain/ledger/tiles.ts).
      const entry = (db.collections.get('ledger_entries')!.get('0.p-25')!.entries as Array<{ leaf: string }>)[7]
      const was = entry.leaf
      entry.leaf = was.replace('"c7"', '"c8"')
      expect(await auditLedger(stores.ledger, { key })).toMatchObject({ ok: false, problem: { kind: 'leaf-text', index: 7 } })
      const deps = depsOf(stores)
      expect(await code(proofBundle(deps, [7], undefined))).toBe('RECORD_ALTERED')
      expect(await code(proofBundle(deps, [1], undefined))).toBe('LEDGER_TAMPERED')
      entry.leaf = was
      expect(await auditLedger(stores.ledger, { key })).toMatchObject({ ok: true, size: 25 })
      const tile = db.collections.get('ledger_nodes')!.get('0-0.p-25')!.rows as string[]
      tile[2] = tile[2].slice(0, 5 * 64) + (tile[2][5 * 64] === '0' ? '1' : '0') + tile[2].slice(5 * 64 + 1) // node 2:5, leaves 20..23
      expect(await auditLedger(stores.ledger, { key })).toMatchObject({ ok: false, problem: { kind: 'node', index: 23, level: 2, node: 5 } })
      db.collections.get('ledger_head')!.get('checkpoint')!.size = 30
      expect(await auditLedger(stores.ledger, { key })).toMatchObject({ ok: false, problem: { kind: 'checkpoint-signature' } })
      expect(await stores.ledger.lastCheckpoint()).toMatchObject({ size: 30 })
    })
  })
})

