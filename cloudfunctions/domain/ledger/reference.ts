import { sha256 } from '@noble/hashes/sha2.js'
import { LEAF_PREFIX, NODE_PREFIX, type Hash } from './hash'

/**
 * RFC 6962 §2.1 transcribed literally over the full list of entries, for tests only: the fast
 * code in proofs.ts is checked against this. Recursion and slicing are O(n) per call on purpose;
 * nothing here is clever. https://www.rfc-editor.org/rfc/rfc6962#section-2.1
 */
const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

/** "the largest power of two smaller than n (i.e., k < n <= 2k)" */
export function splitPoint(n: number): number {
  let k = 1
  while (k * 2 < n) k *= 2
  return k
}

/** §2.1 MTH(D[n]). */
export function MTH(D: Uint8Array[]): Hash {
  const n = D.length
  if (n === 0) return sha256(new Uint8Array(0))
  if (n === 1) return sha256(concat(Uint8Array.of(LEAF_PREFIX), D[0]))
  const k = splitPoint(n)
  return sha256(concat(Uint8Array.of(NODE_PREFIX), MTH(D.slice(0, k)), MTH(D.slice(k))))
}

/** §2.1.1 PATH(m, D[n]): the audit path for leaf m. */
export function PATH(m: number, D: Uint8Array[]): Hash[] {
  const n = D.length
  if (n === 1) return []
  const k = splitPoint(n)
  if (m < k) return [...PATH(m, D.slice(0, k)), MTH(D.slice(k))]
  return [...PATH(m - k, D.slice(k)), MTH(D.slice(0, k))]
}

/** §2.1.2 PROOF(m, D[n]) = SUBPROOF(m, D[n], true). */
export function PROOF(m: number, D: Uint8Array[]): Hash[] {
  return SUBPROOF(m, D, true)
}

/** §2.1.2 SUBPROOF(m, D[n], b). */
export function SUBPROOF(m: number, D: Uint8Array[], b: boolean): Hash[] {
  const n = D.length
  if (m === n) return b ? [] : [MTH(D)]
  const k = splitPoint(n)
  if (m <= k) return [...SUBPROOF(m, D.slice(0, k), b), MTH(D.slice(k))]
  return [...SUBPROOF(m - k, D.slice(k), false), MTH(D.slice(0, k))]
}
