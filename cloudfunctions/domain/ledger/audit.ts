import { emptyRoot, fromHex, nodeHash, toHex } from './hash'
import { decodeLeaf, leafHashOfText } from './leaf'

/**
 * The ledger's self-audit, so that it notices its own tampering: re-derive every
 * leaf hash from the stored leaf text, rebuild the RFC 6962 tree from those hashes alone, and
 * compare every perfect-subtree node the store keeps (proofs.ts storage shape) and the root of the
 * last signed checkpoint with the rebuilt ones. Pure: the service feeds it pages of entries and
 * the stored nodes they produced; it returns the first bad index and what is wrong there.
 *
 * Incremental: the rebuilt tree is carried as its right edge (the perfect subtrees whose sizes are
 * the binary digits of `size`, largest first, as in a compact range), so auditing entries
 * n..m needs only the state after n and those entries, never the older ones again.
 */
export interface AuditedTree {
  /** Entries audited so far (indexes 0..size-1). */
  size: number
  /** Hex hashes of the right-edge perfect subtrees, largest (leftmost) first. */
  edge: Array<{ level: number; hash: string }>
}

export const EMPTY_TREE: AuditedTree = { size: 0, edge: [] }

export interface AuditEntry {
  index: number
  leaf: string
  leafHash: string
}

export type AuditProblem =
  /** No entry at this index below the head (a deleted row, or indexes out of order). */
  | { kind: 'entry-missing'; index: number }
  /** The stored leaf text no longer hashes to the stored leaf hash: the record was altered. */
  | { kind: 'leaf-text'; index: number }
  /** A stored node (level 0: the leaf hash in the tree) is missing or differs from the rebuilt one. */
  | { kind: 'node'; index: number; level: number; node: number }
  /** The rebuilt root of the first `size` entries differs from the signed checkpoint's. The
   * entries agree with the stored nodes, so the bad index is somewhere below `size`: `index` is null. */
  | { kind: 'checkpoint'; index: null; size: number }
  /** The kept checkpoint names more entries than the ledger has: entries from `index` on are gone. */
  | { kind: 'checkpoint-ahead'; index: number; size: number }
  /** The kept checkpoint's signature does not check out under the ledger's key. */
  | { kind: 'checkpoint-signature'; index: null; size: number }
  /** The store could not be read to the end (e.g. a corrupted database file): `what` is the error's name. */
  | { kind: 'unreadable'; index: null; what: string }
  /**
   * The leaf at `index` names a 授权说明 (its `notice` hash) that is not kept ('missing'), or whose
   * kept text no longer hashes to it ('altered'): what the holder agreed to was lost or changed.
   */
  | { kind: 'notice'; index: number; what: 'missing' | 'altered' }

/**
 * The two RFC 6962 hashes the audit computes, over hex. The default is this module's own (noble,
 * the code the device runs); a server passes a native SHA-256 with the same output (the service
 * does: node:crypto is ~20× faster per small input, and the audit hashes ~2 inputs per entry).
 */
export interface AuditHashes {
  leaf(text: string): string
  node(leftHex: string, rightHex: string): string
}

export const pureHashes: AuditHashes = {
  leaf: (text) => toHex(leafHashOfText(text)),
  node: (l, r) => toHex(nodeHash(fromHex(l)!, fromHex(r)!)),
}

export type AuditStep = { ok: true; tree: AuditedTree } | { ok: false; problem: AuditProblem; tree: AuditedTree }

/** Root of the audited tree: fold the edge from the right (RFC 6962 §2.1, proofs.ts rangeHash). */
export function auditedRoot(tree: AuditedTree, hashes: AuditHashes = pureHashes): string {
  if (tree.edge.length === 0) return toHex(emptyRoot())
  return tree.edge.map((e) => e.hash).reduceRight((acc, h) => hashes.node(h, acc))
}

/** The node keys (`level:index`) appending leaf `index` writes (proofs.ts appendNodes), from the index alone. */
export function nodeKeysOfAppend(index: number): string[] {
  const keys = [`0:${index}`]
  for (let level = 0, i = index; i % 2 === 1; level++, i = Math.floor(i / 2)) keys.push(`${level + 1}:${Math.floor(i / 2)}`)
  return keys
}

/** The perfect subtrees (`level:index`) whose hashes make the right edge of a tree of `size`, largest first. */
export function edgeKeys(size: number): Array<{ level: number; index: number }> {
  const out: Array<{ level: number; index: number }> = []
  let start = 0
  for (let level = 52; level >= 0; level--) {
    const span = 2 ** level
    if (start + span <= size) {
      out.push({ level, index: start / span })
      start += span
    }
  }
  return out
}

/**
 * Resumes the audit at a signed checkpoint instead of at the empty tree: its right edge read from the
 * stored nodes must fold to the checkpoint's root. Every leaf below `size` lies under one edge node,
 * so a leaf rewritten together with its ancestors changes that node and fails here; a leaf text
 * changed alone is caught when that entry is proven (and by a full audit).
 */
export function resumeAt(
  checkpoint: { size: number; rootHash: string },
  storedNode: (level: number, index: number) => string | undefined,
  hashes: AuditHashes = pureHashes,
): AuditStep {
  const edge: AuditedTree['edge'] = []
  for (const k of edgeKeys(checkpoint.size)) {
    const hash = storedNode(k.level, k.index)
    if (hash === undefined) return { ok: false, problem: { kind: 'node', index: (k.index + 1) * 2 ** k.level - 1, level: k.level, node: k.index }, tree: EMPTY_TREE }
    edge.push({ level: k.level, hash })
  }
  const tree = { size: checkpoint.size, edge }
  return auditedRoot(tree, hashes) === checkpoint.rootHash
    ? { ok: true, tree }
    : { ok: false, problem: { kind: 'checkpoint', index: null, size: checkpoint.size }, tree: EMPTY_TREE }
}

/**
 * Audits `entries` (the next ones after `tree`, in index order) against the stored nodes and, when
 * the tree reaches its size, the checkpoint. Stops at the first problem; `tree` is then the last
 * good state (everything before the bad index).
 */
export function auditStep(
  tree: AuditedTree,
  entries: readonly AuditEntry[],
  storedNode: (level: number, index: number) => string | undefined,
  checkpoint: { size: number; rootHash: string } | null,
  hashes: AuditHashes = pureHashes,
): AuditStep {
  let size = tree.size
  let edge = tree.edge.slice()
  const state = (): AuditedTree => ({ size, edge })
  const rootCheck = (): AuditStep | null =>
    checkpoint && checkpoint.size === size && auditedRoot(state(), hashes) !== checkpoint.rootHash
      ? { ok: false, problem: { kind: 'checkpoint', index: null, size }, tree: state() }
      : null
  if (size === 0) {
    const bad = rootCheck()
    if (bad) return bad
  }
  for (const e of entries) {
    const index = size
    if (e.index !== index) return { ok: false, problem: { kind: 'entry-missing', index }, tree: state() }
    const derived = hashes.leaf(e.leaf)
    if (e.leafHash !== derived) return { ok: false, problem: { kind: 'leaf-text', index }, tree: state() }
    // Append the re-derived leaf to the rebuilt edge; every node it completes must be stored as is.
    const next = edge.slice()
    let top = { level: 0, hash: derived }
    let at = index
    const checks: Array<{ level: number; node: number; hash: string }> = [{ level: 0, node: index, hash: derived }]
    while (at % 2 === 1) {
      const left = next.pop()!
      top = { level: top.level + 1, hash: hashes.node(left.hash, top.hash) }
      at = Math.floor(at / 2)
      checks.push({ level: top.level, node: at, hash: top.hash })
    }
    next.push(top)
    for (const c of checks) {
      if (storedNode(c.level, c.node) !== c.hash) return { ok: false, problem: { kind: 'node', index, level: c.level, node: c.node }, tree: state() }
    }
    edge = next
    size += 1
    const bad = rootCheck()
    if (bad) return bad
  }
  return { ok: true, tree: state() }
}

/** The 授权说明 hashes the leaves of `entries` name (a leaf that does not decode names none: auditStep flags it). */
export function noticeHashesOf(entries: readonly AuditEntry[]): string[] {
  const out = new Set<string>()
  for (const e of entries) {
    const n = decodeLeaf(e.leaf)?.notice
    if (n) out.add(n)
  }
  return [...out]
}

/**
 * The first entry (in index order) whose leaf names a 授权说明 that `kept` does not have, or whose
 * kept text does not hash (`hashText`, hex SHA-256) to the hash named. Indexes only in the answer.
 */
export function firstNoticeProblem(entries: readonly AuditEntry[], kept: (hash: string) => string | undefined, hashText: (text: string) => string): Extract<AuditProblem, { kind: 'notice' }> | null {
  for (const e of entries) {
    const n = decodeLeaf(e.leaf)?.notice
    if (!n) continue
    const text = kept(n)
    if (text === undefined) return { kind: 'notice', index: e.index, what: 'missing' }
    if (hashText(text) !== n) return { kind: 'notice', index: e.index, what: 'altered' }
  }
  return null
}

/** One line a person can act on, for the CLI and the local cloud's start (no personal data: indexes only). */
export function describeProblem(p: AuditProblem): string {
  switch (p.kind) {
    case 'entry-missing':
      return `第 ${p.index} 条（index ${p.index}）缺失：账本条目被删除或错位`
    case 'leaf-text':
      return `第 ${p.index} 条（index ${p.index}）记录被改动：存储的记录内容与其叶哈希（leafHash）不符`
    case 'node':
      return `第 ${p.index} 条（index ${p.index}）之后的树节点被改动：存储的节点 ${p.level}:${p.node} 与重建的不符`
    case 'checkpoint':
      return `前 ${p.size} 条的根哈希与最近签名的检查点不符：${p.size} 条以内的记录及其节点被一并改写`
    case 'checkpoint-ahead':
      return `最近签名的检查点有 ${p.size} 条，账本只剩 ${p.index} 条：第 ${p.index} 条（index ${p.index}）起的记录被删除`
    case 'checkpoint-signature':
      return `保存的检查点（${p.size} 条）签名无效：检查点被改动`
    case 'unreadable':
      return `账本无法完整读取（${p.what}）：数据库文件可能已损坏`
    case 'notice':
      return p.what === 'missing'
        ? `第 ${p.index} 条（index ${p.index}）记录的授权说明缺失：说明库中没有该记录所载哈希的授权说明`
        : `第 ${p.index} 条（index ${p.index}）记录的授权说明被改动：存储的授权说明与该记录所载哈希不符`
  }
}
