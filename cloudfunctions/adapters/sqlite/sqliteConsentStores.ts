import type Database from 'better-sqlite3'
import { edgeKeys } from '../../domain/ledger/audit'
import { nodeHash } from '../../domain/ledger/hash'
import { appendNodes } from '../../domain/ledger/proofs'
import type { ConsentStores, IntegratedBatch, PendingEntry, StoredCheckpoint, StoredNotice } from '../../ports/consentStores'
import { groupCommit } from './groupCommit'
import { AuthRequestRecord, BusinessSystemRecord, CheckpointRecord, ConsentRecord, LedgerEntryLoose, LedgerEntryRecord, NoticeRecord } from '../consentSchemas'
import type { z } from 'zod'

const parseRow = <T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, row: unknown): T | null => (row === undefined ? null : schema.parse(row))

/**
 * The consent Store ports on SQLite. An append is one insert into ledger_pending; an integration
 * step is one IMMEDIATE transaction (the oldest pending rows given the next indexes, entry and
 * node rows written, head moved), so a crash leaves either the whole batch or none of it, and
 * concurrent integrators from any number of processes serialise: no gaps, no forks, no lost
 * entry. Requests change by compare-and-set on their version, the same step the CloudBase
 * adapter does.
 */
export function sqliteConsentStores(db: Database.Database): ConsentStores {
  const q = {
    head: db.prepare('SELECT size FROM ledger_head WHERE id = 1'),
    pendingInsert: db.prepare('INSERT INTO ledger_pending (id, leaf, leafHash, at, idx) VALUES (?, ?, ?, ?, NULL)'),
    pendingGet: db.prepare('SELECT leaf, leafHash, at, idx AS "index" FROM ledger_pending WHERE id = ?'),
    pendingOldest: db.prepare('SELECT id, leaf, leafHash, at FROM ledger_pending WHERE idx IS NULL ORDER BY at, id LIMIT ?'),
    pendingSet: db.prepare("UPDATE ledger_pending SET idx = ?, leaf = '' WHERE id = ? AND idx IS NULL"),
    leaseGet: db.prepare('SELECT owner, until FROM ledger_lease WHERE id = 1'),
    leaseTake: db.prepare(
      `INSERT INTO ledger_lease (id, owner, until) VALUES (1, @owner, @until)
       ON CONFLICT(id) DO UPDATE SET owner = excluded.owner, until = excluded.until
       WHERE ledger_lease.owner = excluded.owner OR ledger_lease.until <= @now`,
    ),
    leaseRelease: db.prepare('UPDATE ledger_lease SET until = 0 WHERE id = 1 AND owner = ?'),
    setHead: db.prepare('UPDATE ledger_head SET size = ? WHERE id = 1 AND size = ?'),
    entryInsert: db.prepare('INSERT INTO ledger_entries (idx, leaf, leafHash, appendedAt) VALUES (?, ?, ?, ?)'),
    entryGet: db.prepare('SELECT idx AS "index", leaf, leafHash, appendedAt FROM ledger_entries WHERE idx = ?'),
    nodeGet: db.prepare('SELECT hash FROM ledger_nodes WHERE level = ? AND idx = ?').pluck(),
    nodeInsert: db.prepare('INSERT INTO ledger_nodes (level, idx, hash) VALUES (?, ?, ?)'),
    entryPage: db.prepare(
      'SELECT idx AS "index", leaf, leafHash, appendedAt FROM ledger_entries WHERE idx >= ? AND idx < MIN(?, (SELECT size FROM ledger_head WHERE id = 1)) ORDER BY idx',
    ),
    checkpointGet: db.prepare('SELECT size, rootHash, timestamp, note FROM ledger_checkpoint WHERE id = 1'),
    // One statement, so atomic: forward only; the same tree refreshes only with the same root.
    checkpointPut: db.prepare(
      `INSERT INTO ledger_checkpoint (id, size, rootHash, timestamp, note) VALUES (1, @size, @rootHash, @timestamp, @note)
       ON CONFLICT(id) DO UPDATE SET size = excluded.size, rootHash = excluded.rootHash, timestamp = excluded.timestamp, note = excluded.note
       WHERE excluded.size > ledger_checkpoint.size
          OR (excluded.size = ledger_checkpoint.size AND excluded.rootHash = ledger_checkpoint.rootHash AND excluded.timestamp >= ledger_checkpoint.timestamp)`,
    ),
    systemInsert: db.prepare(
      // Upsert: a changed DEMO_BIZ_KEY (or name, purpose, allow-list) takes effect on the next start.
      `INSERT INTO consent_systems (id, name, purpose, allowList, keyHash, createdAt)
       VALUES (@id, @name, @purpose, @allowList, @keyHash, @createdAt)
       ON CONFLICT(id) DO UPDATE SET name = excluded.name, purpose = excluded.purpose, allowList = excluded.allowList, keyHash = excluded.keyHash`,
    ),
    systemGet: db.prepare('SELECT * FROM consent_systems WHERE id = ?'),
    requestInsert: db.prepare(
      `INSERT OR IGNORE INTO consent_requests (id, systemId, applicationType, evidence, studentRef, applicantCipher, studentMasked, parts, createdAt, expiresAt, version)
       VALUES (@id, @systemId, @applicationType, @evidence, @studentRef, @applicantCipher, @studentMasked, @parts, @createdAt, @expiresAt, @version)`,
    ),
    requestGet: db.prepare('SELECT * FROM consent_requests WHERE id = ?'),
    requestReplace: db.prepare('UPDATE consent_requests SET parts = @parts, version = @version WHERE id = @id AND version = @expected'),
    slotGet: db.prepare('SELECT requestId FROM consent_open_slots WHERE id = ?').pluck(),
    slotInsert: db.prepare('INSERT OR IGNORE INTO consent_open_slots (id, requestId) VALUES (?, ?)'),
    slotMove: db.prepare('UPDATE consent_open_slots SET requestId = ? WHERE id = ? AND requestId = ?'),
    consentInsert: db.prepare(
      `INSERT INTO consents (id, requestId, systemId, part, signerId, itemLabel, itemCipher, optionId, fields, state, grantedAt, expiresAt, revokedAt, grantIndex, revokeIndex, grantRef, revokeRef, noticeHash)
       VALUES (@id, @requestId, @systemId, @part, @signerId, @itemLabel, @itemCipher, @optionId, @fields, @state, @grantedAt, @expiresAt, @revokedAt, @grantIndex, @revokeIndex, @grantRef, @revokeRef, @noticeHash)`,
    ),
    consentGet: db.prepare('SELECT * FROM consents WHERE id = ?'),
    consentList: db.prepare('SELECT * FROM consents WHERE signerId = ? ORDER BY grantedAt DESC, id DESC'),
    consentRevoke: db.prepare("UPDATE consents SET state = 'revoked', revokedAt = ? WHERE id = ? AND state = 'active'"),
    consentRevokeIndex: db.prepare('UPDATE consents SET revokeIndex = ?, revokeRef = ? WHERE id = ?'),
    noticeInsert: db.prepare('INSERT OR IGNORE INTO consent_notices (id, text, createdAt) VALUES (@id, @text, @createdAt)'),
    noticeGet: db.prepare('SELECT id, text, createdAt FROM consent_notices WHERE id = ?'),
  }

  /** One batch: the oldest pending rows get the next indexes, their entry and node rows, the head moves. */
  const integrate = (max: number, checkpoint?: (b: IntegratedBatch) => StoredCheckpoint): IntegratedBatch | null => {
    const rows = q.pendingOldest.all(Math.min(Math.max(1, max), 1000)) as Array<{ id: string; leaf: string; leafHash: string; at: number }>
    if (rows.length === 0) return null
    const from = (q.head.get() as { size: number }).size
    // The right edge of the tree is all appendNodes reads: keep the batch's new nodes in memory.
    const fresh = new Map<string, Uint8Array>()
    let n = from
    for (const r of rows) {
      q.entryInsert.run(n, r.leaf, r.leafHash, r.at)
      const made = appendNodes(n, Buffer.from(r.leafHash, 'hex'), (level, index) => {
        const k = `${level}:${index}`
        if (fresh.has(k)) return fresh.get(k)
        const h = q.nodeGet.get(level, index) as Buffer | undefined
        return h ? new Uint8Array(h) : undefined
      })
      for (const m of made) {
        q.nodeInsert.run(m.level, m.index, Buffer.from(m.hash))
        fresh.set(`${m.level}:${m.index}`, m.hash)
      }
      if (q.pendingSet.run(n, r.id).changes !== 1) throw new Error('ledger pending entry taken inside a transaction')
      n += 1
    }
    if (q.setHead.run(n, from).changes !== 1) throw new Error('ledger head moved inside a transaction')
    // The root from the right edge (audit.ts edgeKeys), all stored by now.
    const edge = edgeKeys(n).map((k) => fresh.get(`${k.level}:${k.index}`) ?? new Uint8Array(q.nodeGet.get(k.level, k.index) as Buffer))
    const root = edge.reduceRight((acc, h) => (acc.length === 0 ? h : nodeHash(h, acc)), new Uint8Array())
    const batch = { from, size: n, rootHash: Buffer.from(root).toString('hex'), ids: rows.map((r) => r.id) }
    if (checkpoint) q.checkpointPut.run(checkpoint(batch))
    return batch
  }
  // Group commit (groupCommit.ts): the pending rows and the batches asked for in the same turn of the
  // event loop share one IMMEDIATE transaction and one fsync, in the order asked, so an appender
  // that enqueues and asks for integration at once (the in-process integrator) costs one commit.
  type Step = { enqueue: PendingEntry } | { integrate: number; checkpoint?: (b: IntegratedBatch) => StoredCheckpoint }
  const grouped = groupCommit(db, (s: Step): IntegratedBatch | null => {
    if ('enqueue' in s) return void q.pendingInsert.run(s.enqueue.id, s.enqueue.leaf, s.enqueue.leafHash, s.enqueue.at), null
    return integrate(s.integrate, s.checkpoint)
  })

  return {
    ledger: {
      enqueue: async (p) => void (await grouped({ enqueue: p })),
      pending: async (ids) => {
        const out = new Map<string, { leaf: string; leafHash: string; at: number; index: number | null }>()
        for (const id of new Set(ids)) {
          const r = q.pendingGet.get(id) as { leaf: string; leafHash: string; at: number; index: number | null } | undefined
          if (r) out.set(id, r)
        }
        return out
      },
      oldestPending: async (limit) => q.pendingOldest.all(Math.min(limit, 1000)) as Array<{ id: string; leaf: string; leafHash: string; at: number }>,
      lease: async (owner, now, until) => q.leaseTake.run({ owner, until, now }).changes === 1,
      release: async (owner) => void q.leaseRelease.run(owner),
      // IMMEDIATE takes the write lock before the pending rows are read: another process cannot interleave.
      integrate: (max, checkpoint) => grouped({ integrate: max, checkpoint }),
      size: async () => (q.head.get() as { size: number }).size,
      entry: async (index) => parseRow(LedgerEntryRecord, q.entryGet.get(index)),
      nodes: async (keys) => {
        const out = new Map<string, string>()
        for (const key of keys) {
          const [level, index] = key.split(':').map(Number)
          const h = q.nodeGet.get(level, index) as Buffer | undefined
          if (h) out.set(key, h.toString('hex'))
        }
        return out
      },
      entries: async (from, limit, atSize) =>
        (q.entryPage.all(from, Math.min(from + Math.min(limit, 1000), atSize ?? Number.MAX_SAFE_INTEGER)) as Array<Record<string, unknown>>).map((r) => LedgerEntryLoose.parse(r)),
      lastCheckpoint: async () => parseRow(CheckpointRecord, q.checkpointGet.get()),
      recordCheckpoint: async (cp) => q.checkpointPut.run(cp).changes === 1,
    },
    systems: {
      ensure: async (s) => void q.systemInsert.run({ ...s, allowList: JSON.stringify(s.allowList) }),
      get: async (id) => parseRow(BusinessSystemRecord, q.systemGet.get(id)),
    },
    requests: {
      create: async (r) => q.requestInsert.run({ ...r, parts: JSON.stringify(r.parts) }).changes === 1,
      get: async (id) => parseRow(AuthRequestRecord, q.requestGet.get(id)),
      replace: async (next, expected) =>
        q.requestReplace.run({ id: next.id, parts: JSON.stringify(next.parts), version: next.version, expected }).changes === 1,
      openSlot: async (key) => (q.slotGet.get(key) as string | undefined) ?? null,
      claimOpenSlot: async (key, requestId) => q.slotInsert.run(key, requestId).changes === 1,
      moveOpenSlot: async (key, from, to) => q.slotMove.run(to, key, from).changes === 1,
    },
    consents: {
      create: async (c) => void q.consentInsert.run({ ...c, grantRef: c.grantRef ?? null, revokeRef: c.revokeRef ?? null, noticeHash: c.noticeHash ?? null, fields: JSON.stringify(c.fields) }),
      get: async (id) => parseRow(ConsentRecord, q.consentGet.get(id)),
      listBySigner: async (signerId) => q.consentList.all(signerId).map((r) => ConsentRecord.parse(r)),
      revoke: async (id, at) => q.consentRevoke.run(at, id).changes === 1,
      setRevokeIndex: async (id, index, ref) => void q.consentRevokeIndex.run(index, ref ?? null, id),
    },
    notices: {
      put: async (n) => void q.noticeInsert.run(n),
      get: async (id) => parseRow(NoticeRecord, q.noticeGet.get(id)),
      many: async (ids) => {
        const out = new Map<string, StoredNotice>()
        for (const id of new Set(ids)) {
          const n = parseRow(NoticeRecord, q.noticeGet.get(id))
          if (n) out.set(id, n)
        }
        return out
      },
    },
  }
}

/** Bulk append for benchmarks: many leaves in one transaction (same rows as one by one). */
export function sqliteBulkAppend(db: Database.Database, leaves: Array<{ leaf: string; leafHash: string }>, at: number): void {
  const head = db.prepare('SELECT size FROM ledger_head WHERE id = 1')
  const insE = db.prepare('INSERT INTO ledger_entries (idx, leaf, leafHash, appendedAt) VALUES (?, ?, ?, ?)')
  const insN = db.prepare('INSERT INTO ledger_nodes (level, idx, hash) VALUES (?, ?, ?)')
  const setHead = db.prepare('UPDATE ledger_head SET size = ? WHERE id = 1')
  db.transaction(() => {
    let n = (head.get() as { size: number }).size
    // The right edge of the tree is all appendNodes ever reads: keep it in memory.
    const edge = new Map<string, Uint8Array>()
    const getN = db.prepare('SELECT hash FROM ledger_nodes WHERE level = ? AND idx = ?').pluck()
    for (const { leaf, leafHash } of leaves) {
      insE.run(n, leaf, leafHash, at)
      const rows = appendNodes(n, Buffer.from(leafHash, 'hex'), (level, index) => {
        const k = `${level}:${index}`
        if (edge.has(k)) return edge.get(k)
        const h = getN.get(level, index) as Buffer | undefined
        return h ? new Uint8Array(h) : undefined
      })
      for (const r of rows) {
        insN.run(r.level, r.index, Buffer.from(r.hash))
        edge.set(`${r.level}:${r.index}`, r.hash)
        edge.delete(`${r.level}:${r.index - 2}`)
      }
      n += 1
    }
    setHead.run(n)
  })()
}
