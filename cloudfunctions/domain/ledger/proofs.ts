import { bytesEqual, emptyRoot, isHash, nodeHash, type Hash } from './hash'

/**
 * Merkle proofs for the consent ledger: generation (RFC 6962 §2.1.1–2.1.2) and verification
 * (RFC 9162 §2.1.3.2, §2.1.4.2). https://www.rfc-editor.org/rfc/rfc9162#section-2.1
 *
 * Storage shape (what the store adapter persists): the hash of every *perfect* subtree that is
 * complete, keyed by (level, index): level 0 index i is leaf hash i; level L index j is
 * MTH(leaves[j·2^L, (j+1)·2^L)). Such nodes never change once written, so an append writes the
 * rows returned by appendNodes and nothing else (fewer than 2n rows for n leaves). Proofs and
 * roots then read O(log n) rows. Which rows are read depends only on the sizes and index, never
 * on hash values: an async adapter can run once with a recording lookup, batch-fetch, rerun.
 */
export type NodeLookup = (level: number, index: number) => Hash | undefined
export interface NodeRow { level: number; index: number; hash: Hash }

export type ProofFailure =
  | 'malformed' | 'index-out-of-range' | 'size-order' | 'empty-tree' | 'proof-not-empty'
  | 'proof-empty' | 'proof-too-long' | 'proof-too-short' | 'root-mismatch' | 'root1-mismatch'
export type ProofCheck = { ok: true } | { ok: false; reason: ProofFailure }
const OK: ProofCheck = { ok: true }
const fail = (reason: ProofFailure): ProofCheck => ({ ok: false, reason })

// Arithmetic rather than bitwise ops: JS bit operators truncate to 32 bits.
const isSize = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0
const odd = (n: number) => n % 2 === 1
const half = (n: number) => Math.floor(n / 2)
const hashes = (p: unknown): p is Hash[] => Array.isArray(p) && p.every(isHash)
/** Largest power of two not above n (n ≥ 1). */
const floorPow2 = (n: number) => { let k = 1; while (k * 2 <= n) k *= 2; return k }

function node(at: NodeLookup, level: number, index: number): Hash {
  const h = at(level, index)
  if (isHash(h)) return h
  throw new Error(`ledger node (${level}, ${index}) is missing from the store`)
}

/** MTH of leaves [lo, hi), lo aligned as in every §2.1 split: the perfect subtrees given by the
 * binary digits of hi − lo, largest first, folded from the right. */
function rangeHash(lo: number, hi: number, at: NodeLookup): Hash {
  const parts: Hash[] = []
  for (let start = lo; start < hi; ) {
    let level = 0
    while (2 ** (level + 1) <= hi - start) level += 1
    parts.push(node(at, level, start / 2 ** level))
    start += 2 ** level
  }
  return parts.length === 0 ? emptyRoot() : parts.reduceRight((acc, h) => nodeHash(h, acc))
}

/** RFC 6962 §2.1: MTH of the first `size` leaves. */
export function rootOf(size: number, at: NodeLookup): Hash {
  if (!isSize(size)) throw new RangeError('tree size must be a non-negative safe integer')
  return rangeHash(0, size, at)
}

/** Rows to persist when leaf number `size` (0-based) is appended: the leaf, then each perfect
 * subtree it completes, its left siblings read from `at`. */
export function appendNodes(size: number, leaf: Hash, at: NodeLookup): NodeRow[] {
  if (!isSize(size) || !isHash(leaf)) throw new RangeError('append needs a leaf index and a 32-byte leaf hash')
  const rows: NodeRow[] = [{ level: 0, index: size, hash: leaf }]
  for (let level = 0, index = size, hash = leaf; odd(index); ) {
    hash = nodeHash(node(at, level, index - 1), hash)
    level += 1
    index = half(index)
    rows.push({ level, index, hash })
  }
  return rows
}

/** A NodeLookup over a plain list of leaf hashes, filled through appendNodes (tests, small logs). */
export function lookupOfLeaves(leaves: Hash[]): NodeLookup {
  const rows = new Map<string, Hash>()
  const at: NodeLookup = (level, index) => rows.get(`${level}:${index}`)
  leaves.forEach((leaf, size) => appendNodes(size, leaf, at).forEach((r) => rows.set(`${r.level}:${r.index}`, r.hash)))
  return at
}

/** RFC 6962 §2.1.1 PATH(m, D[n]), walked top-down then reversed (the RFC lists leaf-side first). */
export function inclusionProof(leafIndex: number, treeSize: number, at: NodeLookup): Hash[] {
  if (!isSize(leafIndex) || !isSize(treeSize) || leafIndex >= treeSize) throw new RangeError('leaf index outside the tree')
  const out: Hash[] = []
  for (let lo = 0, hi = treeSize; hi - lo > 1; ) {
    const k = floorPow2(hi - lo - 1) // §2.1: largest power of two smaller than n
    if (leafIndex < lo + k) { out.push(rangeHash(lo + k, hi, at)); hi = lo + k }
    else { out.push(rangeHash(lo, lo + k, at)); lo += k }
  }
  return out.reverse()
}

/** RFC 6962 §2.1.2 PROOF(m, D[n]) = SUBPROOF(m, D[n], true), for 0 < size1 ≤ size2. */
export function consistencyProof(size1: number, size2: number, at: NodeLookup): Hash[] {
  if (!isSize(size1) || !isSize(size2) || size1 < 1 || size1 > size2) throw new RangeError('need 0 < size1 <= size2')
  const out: Hash[] = []
  let lo = 0, hi = size2, b = true
  while (hi !== size1) {
    const k = floorPow2(hi - lo - 1)
    if (size1 - lo <= k) { out.push(rangeHash(lo + k, hi, at)); hi = lo + k }
    else { out.push(rangeHash(lo, lo + k, at)); lo += k; b = false }
  }
  if (!b) out.push(rangeHash(lo, hi, at))
  return out.reverse()
}

/** RFC 9162 §2.1.3.2: verify that `leaf` is leaf `leafIndex` of the tree of `treeSize` with `root`. */
export function verifyInclusion(leafIndex: number, treeSize: number, leaf: Hash, proof: Hash[], root: Hash): ProofCheck {
  if (!isSize(leafIndex) || !isSize(treeSize) || !isHash(leaf) || !isHash(root) || !hashes(proof)) return fail('malformed')
  if (leafIndex >= treeSize) return fail('index-out-of-range')
  let fn = leafIndex, sn = treeSize - 1, r = leaf
  for (const p of proof) {
    if (sn === 0) return fail('proof-too-long')
    if (odd(fn) || fn === sn) {
      r = nodeHash(p, r)
      while (!odd(fn) && fn !== 0) { fn = half(fn); sn = half(sn) }
    } else r = nodeHash(r, p)
    fn = half(fn); sn = half(sn)
  }
  if (sn !== 0) return fail('proof-too-short')
  return bytesEqual(r, root) ? OK : fail('root-mismatch')
}

/** RFC 9162 §2.1.4.2: verify that the tree (size1, root1) is a prefix of (size2, root2). Like
 * transparency-dev/merkle, size1 = 0 is rejected (it proves nothing) and equal sizes need an
 * empty proof and byte-equal roots. */
export function verifyConsistency(size1: number, size2: number, root1: Hash, root2: Hash, proof: Hash[]): ProofCheck {
  if (!isSize(size1) || !isSize(size2) || !(root1 instanceof Uint8Array) || !(root2 instanceof Uint8Array) || !hashes(proof)) return fail('malformed')
  if (size1 > size2) return fail('size-order')
  if (size1 === 0) return fail('empty-tree')
  if (size1 === size2) return proof.length > 0 ? fail('proof-not-empty') : bytesEqual(root1, root2) ? OK : fail('root-mismatch')
  if (proof.length === 0) return fail('proof-empty')
  if (!isHash(root1) || !isHash(root2)) return fail('malformed')
  const path = floorPow2(size1) === size1 ? [root1, ...proof] : proof // step 2: first is a power of 2
  let fn = size1 - 1, sn = size2 - 1
  while (odd(fn)) { fn = half(fn); sn = half(sn) }
  let fr = path[0], sr = path[0]
  for (const c of path.slice(1)) {
    if (sn === 0) return fail('proof-too-long')
    if (odd(fn) || fn === sn) {
      fr = nodeHash(c, fr); sr = nodeHash(c, sr)
      while (!odd(fn) && fn !== 0) { fn = half(fn); sn = half(sn) }
    } else sr = nodeHash(sr, c)
    fn = half(fn); sn = half(sn)
  }
  if (sn !== 0) return fail('proof-too-short')
  if (!bytesEqual(fr, root1)) return fail('root1-mismatch')
  return bytesEqual(sr, root2) ? OK : fail('root-mismatch')
}
