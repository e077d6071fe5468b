import fc from 'fast-check'
import { leafHash, nodeHash, toHex, type Hash } from '../../cloudfunctions/domain/ledger/hash'
import {
  appendNodes, consistencyProof, inclusionProof, lookupOfLeaves, rootOf, verifyConsistency, verifyInclusion, type NodeLookup,
} from '../../cloudfunctions/domain/ledger/proofs'
import { MTH, PATH, PROOF } from '../../cloudfunctions/domain/ledger/reference'

/** The fast, store-backed code against the literal RFC 6962 §2.1 reference (no vectors needed). */
const entriesOf = (seed: string, n: number) => Array.from({ length: n }, (_, i) => new TextEncoder().encode(`${seed}/${i}`))

/** A node store filled only through appendNodes, as the store adapter will fill it. */
function storeOf(entries: Uint8Array[]) {
  const rows = new Map<string, Hash>()
  let reads = 0
  const at: NodeLookup = (level, index) => { reads += 1; return rows.get(`${level}:${index}`) }
  entries.forEach((e, size) => {
    for (const r of appendNodes(size, leafHash(e), at)) rows.set(`${r.level}:${r.index}`, r.hash)
  })
  return { at, rows, reads: () => reads, resetReads: () => { reads = 0 } }
}

const hex = (hs: Hash[]) => hs.map(toHex)
const flip = (proof: Hash[], i: number, bit: number) =>
  proof.map((h, j) => (j === i ? h.map((b, k) => (k === bit >> 3 ? b ^ (1 << (bit & 7)) : b)) : h))
const logBound = (n: number) => 3 * Math.ceil(Math.log2(n + 1)) + 2

const tree = fc.record({ seed: fc.string(), n: fc.integer({ min: 1, max: 300 }) })
  .chain(({ seed, n }) => fc.record({ seed: fc.constant(seed), n: fc.constant(n), a: fc.nat(n - 1), b: fc.nat(n - 1), bit: fc.nat(255) }))

describe('ledger Merkle tree vs RFC 6962 reference', () => {
  it('empty tree root is SHA-256 of nothing', () => {
    expect(toHex(rootOf(0, () => undefined))).toBe(toHex(MTH([])))
  })

  it('appendNodes-built stores give the reference roots for every prefix, and fewer than 2n rows', () => {
    fc.assert(fc.property(tree, ({ seed, n, a }) => {
      const entries = entriesOf(seed, n)
      const s = storeOf(entries)
      expect(s.rows.size).toBeLessThan(2 * n)
      for (const m of [n, a + 1]) expect(toHex(rootOf(m, s.at))).toBe(toHex(MTH(entries.slice(0, m))))
      expect(toHex(rootOf(n, lookupOfLeaves(entries.map(leafHash))))).toBe(toHex(MTH(entries)))
    }), { numRuns: 150 })
  })

  it('inclusion proofs equal PATH, verify, cost O(log n) reads, and fail when tampered', () => {
    fc.assert(fc.property(tree, ({ seed, n, a, b, bit }) => {
      const entries = entriesOf(seed, n)
      const s = storeOf(entries)
      const root = rootOf(n, s.at)
      const leaf = leafHash(entries[a])
      s.resetReads()
      const proof = inclusionProof(a, n, s.at)
      expect(s.reads()).toBeLessThanOrEqual(logBound(n))
      expect(hex(proof)).toEqual(hex(PATH(a, entries)))
      expect(verifyInclusion(a, n, leaf, proof, root)).toEqual({ ok: true })
      if (proof.length > 0) expect(verifyInclusion(a, n, leaf, flip(proof, b % proof.length, bit), root).ok).toBe(false)
      expect(verifyInclusion(a, n, leaf.map((x, k) => (k === 0 ? x ^ 1 : x)), proof, root).ok).toBe(false)
      expect(verifyInclusion(a, n, leaf, [...proof, root], root).ok).toBe(false)
      if (proof.length > 0) expect(verifyInclusion(a, n, leaf, proof.slice(1), root).ok).toBe(false)
      if (b !== a) expect(verifyInclusion(b, n, leaf, proof, root).ok).toBe(false)
      // another size, with that size's own root: the proof is for a different tree
      if (b + 1 !== n && a <= b) expect(verifyInclusion(a, b + 1, leaf, proof, rootOf(b + 1, s.at)).ok).toBe(false)
    }), { numRuns: 200 })
  })

  it('consistency proofs equal PROOF, verify, cost O(log n) reads, and fail when tampered', () => {
    fc.assert(fc.property(tree, ({ seed, n, a, b, bit }) => {
      const entries = entriesOf(seed, n)
      const s = storeOf(entries)
      const m = a + 1
      const [root1, root2] = [rootOf(m, s.at), rootOf(n, s.at)]
      s.resetReads()
      const proof = consistencyProof(m, n, s.at)
      expect(s.reads()).toBeLessThanOrEqual(logBound(n))
      expect(hex(proof)).toEqual(hex(PROOF(m, entries)))
      expect(verifyConsistency(m, n, root1, root2, proof)).toEqual({ ok: true })
      if (proof.length > 0) expect(verifyConsistency(m, n, root1, root2, flip(proof, b % proof.length, bit)).ok).toBe(false)
      if (m < n) {
        expect(verifyConsistency(m, n, root2, root1, proof).ok).toBe(false)
        expect(verifyConsistency(m, n, root1, root2, proof.slice(0, -1)).ok).toBe(false)
        expect(verifyConsistency(m, n, root1, root2, [...proof, root1]).ok).toBe(false)
      }
      // other sizes, each with its own true root: the statement holds but this proof is not its proof
      // (with the original roots a wrong size can still pass; the size is bound by the root, not the proof)
      if (b + 1 !== m) expect(verifyConsistency(b + 1, n, rootOf(b + 1, s.at), root2, proof).ok).toBe(false)
      if (m < n - 1) expect(verifyConsistency(m, n - 1, root1, rootOf(n - 1, s.at), proof).ok).toBe(false)
    }), { numRuns: 200 })
  })

  it('rejects malformed input with a reason instead of throwing', () => {
    const h = new Uint8Array(32)
    const bad = [[-1, 1], [0.5, 1], [NaN, 1], [0, 2 ** 60], ['0' as never, 1]] as const
    for (const [i, n] of bad) expect(verifyInclusion(i, n, h, [], h)).toEqual({ ok: false, reason: 'malformed' })
    expect(verifyInclusion(0, 1, h, [new Uint8Array(31)], h)).toEqual({ ok: false, reason: 'malformed' })
    expect(verifyInclusion(0, 1, h, null as never, h)).toEqual({ ok: false, reason: 'malformed' })
    expect(verifyConsistency(1, 2, h, undefined as never, [h])).toEqual({ ok: false, reason: 'malformed' })
    expect(verifyConsistency(2, 1, h, h, [])).toEqual({ ok: false, reason: 'size-order' })
    expect(verifyConsistency(0, 1, h, h, [])).toEqual({ ok: false, reason: 'empty-tree' })
  })

  it('handles sizes beyond 32 bits (no bitwise truncation)', () => {
    const [big, leaf] = [leafHash(Uint8Array.of(1)), leafHash(Uint8Array.of(2))]
    const root = nodeHash(big, leaf) // tree of 2^40 + 1 leaves: MTH(D[0:2^40]) and the last leaf
    expect(verifyInclusion(2 ** 40, 2 ** 40 + 1, leaf, [big], root)).toEqual({ ok: true })
    expect(verifyInclusion(2 ** 40 - 1, 2 ** 40 + 1, leaf, [big], root).ok).toBe(false)
    expect(verifyConsistency(2 ** 40, 2 ** 40 + 1, big, root, [leaf])).toEqual({ ok: true })
    expect(inclusionProof(2 ** 40, 2 ** 40 + 1, (l, i) => (l === 40 && i === 0 ? big : l === 0 && i === 2 ** 40 ? leaf : undefined)).map(toHex)).toEqual([toHex(big)])
  })

  it('generation refuses impossible requests and reports a missing stored node', () => {
    expect(() => inclusionProof(3, 3, () => new Uint8Array(32))).toThrow(RangeError)
    expect(() => consistencyProof(0, 3, () => new Uint8Array(32))).toThrow(RangeError)
    expect(() => rootOf(3, () => undefined)).toThrow(/missing/)
    expect(() => rootOf(-1, () => undefined)).toThrow(RangeError)
  })
})
