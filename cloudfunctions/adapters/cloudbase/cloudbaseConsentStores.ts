import { z } from 'zod'
import { edgeKeys } from '../../domain/ledger/audit'
import { fromHex, nodeHash, toHex } from '../../domain/ledger/hash'
import { BUNDLE_SIZE, bundleId, bundleWidth, extendTiles, nodesOfTile, partialTileIds, tileIdOfNode, tileKeys } from '../../domain/ledger/tiles'
import type { ConsentStores, LedgerAuditRecordStore, LedgerAuditState, LedgerEntry, PendingEntry, StoredCheckpoint, StoredNotice } from '../../ports/consentStores'
import { AuthRequestRecord, BusinessSystemRecord, CheckpointRecord, ConsentRecord, LedgerEntryLoose, LedgerEntryRecord, NoticeRecord } from '../consentSchemas'
import type { DocDb } from './docDb'
import { checkReply } from './dbErrors'
import { DocTable } from './docTable'

export const CONSENT_COLLECTIONS = {
  systems: 'consent_systems',
  requests: 'consent_requests',
  consents: 'consents',
  ledgerHead: 'ledger_head',
  /** Entry bundles (256 entries a document, domain/ledger/tiles.ts). */
  ledgerEntries: 'ledger_entries',
  /** Tree tiles (every node of 8 levels under one node, domain/ledger/tiles.ts). */
  ledgerNodes: 'ledger_nodes',
  /** Accepted entries, one document each under a fresh id; `index` set once integrated. */
  ledgerPending: 'ledger_pending',
  /** The pending ids each batch took, by the index it starts at: the batch's one decisive write. */
  ledgerBatches: 'ledger_batches',
  openSlots: 'consent_open_slots',
  /** 授权说明 texts, each once under its SHA-256 hex (domain/consent/notice.ts). */
  notices: 'consent_notices',
} as const

const Head = z.object({ id: z.string(), size: z.number().int().min(0), rootHash: z.string().optional() })
const Slot = z.object({ id: z.string(), requestId: z.string() })
const Lease = z.object({ id: z.string(), owner: z.string(), until: z.number() })
const Pending = z.object({ id: z.string(), leaf: z.string(), leafHash: z.string(), at: z.number(), index: z.number().int().min(0).nullable() })
const Batch = z.object({ id: z.string(), from: z.number().int().min(0), ids: z.array(z.string()) })
const TileDoc = z.object({ id: z.string(), rows: z.array(z.string()) })
const BundleEntry = z.object({ leaf: z.unknown(), leafHash: z.unknown(), at: z.unknown() })
const BundleDoc = z.object({ id: z.string(), entries: z.array(BundleEntry) })
const HEAD = 'head'
const LEASE = 'lease'
/** The last signed checkpoint: a second document in the head collection (no new collection to create). */
const CHECKPOINT = 'checkpoint'
/** The scheduled full audit's state: a third document there. */
const AUDIT = 'audit'
type CheckpointDoc = StoredCheckpoint & { id: string }
const CheckpointDocSchema: z.ZodType<CheckpointDoc, z.ZodTypeDef, unknown> = z.intersection(z.object({ id: z.string() }), CheckpointRecord)
/** Ids per `where({ _id: _.in(ids) })`: the most one `get` returns (CLOUDBASE.md). */
const IN_BATCH = 1000
/** Writes in flight at once from one integrator (one connection's worth of requests each). */
const WRITE_WAVE = 1100
/** Batch ids sort like the index they start at. */
const batchId = (from: number) => String(from).padStart(12, '0')
/** Tile and bundle ids as document ids (`/` → `-`: `0-3.p-17`). */
const docId = (id: string) => id.replace(/\//g, '-')

async function inWaves<T>(items: readonly T[], run: (t: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += WRITE_WAVE) await Promise.all(items.slice(i, i + WRITE_WAVE).map(run))
}

/**
 * The consent Store ports over the CloudBase document database (CLOUDBASE.md: atomic steps by
 * document id only). The ledger follows RFC 6962 §3 and Tessera's batched sequencer:
 *
 * - an append is one `add` of a pending document under a fresh random id: no head read, no
 *   compare-and-set, nothing contended; the caller gets a signed promise (services/consent/ledger.ts);
 * - one integrator at a time (a lease document, compare-and-set with expiry) takes up to 1,000
 *   pending documents, oldest first, and fixes their indexes in one write: the batch document
 *   `ledger_batches/<from>`, created by `add` with that id, so of two integrators at the same head
 *   exactly one batch exists; then it writes the entries in bundles and the tree as tiles
 *   (domain/ledger/tiles.ts: a few documents per batch, each under an id that names its width, so
 *   a rewrite is identical and a slow writer cannot shrink a newer one), marks each pending
 *   document with its index, and moves the head from → to by a conditional update;
 * - an integrator that dies anywhere in there leaves the batch document behind: the next one,
 *   finding the head still at `from` and a batch for it, redoes exactly that batch (every write is
 *   deterministic), so there is no gap, no fork, and no promised entry lost.
 *
 * Proofs read only below the head, where every tile and bundle exists.
 */
export function createCloudBaseConsentStores(db: DocDb, names: typeof CONSENT_COLLECTIONS = CONSENT_COLLECTIONS): ConsentStores {
  const systems = new DocTable(db, names.systems, 'id', BusinessSystemRecord)
  const requests = new DocTable(db, names.requests, 'id', AuthRequestRecord)
  const consents = new DocTable(db, names.consents, 'id', ConsentRecord)
  const notices = new DocTable(db, names.notices, 'id', NoticeRecord)
  const heads = new DocTable(db, names.ledgerHead, 'id', Head)
  const leases = new DocTable(db, names.ledgerHead, 'id', Lease)
  const pendings = new DocTable(db, names.ledgerPending, 'id', Pending)
  const batches = new DocTable(db, names.ledgerBatches, 'id', Batch)
  const slots = new DocTable(db, names.openSlots, 'id', Slot)
  const checkpoints = new DocTable(db, names.ledgerHead, 'id', CheckpointDocSchema)

  /** Raw documents by id, 1,000 per `_.in` read (in parallel), as stored (`_id` kept as `id`). */
  async function byIds(name: string, ids: string[]): Promise<Array<Record<string, unknown> & { id: string }>> {
    const chunks: string[][] = []
    for (let i = 0; i < ids.length; i += IN_BATCH) chunks.push(ids.slice(i, i + IN_BATCH))
    const replies = await Promise.all(chunks.map((chunk) => db.collection(name).where({ _id: db.command.in(chunk) }).limit(IN_BATCH).get()))
    const out: Array<Record<string, unknown> & { id: string }> = []
    for (const reply of replies.map(checkReply)) {
      const rows = Array.isArray(reply.data) ? (reply.data as Array<Record<string, unknown>>) : []
      for (const { _id, ...rest } of rows) out.push({ ...rest, id: String(_id) })
    }
    return out
  }

  async function headDoc(): Promise<{ size: number; rootHash?: string }> {
    const h = await heads.get(HEAD)
    if (h) return h
    // Ours went in: it is the head as it stands; only a lost race needs the winner's read.
    if (await heads.insertOnce({ id: HEAD, size: 0 })) return { size: 0 }
    return (await heads.get(HEAD)) ?? { size: 0 }
  }
  const head = async () => (await headDoc()).size

  /** The tiles asked for (tile ids, domain/ledger/tiles.ts), every node they hold. */
  async function tileNodes(ids: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>()
    if (ids.length === 0) return out
    const byDoc = new Map(ids.map((id) => [docId(id), id]))
    for (const doc of await byIds(names.ledgerNodes, [...byDoc.keys()])) {
      const parsed = TileDoc.safeParse(doc)
      const id = byDoc.get(doc.id)
      if (parsed.success && id) for (const [k, v] of nodesOfTile(id, parsed.data.rows)) out.set(k, v)
    }
    return out
  }

  /** Entries [from, end) of a tree of `size`, read from their bundles as stored (no format checks). */
  async function bundleEntries(from: number, end: number, size: number): Promise<LedgerEntry[]> {
    if (end <= from) return []
    const ids: string[] = []
    for (let N = Math.floor(from / BUNDLE_SIZE); N <= Math.floor((end - 1) / BUNDLE_SIZE); N++) ids.push(docId(bundleId(N, bundleWidth(N, size))))
    const out: LedgerEntry[] = []
    for (const doc of await byIds(names.ledgerEntries, ids)) {
      const parsed = BundleDoc.safeParse(doc)
      if (!parsed.success) continue
      const N = Number(doc.id.split('.')[0])
      parsed.data.entries.forEach((e, i) => {
        const index = N * BUNDLE_SIZE + i
        if (index >= from && index < end) out.push(LedgerEntryLoose.parse({ index, leaf: e.leaf, leafHash: e.leafHash, appendedAt: e.at }))
      })
    }
    return out.sort((a, b) => a.index - b.index)
  }

  /** The batch that starts at `from`: the one begun already, or a new one of the oldest pending entries (null: nothing pending). */
  async function batchAt(from: number, max: number): Promise<Array<PendingEntry & { index: number | null }> | null> {
    // Both depend on `from` only: read together, the query's answer unused when a batch was begun.
    const [begun, waiting] = await Promise.all([
      batches.get(batchId(from)),
      db.collection(names.ledgerPending).where({ index: null }).orderBy('at', 'asc').orderBy('_id', 'asc').limit(Math.min(Math.max(1, max), IN_BATCH)).get(),
    ])
    if (!begun) {
      const reply = checkReply(waiting)
      const rows = (Array.isArray(reply.data) ? (reply.data as Array<Record<string, unknown>>) : []).map(({ _id, ...rest }) => Pending.parse({ ...rest, id: _id }))
      if (rows.length === 0) return null
      // The decisive write: of integrators racing at this head, one batch document exists.
      if (await batches.insertOnce({ id: batchId(from), from, ids: rows.map((r) => r.id) })) return rows
    }
    const batch = begun ?? (await batches.get(batchId(from)))
    if (!batch) throw new Error(`ledger batch at ${from} vanished`)
    const got = new Map((await byIds(names.ledgerPending, batch.ids)).map((d) => [d.id, Pending.parse(d)]))
    return batch.ids.map((id) => {
      const p = got.get(id)
      if (!p) throw new Error(`ledger batch at ${from}: pending entry ${id} is missing`)
      return p
    })
  }

  /** The right edge after the last batch this process integrated: its partial tiles' nodes and partial bundle. */
  let edge: { size: number; nodes: Map<string, string>; tail: LedgerEntry[] } | null = null
  /** The size this process itself moved the head to last (-1: unknown, read the head). */
  let lastMoved = -1
  /**
   * The checkpoint document as this process last wrote or read it ('absent': read, none there): the
   * next compare-and-set tries it without a read; a stale copy fails the conditional write and rereads.
   */
  let keptCp: CheckpointDoc | 'absent' | null = null

  // Compare-and-set on the kept document's fields (by id, CLOUDBASE.md): forward only, and a lost
  // race rereads, so concurrent signers never move it backwards.
  async function recordCheckpoint(cp: StoredCheckpoint): Promise<boolean> {
    for (let attempt = 0; attempt < 100; attempt++) {
      const cached = attempt === 0 ? keptCp : null
      keptCp = null
      const kept = cached === 'absent' ? null : cached ?? (await checkpoints.get(CHECKPOINT))
      if (!kept) {
        if (await checkpoints.insertOnce({ id: CHECKPOINT, ...cp })) return void (keptCp = { id: CHECKPOINT, ...cp }), true
        continue
      }
      const forward = cp.size > kept.size || (cp.size === kept.size && cp.rootHash === kept.rootHash && cp.timestamp >= kept.timestamp)
      if (!forward) {
        if (cached) continue // the cached copy may be stale: decide on the stored one
        return false
      }
      if (cp.size === kept.size && cp.timestamp === kept.timestamp && cp.note === kept.note) return true
      const { id: _id, ...was } = kept
      if (await checkpoints.patchIf(CHECKPOINT, was, cp)) return void (keptCp = { id: CHECKPOINT, ...cp }), true
    }
    return false
  }

  return {
    ledger: {
      enqueue: async (p) => {
        await pendings.insert({ ...p, index: null })
      },
      pending: async (ids) => {
        const out = new Map<string, { leaf: string; leafHash: string; at: number; index: number | null }>()
        for (const doc of await byIds(names.ledgerPending, [...new Set(ids)])) {
          const parsed = Pending.safeParse(doc)
          if (parsed.success) out.set(parsed.data.id, { leaf: parsed.data.index === null ? parsed.data.leaf : '', leafHash: parsed.data.leafHash, at: parsed.data.at, index: parsed.data.index })
        }
        return out
      },
      oldestPending: async (limit) => {
        const reply = checkReply(await db.collection(names.ledgerPending).where({ index: null }).orderBy('at', 'asc').orderBy('_id', 'asc').limit(Math.min(limit, IN_BATCH)).get())
        return (Array.isArray(reply.data) ? (reply.data as Array<Record<string, unknown>>) : []).map(({ _id, ...rest }) => {
          const { index: _i, ...p } = Pending.parse({ ...rest, id: _id })
          return p
        })
      },
      lease: async (owner, now, until) => {
        const cur = await leases.get(LEASE)
        if (!cur) return leases.insertOnce({ id: LEASE, owner, until })
        if (cur.owner !== owner && cur.until > now) return false
        if (cur.owner === owner && cur.until === until) return true
        return leases.patchIf(LEASE, { owner: cur.owner, until: cur.until }, { owner, until })
      },
      release: async (owner) => {
        await leases.patchIf(LEASE, { owner }, { until: 0 })
      },
      integrate: async (max, checkpoint) => {
        // Where this process left the head, without reading it: if another integrator moved it
        // further meanwhile, the batch it began at this size exists, is redone identically, and
        // the head's compare-and-set then tells (so the next step reads it).
        const from = edge && edge.size === lastMoved ? edge.size : (await headDoc()).size
        const rows = await batchAt(from, max)
        if (!rows) return null
        const to = from + rows.length
        // What the batch extends: the right edge's partial tiles and the partial bundle at `from`.
        const N0 = Math.floor(from / BUNDLE_SIZE)
        const w0 = bundleWidth(N0, from)
        // The right edge this process wrote last (tiles and bundles never change under their ids), or read.
        const [known, tail] =
          edge?.size === from
            ? [edge.nodes, edge.tail]
            : await Promise.all([
                tileNodes(partialTileIds(from)),
                w0 > 0 ? bundleEntries(N0 * BUNDLE_SIZE, from, from) : Promise.resolve([] as LedgerEntry[]),
              ])
        const { tiles, nodes } = extendTiles(from, rows.map((r) => r.leafHash), known)
        const all = [...tail.map((e) => ({ leaf: e.leaf, leafHash: e.leafHash, at: e.appendedAt })), ...rows.map((r) => ({ leaf: r.leaf, leafHash: r.leafHash, at: r.at }))]
        const writes: Array<() => Promise<unknown>> = []
        // Each pending document learns its index (a repeat writes the same value), in the same wave
        // as the bundles and tiles: all of it lands before the head moves. Its text stays: an
        // integrator redoing this batch after a crash rewrites the bundles from it.
        rows.forEach((r, i) => {
          if (r.index !== from + i) writes.push(() => pendings.patch(r.id, { index: from + i }))
        })
        for (let N = N0; N * BUNDLE_SIZE < to; N++) {
          const entries = all.slice(N * BUNDLE_SIZE - N0 * BUNDLE_SIZE, (N + 1) * BUNDLE_SIZE - N0 * BUNDLE_SIZE)
          writes.push(() => db.collection(names.ledgerEntries).doc(docId(bundleId(N, bundleWidth(N, to)))).set({ entries }).then(checkReply))
        }
        for (const [id, tileRows] of tiles) writes.push(() => db.collection(names.ledgerNodes).doc(docId(id)).set({ rows: tileRows }).then(checkReply))
        await inWaves(writes, (w) => w())
        const rootHash = edgeKeys(to).map((k) => nodes.get(`${k.level}:${k.index}`)!).reduceRight((acc, h) => nodeHashHex(h, acc))
        lastMoved = -1
        if (!(await heads.patchIf(HEAD, { size: from }, { size: to, rootHash }))) {
          // Another integrator finished this batch first: the same batch, so the same tree.
          if ((await head()) < to) throw new Error(`ledger head did not move past ${from}`)
        } else lastMoved = to
        const batch = { from, size: to, rootHash, ids: rows.map((r) => r.id) }
        const N1 = Math.floor(to / BUNDLE_SIZE)
        const edgeNodes = new Map<string, string>()
        for (const id of partialTileIds(to)) for (const k of tileKeys(id)) if (nodes.has(k)) edgeNodes.set(k, nodes.get(k)!)
        edge = { size: to, nodes: edgeNodes, tail: all.slice(N1 * BUNDLE_SIZE - N0 * BUNDLE_SIZE).map((e: { leaf: unknown; leafHash: unknown; at: unknown }, i: number) => ({ index: N1 * BUNDLE_SIZE + i, leaf: String(e.leaf), leafHash: String(e.leafHash), appendedAt: Number(e.at) })) }
        if (checkpoint) await recordCheckpoint(checkpoint(batch))
        return batch
      },
      size: head,
      entry: async (index) => {
        const size = await head()
        if (!Number.isSafeInteger(index) || index < 0 || index >= size) return null
        const [e] = await bundleEntries(index, index + 1, size)
        return e ? LedgerEntryRecord.parse(e) : null
      },
      // One `_.in` read of the tiles that hold the keys, at the head's widths.
      nodes: async (keys, atSize) => {
        // Nothing asked (a proof of a one-entry tree): no head read either.
        if (keys.length === 0) return new Map<string, string>()
        // A size the caller just read from the head: its tiles were written before the head reached it, never rewritten.
        const size = atSize ?? (await head())
        const want = new Set<string>()
        for (const key of keys) {
          const [level, index] = key.split(':').map(Number)
          const id = tileIdOfNode(level, index, size)
          if (id) want.add(id)
        }
        const got = await tileNodes([...want])
        const out = new Map<string, string>()
        for (const key of keys) {
          const h = got.get(key)
          if (h !== undefined && /^[0-9a-f]{64}$/.test(h)) out.set(key, h)
        }
        return out
      },
      entries: async (from, limit, atSize) => {
        const size = atSize ?? (await head())
        return bundleEntries(from, Math.min(from + Math.min(limit, IN_BATCH), size), size)
      },
      lastCheckpoint: async () => {
        const doc = await checkpoints.get(CHECKPOINT)
        keptCp = doc ?? 'absent'
        if (!doc) return null
        const { id: _id, ...cp } = doc
        return cp
      },
      recordCheckpoint,
    },
    systems: {
      ensure: async (s) => {
        if (await systems.insertOnce(s)) return
        // Registered already: bring the registration (key hash included) up to date, keep createdAt.
        const current = await systems.get(s.id)
        await systems.put({ ...s, createdAt: current?.createdAt ?? s.createdAt })
      },
      get: (id) => systems.get(id),
    },
    requests: {
      create: (r) => requests.insertOnce(r),
      get: (id) => requests.get(id),
      // Every change bumps `version`, so "matched" equals "modified" (DocTable.patchIf).
      replace: (next, expected) => requests.patchIf(next.id, { version: expected }, { parts: next.parts, version: next.version }),
      // By document id only (CLOUDBASE.md): `add` with the slot's _id lets exactly one caller create
      // it; a move is a conditional update on that id naming the request it replaces.
      openSlot: async (key) => (await slots.get(key))?.requestId ?? null,
      claimOpenSlot: (key, requestId) => slots.insertOnce({ id: key, requestId }),
      moveOpenSlot: (key, from, to) => slots.patchIf(key, { requestId: from }, { requestId: to }),
    },
    consents: {
      create: (c) => consents.insert(c),
      get: (id) => consents.get(id),
      listBySigner: (signerId) => consents.list({ signerId }, { by: 'grantedAt', dir: 'desc' }),
      revoke: (id, at) => consents.patchIf(id, { state: 'active' }, { state: 'revoked', revokedAt: at }),
      setRevokeIndex: async (id, index, ref) => void (await consents.patch(id, { revokeIndex: index, revokeRef: ref ?? null })),
    },
    notices: {
      // Content-addressed: an add under the hash; a duplicate key means the same text is kept already.
      put: async (n) => void (await notices.insertOnce(n)),
      get: (id) => notices.get(id),
      many: async (ids) => {
        const out = new Map<string, StoredNotice>()
        const unique = [...new Set(ids)]
        if (unique.length === 0) return out
        for (const row of await byIds(names.notices, unique)) {
          const n = NoticeRecord.safeParse(row)
          if (n.success) out.set(n.data.id, n.data)
        }
        return out
      },
    },
  }
}

const nodeHashHex = (l: string, r: string) => toHex(nodeHash(fromHex(l)!, fromHex(r)!))

const AUDIT_KINDS = ['entry-missing', 'leaf-text', 'node', 'checkpoint', 'checkpoint-ahead', 'checkpoint-signature', 'unreadable'] as const
/**
 * The cursor as one string, `<size>;<level>:<hash>,…`: node-sdk's `update` flattens a nested
 * object into `cursor.size`/`cursor.edge` (@cloudbase/database serializer/update.js), which the
 * database cannot apply over a `cursor: null`; a string field is replaced whole.
 */
const CursorText = z
  .string()
  .regex(/^\d{1,16};((\d{1,2}:[0-9a-f]{64})(,\d{1,2}:[0-9a-f]{64}){0,52})?$/)
  .transform((text) => {
    const [size, edge] = text.split(';')
    return {
      size: Number(size),
      edge: edge ? edge.split(',').map((e) => ({ level: Number(e.split(':')[0]), hash: e.split(':')[1] })) : [],
    }
  })
const cursorText = (t: LedgerAuditState['cursor']) => (t ? `${t.size};${t.edge.map((e) => `${e.level}:${e.hash}`).join(',')}` : null)
const AuditDoc = z.object({
  id: z.string(),
  seq: z.number().int().min(0),
  at: z.number(),
  entries: z.number().int().min(0),
  head: z.number().int().min(0),
  done: z.boolean(),
  ok: z.boolean(),
  firstBadIndex: z.number().int().min(0).nullable(),
  kind: z.enum(AUDIT_KINDS).nullable(),
  passStartedAt: z.number(),
  lastCleanAt: z.number().nullable(),
  cursor: CursorText.nullable(),
})
const AuditDocText = AuditDoc.extend({ cursor: z.string().nullable() })

/**
 * The scheduled audit's state as the document `ledger_head/audit` (docs/DEPLOY.md §7): one
 * conditional write on `seq` per run, so of two overlapping runs one saves and the other is told.
 */
export function createCloudBaseLedgerAuditRecord(db: DocDb, names: typeof CONSENT_COLLECTIONS = CONSENT_COLLECTIONS): LedgerAuditRecordStore {
  const docs = new DocTable(db, names.ledgerHead, 'id', AuditDocText)
  return {
    get: async () => {
      const doc = await docs.get(AUDIT)
      if (!doc) return null
      const { id: _id, ...state } = AuditDoc.parse(doc)
      return state
    },
    save: async (next) => {
      const fields = { ...next, cursor: cursorText(next.cursor) }
      return next.seq === 0 ? docs.insertOnce({ id: AUDIT, ...fields }) : docs.patchIf(AUDIT, { seq: next.seq - 1 }, fields)
    },
  }
}
