import { auditedRoot, auditStep, describeProblem, edgeKeys, EMPTY_TREE, nodeKeysOfAppend, pureHashes, resumeAt, type AuditEntry } from '../../cloudfunctions/domain/ledger/audit'
import { nodeHashes } from '../../cloudfunctions/services/consent/ledgerAudit'
import { toHex } from '../../cloudfunctions/domain/ledger/hash'
import { encodeLeaf, fieldSetHash, leafHashOfText } from '../../cloudfunctions/domain/ledger/leaf'
import { appendNodes, lookupOfLeaves, rootOf } from '../../cloudfunctions/domain/ledger/proofs'
import { MTH } from '../../cloudfunctions/domain/ledger/reference'

/** The pure audit: leaves re-derived from their text, the tree rebuilt, stored nodes and checkpoint compared. */
const text = (i: number) => encodeLeaf({ v: 1, consent: `c${i}`, action: 'grant', fields: fieldSetHash(['address']), actor: 'a'.repeat(32), at: 1000 + i })
const N = 45
const texts = Array.from({ length: N }, (_, i) => text(i))
const entries = (): AuditEntry[] => texts.map((leaf, index) => ({ index, leaf, leafHash: toHex(leafHashOfText(leaf)) }))
const at = lookupOfLeaves(texts.map(leafHashOfText))
/** The node rows the store keeps, as hex by `level:index`. */
function storedNodes(): Map<string, string> {
  const m = new Map<string, string>()
  for (let level = 0; level < 7; level++) for (let i = 0; i < N; i++) { const h = at(level, i); if (h) m.set(`${level}:${i}`, toHex(h)) }
  return m
}
const lookup = (m: Map<string, string>) => (l: number, i: number) => m.get(`${l}:${i}`)
const enc = new TextEncoder()
const referenceRoot = (n: number) => toHex(MTH(texts.slice(0, n).map((t) => enc.encode(t))))

describe('ledger audit (pure)', () => {
  it('a clean ledger: every size rebuilds the reference root, and a matching checkpoint passes', () => {
    for (const n of [0, 1, 2, 3, 7, 8, 31, 32, 33, N]) {
      const r = auditStep(EMPTY_TREE, entries().slice(0, n), lookup(storedNodes()), { size: n, rootHash: referenceRoot(n) })
      if (!r.ok) throw new Error(`${n}: ${describeProblem(r.problem)}`)
      expect([r.tree.size, auditedRoot(r.tree)]).toEqual([n, referenceRoot(n)])
    }
  })

  it('incremental: auditing in pages from the kept state gives the same tree as one pass', () => {
    let tree = EMPTY_TREE
    for (let from = 0; from < N; from += 6) {
      const r = auditStep(tree, entries().slice(from, from + 6), lookup(storedNodes()), { size: 20, rootHash: referenceRoot(20) })
      if (!r.ok) throw new Error(describeProblem(r.problem))
      tree = r.tree
    }
    expect(auditedRoot(tree)).toBe(toHex(rootOf(N, at)))
  })

  it('the server\'s native hashes are byte for byte the device\'s (leaf texts with non-ASCII and lone surrogates too)', () => {
    for (const t of [texts[0], '', '授权记录', 'a\ud800b', '\u{1F600}']) expect(nodeHashes.leaf(t)).toBe(pureHashes.leaf(t))
    const [a, b] = [pureHashes.leaf('x'), pureHashes.leaf('y')]
    expect(nodeHashes.node(a, b)).toBe(pureHashes.node(a, b))
    const r = auditStep(EMPTY_TREE, entries(), lookup(storedNodes()), { size: N, rootHash: referenceRoot(N) }, nodeHashes)
    expect(r.ok && auditedRoot(r.tree, nodeHashes)).toBe(referenceRoot(N))
  })

  it('the node keys of an append are exactly the rows appendNodes writes', () => {
    for (const i of [0, 1, 2, 3, 7, 15, 22, 44]) {
      expect(nodeKeysOfAppend(i)).toEqual(appendNodes(i, leafHashOfText(texts[i]), at).map((r) => `${r.level}:${r.index}`))
    }
  })

  it('a changed byte in a leaf text: the first bad index, as 记录被改动', () => {
    const e = entries()
    e[13] = { ...e[13], leaf: e[13].leaf.replace('"c13"', '"c14"') }
    e[30] = { ...e[30], leaf: e[30].leaf.replace('1030', '1031') }
    const r = auditStep(EMPTY_TREE, e, lookup(storedNodes()), null)
    expect(r).toMatchObject({ ok: false, problem: { kind: 'leaf-text', index: 13 }, tree: { size: 13 } })
    if (!r.ok) expect(describeProblem(r.problem)).toContain('记录被改动')
  })

  it('text and leaf hash rewritten together: the stored leaf node differs; an interior node changed: named too', () => {
    const e = entries()
    const forged = e[9].leaf.replace('grant', 'read')
    e[9] = { index: 9, leaf: forged, leafHash: toHex(leafHashOfText(forged)) }
    expect(auditStep(EMPTY_TREE, e, lookup(storedNodes()), null)).toMatchObject({ ok: false, problem: { kind: 'node', index: 9, level: 0, node: 9 } })
    const nodes = storedNodes()
    nodes.set('2:3', 'ff'.repeat(32)) // leaves 12..15: completed by the append of 15
    expect(auditStep(EMPTY_TREE, entries(), lookup(nodes), null)).toMatchObject({ ok: false, problem: { kind: 'node', index: 15, level: 2, node: 3 } })
    nodes.delete('2:3')
    expect(auditStep(EMPTY_TREE, entries(), lookup(nodes), null)).toMatchObject({ ok: false, problem: { kind: 'node', index: 15 } })
  })

  it('entries and nodes rewritten consistently are caught only by the signed checkpoint', () => {
    const forgedTexts = texts.slice()
    forgedTexts[4] = forgedTexts[4].replace('grant', 'read')
    const forgedAt = lookupOfLeaves(forgedTexts.map(leafHashOfText))
    const e = forgedTexts.map((leaf, index) => ({ index, leaf, leafHash: toHex(leafHashOfText(leaf)) }))
    const nodes = (l: number, i: number) => { const h = forgedAt(l, i); return h ? toHex(h) : undefined }
    expect(auditStep(EMPTY_TREE, e, nodes, null).ok).toBe(true)
    const r = auditStep(EMPTY_TREE, e, nodes, { size: 20, rootHash: referenceRoot(20) })
    expect(r).toMatchObject({ ok: false, problem: { kind: 'checkpoint', index: null, size: 20 }, tree: { size: 20 } })
  })

  it('resumes at a signed checkpoint from its right edge: the same tree as a full pass, and a rewritten subtree fails', () => {
    expect(edgeKeys(45)).toEqual([{ level: 5, index: 0 }, { level: 3, index: 4 }, { level: 2, index: 10 }, { level: 0, index: 44 }])
    expect(edgeKeys(0)).toEqual([])
    const full = auditStep(EMPTY_TREE, entries().slice(0, 40), lookup(storedNodes()), null)
    const resumed = resumeAt({ size: 40, rootHash: referenceRoot(40) }, lookup(storedNodes()))
    expect(resumed).toEqual(full)
    if (!resumed.ok) throw new Error('resume failed')
    expect(auditStep(resumed.tree, entries().slice(40), lookup(storedNodes()), null)).toMatchObject({ ok: true, tree: { size: N } })
    // Leaf 5 rewritten with all its ancestors: the edge node over 0..31 changes, the signed root does not.
    const forged = texts.slice()
    forged[5] = forged[5].replace('grant', 'read')
    const forgedAt = lookupOfLeaves(forged.map(leafHashOfText))
    const forgedNode = (l: number, i: number) => { const h = forgedAt(l, i); return h ? toHex(h) : undefined }
    expect(resumeAt({ size: 40, rootHash: referenceRoot(40) }, forgedNode)).toMatchObject({ ok: false, problem: { kind: 'checkpoint', size: 40 } })
    const missing = storedNodes()
    missing.delete('3:4')
    expect(resumeAt({ size: 40, rootHash: referenceRoot(40) }, lookup(missing))).toMatchObject({ ok: false, problem: { kind: 'node', index: 39, level: 3, node: 4 } })
  })

  it('a missing or out-of-order entry is reported at the index where it should be', () => {
    const e = entries()
    e.splice(5, 1)
    expect(auditStep(EMPTY_TREE, e, lookup(storedNodes()), null)).toMatchObject({ ok: false, problem: { kind: 'entry-missing', index: 5 } })
  })
})
