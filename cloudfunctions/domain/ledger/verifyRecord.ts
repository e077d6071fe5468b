import { openCheckpoint, type Checkpoint } from './checkpoint'
import { bytesEqual, fromHex } from './hash'
import { decodeLeaf, leafHashOfText } from './leaf'
import { verifyConsistency, verifyInclusion } from './proofs'

/**
 * What the device checks before it shows 记录完整性已验证 (SPEC §4: a person can check that the
 * record of their consent is intact): the checkpoint is signed by the key built into the app
 * (`pinned`), or without one by the key it trusted the first time (trust on first use),
 * each record of the consent is in the tree that checkpoint names (RFC 9162 §2.1.3.2), and that tree
 * extends the last one this device saw (§2.1.4.2), so nothing was dropped or rewritten since.
 * The server chooses which records it shows, so the device also checks they are the right ones:
 * the first is this consent's grant, and a consent the holder sees as revoked shows its revocation.
 * Pure, so it runs in the mini-program bundle and in tests alike.
 */
export interface Seen {
  size: number
  rootHash: string
  publicKey: string
}

export interface Bundle {
  origin: string
  keyName: string
  publicKey: string
  checkpoint: string
  records: Array<{ index: number; leaf: string; leafHash?: string; inclusion: string[] }>
  consistency: { fromSize: number; proof: string[] } | null
}

/** What the holder's own view says about the consent (我的授权), checked against the records. */
export interface Expected {
  consentId: string
  revoked: boolean
}

export type Verdict =
  | { ok: true; checkpoint: Checkpoint; seen: Seen }
  | { ok: false; reason: 'bad-pin' | 'key-not-pinned' | 'key-changed' | 'bad-checkpoint' | 'bad-leaf' | 'altered' | 'not-included' | 'not-grant' | 'revoke-missing' | 'inconsistent' | 'rolled-back' }

const hexes = (xs: string[]) => {
  const out = xs.map(fromHex)
  return out.every((x) => x !== null) ? (out as Uint8Array[]) : null
}

/** The encoding of Bundle.publicKey: hex of the 32-byte Ed25519 public key. */
const PUBLIC_KEY_HEX = /^[0-9a-f]{64}$/

/**
 * `pinned`: the public key built into the app (hex). With it, a server that lies from the first
 * answer is caught too; a malformed pin refuses rather than falling back to trust on first use, and
 * a `last` seen under another key is dropped (it was checked against a key this build does not trust).
 */
export function verifyRecord(b: Bundle, expected: Expected, last: Seen | null, pinned?: string): Verdict {
  if (pinned !== undefined) {
    const pin = pinned.trim().toLowerCase()
    if (!PUBLIC_KEY_HEX.test(pin)) return { ok: false, reason: 'bad-pin' }
    if (b.publicKey.toLowerCase() !== pin) return { ok: false, reason: 'key-not-pinned' }
    if (last && last.publicKey.toLowerCase() !== pin) last = null
  }
  if (last && last.publicKey !== b.publicKey) return { ok: false, reason: 'key-changed' }
  const key = fromHex(b.publicKey)
  const opened = key ? openCheckpoint(b.checkpoint, b.keyName, key) : null
  if (!opened?.ok || opened.checkpoint.origin !== b.origin) return { ok: false, reason: 'bad-checkpoint' }
  const cp = opened.checkpoint
  const root = fromHex(cp.rootHash)!
  if (b.records.length === 0) return { ok: false, reason: 'not-included' }
  const actions: Array<{ index: number; action: string }> = []
  for (const rec of b.records) {
    const proof = hexes(rec.inclusion)
    const treeLeaf = rec.leafHash !== undefined ? fromHex(rec.leafHash) : null
    const textLeaf = leafHashOfText(rec.leaf)
    // The tree holds a leaf at this index, proven under the signed root, and the text given is not
    // it: the record exists and was changed (记录被改动), which says more than "not included".
    if (proof && treeLeaf?.length === 32 && !bytesEqual(treeLeaf, textLeaf) && verifyInclusion(rec.index, cp.size, treeLeaf, proof, root).ok) {
      return { ok: false, reason: 'altered' }
    }
    const leaf = decodeLeaf(rec.leaf)
    if (!leaf || leaf.consent !== expected.consentId) return { ok: false, reason: 'bad-leaf' }
    if (!proof || !verifyInclusion(rec.index, cp.size, textLeaf, proof, root).ok) return { ok: false, reason: 'not-included' }
    actions.push({ index: rec.index, action: leaf.action })
  }
  // Included is not enough: a read of this consent is in the log too, but it is not the grant.
  const grant = actions[0]
  if (grant.action !== 'grant') return { ok: false, reason: 'not-grant' }
  if (expected.revoked && !actions.some((a) => a.action === 'revoke' && a.index > grant.index)) return { ok: false, reason: 'revoke-missing' }
  if (last) {
    if (cp.size < last.size) return { ok: false, reason: 'rolled-back' }
    const root1 = fromHex(last.rootHash)
    if (!root1) return { ok: false, reason: 'inconsistent' }
    if (cp.size === last.size) {
      if (cp.rootHash !== last.rootHash) return { ok: false, reason: 'inconsistent' }
    } else if (last.size > 0) {
      const proof = b.consistency && b.consistency.fromSize === last.size ? hexes(b.consistency.proof) : null
      if (!proof || !verifyConsistency(last.size, cp.size, root1, root, proof).ok) return { ok: false, reason: 'inconsistent' }
    }
  }
  return { ok: true, checkpoint: cp, seen: { size: cp.size, rootHash: cp.rootHash, publicKey: b.publicKey } }
}
