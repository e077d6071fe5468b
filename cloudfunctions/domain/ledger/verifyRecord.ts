import { openCheckpoint, type Checkpoint } from './checkpoint'
import { verifyCosignatures, type WitnessKey } from './cosignature'
import { bytesEqual, fromHex } from './hash'
import { decodeLeaf, leafHashOfText } from './leaf'
import { openPromise } from './promise'
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
  /** Entries of this consent accepted and not yet integrated: leaf text and the log's signed promise. */
  pending?: Array<{ leaf: string; promise: string }>
  /** Names of the witnesses the server says cosigned: shown nowhere, trusted never (the device checks the lines). */
  witnesses?: string[]
}

/**
 * The witnesses the device trusts (C2SP tlog-cosignature): their keys, built into the app like the
 * ledger key, and how many of them must have cosigned the checkpoint. A split view (another history
 * shown to another phone) would need the quorum to cosign two trees that do not extend each other,
 * which an honest witness never does.
 */
export interface WitnessPolicy {
  keys: WitnessKey[]
  quorum: number
}

/** What the holder's own view says about the consent (我的授权), checked against the records. */
export interface Expected {
  consentId: string
  revoked: boolean
}

/** A promised entry not in the tree yet: what it is and by when the log promised to integrate it. */
export interface Awaiting {
  action: string
  acceptedAt: number
  mergeBy: number
}

export type Verdict =
  | { ok: true; checkpoint: Checkpoint; seen: Seen; awaiting: Awaiting[]; witnessed: Array<{ name: string; time: number }> }
  | {
      ok: false
      reason:
        | 'bad-pin' | 'key-not-pinned' | 'key-changed' | 'bad-checkpoint' | 'bad-leaf' | 'altered' | 'not-included' | 'not-grant' | 'revoke-missing' | 'inconsistent' | 'rolled-back'
        /** A promise that is not the log's, or does not name the record shown with it. */
        | 'bad-promise'
        /** Promised, and still not in the tree past the maximum merge delay (by the signed checkpoint's time). */
        | 'merge-overdue'
        /** Fewer than the quorum of trusted witnesses cosigned the checkpoint. */
        | 'unwitnessed'
    }

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
export function verifyRecord(b: Bundle, expected: Expected, last: Seen | null, pinned?: string, witnesses?: WitnessPolicy): Verdict {
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
  // Promised entries (RFC 6962 §3): each signed by the log's key over this leaf, for this consent,
  // and not yet past its merge delay at the time the checkpoint was signed (the log's own clock).
  const awaiting: Awaiting[] = []
  for (const p of b.pending ?? []) {
    const opened = key ? openPromise(p.promise, b.keyName, key) : null
    const leaf = decodeLeaf(p.leaf)
    if (!opened?.ok || opened.promise.origin !== b.origin || !leaf || leaf.consent !== expected.consentId) return { ok: false, reason: 'bad-promise' }
    if (!bytesEqual(leafHashOfText(p.leaf), fromHex(opened.promise.leafHash)!)) return { ok: false, reason: 'bad-promise' }
    const mergeBy = opened.promise.timestamp + opened.promise.mmd
    if (cp.timestamp > mergeBy) return { ok: false, reason: 'merge-overdue' }
    awaiting.push({ action: leaf.action, acceptedAt: opened.promise.timestamp, mergeBy })
  }
  if (b.records.length === 0 && !awaiting.some((a) => a.action === 'grant')) return { ok: false, reason: 'not-included' }
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
  // The grant is the first record shown, or (not integrated yet) a promise.
  const grant = actions[0]
  if (grant ? grant.action !== 'grant' : !awaiting.some((a) => a.action === 'grant')) return { ok: false, reason: 'not-grant' }
  const revokeSeen = actions.some((a) => a.action === 'revoke' && (!grant || a.index > grant.index)) || awaiting.some((a) => a.action === 'revoke')
  if (expected.revoked && !revokeSeen) return { ok: false, reason: 'revoke-missing' }
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
  // Last: a fork is named as such (inconsistent) before its missing cosignatures are.
  const witnessed = witnesses ? verifyCosignatures(b.checkpoint, witnesses.keys) : []
  if (witnesses && !(witnessed.length >= witnesses.quorum)) return { ok: false, reason: 'unwitnessed' }
  return { ok: true, checkpoint: cp, seen: { size: cp.size, rootHash: cp.rootHash, publicKey: b.publicKey }, awaiting, witnessed }
}
