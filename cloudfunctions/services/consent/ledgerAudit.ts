import { createHash } from 'node:crypto'
import { auditedRoot, auditStep, edgeKeys, EMPTY_TREE, nodeKeysOfAppend, resumeAt, type AuditedTree, type AuditHashes, type AuditProblem } from '../../domain/ledger/audit'
import { openCheckpoint } from '../../domain/ledger/checkpoint'
import type { LedgerStore, StoredCheckpoint } from '../../ports/consentStores'

/** Entries per store read: the most one CloudBase `get` returns (CLOUDBASE.md). */
export const AUDIT_PAGE = 1000

const LEAF = Buffer.from([0x00])
const NODE = Buffer.from([0x01])
/** RFC 6962 §2.1 with node:crypto's SHA-256 (same bytes as domain/ledger/hash.ts; test/unit/ledger.audit.test.ts compares them). */
export const nodeHashes: AuditHashes = {
  leaf: (text) => createHash('sha256').update(LEAF).update(text, 'utf8').digest('hex'),
  node: (l, r) => createHash('sha256').update(NODE).update(Buffer.from(l, 'hex')).update(Buffer.from(r, 'hex')).digest('hex'),
}

export type AuditReport =
  | {
      ok: true
      size: number
      rootHash: string
      tree: AuditedTree
      checkpointSize: number | null
      checkpointNote: string | null
      /** The ledger's size when the audit began: `size` falls short of it only when `stop` cut the audit short. */
      head: number
    }
  | { ok: false; problem: AuditProblem; tree: AuditedTree }

/**
 * Audits the ledger from `from` (the last good audited state; the empty tree for a full audit) up
 * to the store's head, a page at a time: the entries, then the nodes those entries wrote (one
 * `nodes` call per page), through the pure auditStep. With `key`, the kept checkpoint's signature
 * is checked too, so a rewritten checkpoint row cannot vouch for rewritten entries.
 */
export async function auditLedger(
  ledger: LedgerStore,
  opts: {
    from?: AuditedTree
    key?: { keyName: string; publicKey: Uint8Array }
    pageSize?: number
    verifiedNote?: string
    /** Start at the kept checkpoint (its signature checked, its edge folded to its root) when there is no `from`. */
    resume?: boolean
    /**
     * Asked after every page with the state so far: true ends the audit there, clean up to
     * `tree.size` (the scheduled audit's time budget, services/consent/scheduledAudit.ts).
     */
    stop?: (tree: AuditedTree) => boolean
    /** Told the head as soon as it is read, so a caller can start reads that need only the size (a proof's records). */
    onHead?: (size: number, kept: StoredCheckpoint | null) => void
  } = {},
): Promise<AuditReport> {
  const page = Math.min(opts.pageSize ?? AUDIT_PAGE, AUDIT_PAGE)
  // In this order, never together: the integrator moves the head before it keeps the batch's
  // checkpoint, so a checkpoint read first is never ahead of the head read after it.
  const kept = await ledger.lastCheckpoint()
  const size = await ledger.size()
  opts.onHead?.(size, kept)
  let tree = opts.from ?? EMPTY_TREE
  // `verifiedNote`: a note this caller signed or checked already (an Ed25519 verify is ~1 ms).
  if (kept && opts.key && kept.note !== opts.verifiedNote) {
    const opened = openCheckpoint(kept.note, opts.key.keyName, opts.key.publicKey)
    if (!opened.ok || opened.checkpoint.size !== kept.size || opened.checkpoint.rootHash !== kept.rootHash) {
      return { ok: false, problem: { kind: 'checkpoint-signature', index: null, size: kept.size }, tree }
    }
  }
  if (kept && kept.size > size) return { ok: false, problem: { kind: 'checkpoint-ahead', index: size, size: kept.size }, tree }
  // The head moved back below what was audited: entries from `size` on are gone.
  if (tree.size > size) return { ok: false, problem: { kind: 'entry-missing', index: size }, tree }
  if (opts.resume && !opts.from && kept && opts.key && kept.size > 0) {
    const keys = edgeKeys(kept.size).map((k) => `${k.level}:${k.index}`)
    const nodes = await ledger.nodes(keys)
    const resumed = resumeAt(kept, (l, i) => nodes.get(`${l}:${i}`), nodeHashes)
    if (!resumed.ok) return resumed
    tree = resumed.tree
  }
  // A checkpoint the state has passed was compared when it was reached (or signed from it).
  const checkpoint = kept && kept.size >= tree.size ? { size: kept.size, rootHash: kept.rootHash } : null
  while (true) {
    const want = Math.min(page, size - tree.size)
    // At the head read above: the store need not read it again per page.
    const entries = want > 0 ? await ledger.entries(tree.size, want, size) : []
    const keys = entries.flatMap((e) => nodeKeysOfAppend(e.index))
    const nodes = keys.length > 0 ? await ledger.nodes(keys, size) : new Map<string, string>()
    const step = auditStep(tree, entries, (l, i) => nodes.get(`${l}:${i}`), checkpoint, nodeHashes)
    if (!step.ok) return step
    // Fewer entries than asked below the head: the next index is missing.
    if (entries.length < want) return { ok: false, problem: { kind: 'entry-missing', index: step.tree.size }, tree: step.tree }
    tree = step.tree
    if (tree.size >= size || opts.stop?.(tree)) break
  }
  return { ok: true, size: tree.size, rootHash: auditedRoot(tree, nodeHashes), tree, checkpointSize: kept?.size ?? null, checkpointNote: kept?.note ?? null, head: size }
}
