import { auditedRoot, auditStep, EMPTY_TREE, nodeKeysOfAppend, type AuditedTree, type AuditProblem } from '../../domain/ledger/audit'
import { openCheckpoint } from '../../domain/ledger/checkpoint'
import type { LedgerStore } from '../../ports/consentStores'

/** Entries per store read: the most one CloudBase `get` returns (CLOUDBASE.md). */
export const AUDIT_PAGE = 1000

export type AuditReport =
  | { ok: true; size: number; rootHash: string; tree: AuditedTree; checkpointSize: number | null }
  | { ok: false; problem: AuditProblem; tree: AuditedTree }

/**
 * Audits the ledger from `from` (the last good audited state; the empty tree for a full audit) up
 * to the store's head, a page at a time: the entries, then the nodes those entries wrote (one
 * `nodes` call per page), through the pure auditStep. With `key`, the kept checkpoint's signature
 * is checked too, so a rewritten checkpoint row cannot vouch for rewritten entries.
 */
export async function auditLedger(
  ledger: LedgerStore,
  opts: { from?: AuditedTree; key?: { keyName: string; publicKey: Uint8Array }; pageSize?: number } = {},
): Promise<AuditReport> {
  const page = Math.min(opts.pageSize ?? AUDIT_PAGE, AUDIT_PAGE)
  const kept = await ledger.lastCheckpoint()
  const size = await ledger.size()
  let tree = opts.from ?? EMPTY_TREE
  if (kept && opts.key) {
    const opened = openCheckpoint(kept.note, opts.key.keyName, opts.key.publicKey)
    if (!opened.ok || opened.checkpoint.size !== kept.size || opened.checkpoint.rootHash !== kept.rootHash) {
      return { ok: false, problem: { kind: 'checkpoint-signature', index: null, size: kept.size }, tree }
    }
  }
  if (kept && kept.size > size) return { ok: false, problem: { kind: 'checkpoint-ahead', index: size, size: kept.size }, tree }
  // A checkpoint the state has passed was compared when it was reached (or signed from it).
  const checkpoint = kept && kept.size >= tree.size ? { size: kept.size, rootHash: kept.rootHash } : null
  while (true) {
    const want = Math.min(page, size - tree.size)
    const entries = want > 0 ? await ledger.entries(tree.size, want) : []
    const keys = entries.flatMap((e) => nodeKeysOfAppend(e.index))
    const nodes = keys.length > 0 ? await ledger.nodes(keys) : new Map<string, string>()
    const step = auditStep(tree, entries, (l, i) => nodes.get(`${l}:${i}`), checkpoint)
    if (!step.ok) return step
    // Fewer entries than asked below the head: the next index is missing.
    if (entries.length < want) return { ok: false, problem: { kind: 'entry-missing', index: step.tree.size }, tree: step.tree }
    tree = step.tree
    if (tree.size >= size) break
  }
  return { ok: true, size: tree.size, rootHash: auditedRoot(tree), tree, checkpointSize: kept?.size ?? null }
}
