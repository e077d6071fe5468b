import { z } from 'zod'
import { appendNodes } from '../../domain/ledger/proofs'
import type { ConsentStores, LedgerAuditRecordStore, LedgerAuditState, LedgerEntry, StoredCheckpoint } from '../../ports/consentStores'
import { AuthRequestRecord, BusinessSystemRecord, CheckpointRecord, ConsentRecord, LedgerEntryLoose, LedgerEntryRecord } from '../consentSchemas'
import type { DocDb } from './docDb'
import { checkReply } from './dbErrors'
import { DocTable } from './docTable'

export const CONSENT_COLLECTIONS = {
  systems: 'consent_systems',
  requests: 'consent_requests',
  consents: 'consents',
  ledgerHead: 'ledger_head',
  ledgerEntries: 'ledger_entries',
  ledgerNodes: 'ledger_nodes',
  openSlots: 'consent_open_slots',
} as const

const Head = z.object({ id: z.string(), size: z.number().int().min(0) })
const Slot = z.object({ id: z.string(), requestId: z.string() })
const Node = z.object({ id: z.string(), hash: z.string().regex(/^[0-9a-f]{64}$/) })
type Entry = LedgerEntry & { id: string }
const EntryDoc: z.ZodType<Entry, z.ZodTypeDef, unknown> = z.intersection(z.object({ id: z.string() }), LedgerEntryRecord)
const HEAD = 'head'
/** The last signed checkpoint: a second document in the head collection (no new collection to create). */
const CHECKPOINT = 'checkpoint'
/** The scheduled full audit's state: a third document there. */
const AUDIT = 'audit'
type CheckpointDoc = StoredCheckpoint & { id: string }
const CheckpointDocSchema: z.ZodType<CheckpointDoc, z.ZodTypeDef, unknown> = z.intersection(z.object({ id: z.string() }), CheckpointRecord)
/** Ids per `where({ _id: _.in(ids) })`: the most one `get` returns (CLOUDBASE.md). */
const IN_BATCH = 1000
/** Entry ids sort like their index (`_id` order = log order). */
const entryId = (i: number) => String(i).padStart(12, '0')


/**
 * The consent Store ports over the CloudBase document database (CLOUDBASE.md: atomic steps by
 * document id only). The ledger append is three such steps:
 *
 * 1. read the head document (`size` = n);
 * 2. claim slot n by `add` with `_id` = n: the database lets exactly one caller create it, so two
 *    appenders can never share an index (no fork), and a loser simply retries at n + 1;
 * 3. finish slot n: write its perfect-subtree nodes (deterministic ids and contents, so a repeat
 *    is harmless) and move the head n → n + 1 by a conditional update on the head's id.
 *
 * Anyone who finds slot n taken finishes it before moving on, so an appender that dies between
 * steps 2 and 3 leaves no gap: the next appender completes its entry. Proofs read only below the
 * head, where every node exists. This is what a `runTransaction` over the head document would
 * give, without needing a `where` or a batch inside one.
 */
export function createCloudBaseConsentStores(db: DocDb, names: typeof CONSENT_COLLECTIONS = CONSENT_COLLECTIONS): ConsentStores {
  const systems = new DocTable(db, names.systems, 'id', BusinessSystemRecord)
  const requests = new DocTable(db, names.requests, 'id', AuthRequestRecord)
  const consents = new DocTable(db, names.consents, 'id', ConsentRecord)
  const heads = new DocTable(db, names.ledgerHead, 'id', Head)
  const entries = new DocTable(db, names.ledgerEntries, 'id', EntryDoc)
  const nodes = new DocTable(db, names.ledgerNodes, 'id', Node)
  const slots = new DocTable(db, names.openSlots, 'id', Slot)
  const checkpoints = new DocTable(db, names.ledgerHead, 'id', CheckpointDocSchema)

  /** Raw documents by id, 1,000 per `_.in` read, as stored (`_id` kept as `id`). */
  async function byIds(name: string, ids: string[]): Promise<Array<Record<string, unknown> & { id: string }>> {
    const out: Array<Record<string, unknown> & { id: string }> = []
    for (let i = 0; i < ids.length; i += IN_BATCH) {
      const chunk = ids.slice(i, i + IN_BATCH)
      const reply = checkReply(await db.collection(name).where({ _id: db.command.in(chunk) }).limit(IN_BATCH).get())
      const rows = Array.isArray(reply.data) ? (reply.data as Array<Record<string, unknown>>) : []
      for (const { _id, ...rest } of rows) out.push({ ...rest, id: String(_id) })
    }
    return out
  }

  async function head(): Promise<number> {
    const h = await heads.get(HEAD)
    if (h) return h.size
    await heads.insertOnce({ id: HEAD, size: 0 })
    return (await heads.get(HEAD))?.size ?? 0
  }

  /** Writes slot n's nodes and moves the head past it (idempotent; any caller may do it). */
  async function finish(n: number): Promise<void> {
    const entry = await entries.get(entryId(n))
    if (!entry) throw new Error(`ledger slot ${n} is missing`)
    // appendNodes reads only left siblings on the leaf's path, known from n alone.
    const need: string[] = []
    for (let level = 0, index = n; index % 2 === 1; level++, index = Math.floor(index / 2)) need.push(`${level}:${index - 1}`)
    const found = new Map<string, Uint8Array>()
    for (const key of need) {
      const doc = await nodes.get(key)
      if (doc) found.set(key, Buffer.from(doc.hash, 'hex'))
    }
    const rows = appendNodes(n, Buffer.from(entry.leafHash, 'hex'), (l, i) => found.get(`${l}:${i}`))
    for (const r of rows) await nodes.insertOnce({ id: `${r.level}:${r.index}`, hash: Buffer.from(r.hash).toString('hex') })
    await heads.patchIf(HEAD, { size: n }, { size: n + 1 })
  }

  return {
    ledger: {
      append: async (leaf, leafHash, at) => {
        for (let attempt = 0; attempt < 5000; attempt++) {
          const n = await head()
          const mine = await entries.insertOnce({ id: entryId(n), index: n, leaf, leafHash, appendedAt: at })
          await finish(n)
          if (mine) return { index: n }
        }
        throw new Error('ledger append did not settle')
      },
      size: head,
      entry: async (index) => {
        const e = await entries.get(entryId(index))
        if (!e || index >= (await head())) return null
        const { id: _id, ...rest } = e
        return rest
      },
      // One `_.in` read per 1,000 keys instead of one read per node.
      nodes: async (keys) => {
        const out = new Map<string, string>()
        for (const doc of await byIds(names.ledgerNodes, [...new Set(keys)])) {
          const parsed = Node.safeParse(doc)
          if (parsed.success) out.set(parsed.data.id, parsed.data.hash)
        }
        return out
      },
      entries: async (from, limit) => {
        const end = Math.min(from + Math.min(limit, IN_BATCH), await head())
        const ids: string[] = []
        for (let i = from; i < end; i++) ids.push(entryId(i))
        const rows = (await byIds(names.ledgerEntries, ids)).map(({ id: _id, ...rest }) => LedgerEntryLoose.parse(rest))
        return rows.filter((e) => e.index >= from && e.index < end).sort((a, b) => a.index - b.index)
      },
      lastCheckpoint: async () => {
        const doc = await checkpoints.get(CHECKPOINT)
        if (!doc) return null
        const { id: _id, ...cp } = doc
        return cp
      },
      // Compare-and-set on the kept document's fields (by id, CLOUDBASE.md): forward only, and a
      // lost race rereads, so concurrent signers never move it backwards.
      recordCheckpoint: async (cp) => {
        for (let attempt = 0; attempt < 100; attempt++) {
          const kept = await checkpoints.get(CHECKPOINT)
          if (!kept) {
            if (await checkpoints.insertOnce({ id: CHECKPOINT, ...cp })) return true
            continue
          }
          const forward = cp.size > kept.size || (cp.size === kept.size && cp.rootHash === kept.rootHash && cp.timestamp >= kept.timestamp)
          if (!forward) return false
          if (cp.size === kept.size && cp.timestamp === kept.timestamp && cp.note === kept.note) return true
          const { id: _id, ...was } = kept
          if (await checkpoints.patchIf(CHECKPOINT, was, cp)) return true
        }
        return false
      },
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
      setRevokeIndex: async (id, index) => void (await consents.patch(id, { revokeIndex: index })),
    },
  }
}

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
