import { ed25519 } from '@noble/curves/ed25519.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { keyId } from './checkpoint'
import { noteBody, type Ed25519Verify } from './cosignature'
import { emptyRoot, fromBase64, fromHex, HASH_SIZE, toBase64, toHex, utf8, type Hash } from './hash'
import { verifyConsistency } from './proofs'

/**
 * The witness's decision on one `add-checkpoint` request (C2SP tlog-witness,
 * https://c2sp.org/tlog-witness): pure, so the status codes are tested without HTTP or a store.
 *
 * The body is `old <size>\n`, up to 63 base64 consistency proof lines, an empty line, then the
 * checkpoint note. The witness trusts one Ed25519 key (or more) per log origin; it keeps, per origin,
 * the latest checkpoint it cosigned (size and root), and answers:
 *   404 unknown origin · 403 no valid signature from a trusted key, or one that fails ·
 *   400 bad body or old > size · 409 old ≠ the size it last cosigned (body: that size) ·
 *   422 an empty tree without the empty root, a proof where none is due, a proof that fails, or the
 *   same size with another root · 200 cosign.
 */
export interface TrustedLog {
  origin: string
  /** The log's signed-note key name and 32-byte Ed25519 public key. */
  keyName: string
  publicKey: Uint8Array
}

/** What a witness keeps of one log: the latest checkpoint it cosigned. */
export interface WitnessedHead {
  origin: string
  size: number
  /** Lower-case hex root. */
  rootHash: string
}

export interface AddCheckpointRequest {
  oldSize: number
  proof: Hash[]
  /** The checkpoint note as sent (its signature lines included). */
  note: string
  origin: string
  size: number
  rootHash: string
}

export type WitnessDecision =
  | { status: 200; request: AddCheckpointRequest }
  | { status: 400 | 403 | 404 | 422; reason: string }
  | { status: 409; size: number; reason: string }

const DECIMAL = /^(?:0|[1-9][0-9]*)$/
const MAX_PROOF = 63

/** The document id / URL path segment of a log: lower-case hex SHA-256 of its origin line. */
export const originHash = (origin: string): string => toHex(sha256(utf8(origin)))

/** Parses the request body; null when it is not an add-checkpoint body (400). */
export function parseAddCheckpoint(body: string): AddCheckpointRequest | null {
  if (typeof body !== 'string') return null
  const blank = body.indexOf('\n\n')
  if (blank < 0) return null
  const head = body.slice(0, blank).split('\n')
  const note = body.slice(blank + 2)
  const old = /^old (\S+)$/.exec(head[0] ?? '')
  if (!old || !DECIMAL.test(old[1]) || !Number.isSafeInteger(Number(old[1]))) return null
  const lines = head.slice(1)
  if (lines.length > MAX_PROOF) return null
  const proof: Hash[] = []
  for (const line of lines) {
    const h = fromBase64(line)
    if (!h || h.length !== HASH_SIZE) return null
    proof.push(h)
  }
  const text = noteBody(note)
  if (text === null) return null
  // The checkpoint's first three lines: origin, size, root (extension lines may follow).
  const [origin, size, root] = text.split('\n')
  const rootHash = fromBase64(root ?? '')
  if (!origin || !DECIMAL.test(size ?? '') || !Number.isSafeInteger(Number(size)) || rootHash?.length !== HASH_SIZE) return null
  return { oldSize: Number(old[1]), proof, note, origin, size: Number(size), rootHash: toHex(rootHash) }
}

/**
 * Signature check per tlog-witness: lines from unknown keys are ignored; at least one line from a
 * trusted key must verify, and every line naming a trusted key with its key id must verify.
 */
function logSigned(note: string, keys: TrustedLog[], verify: Ed25519Verify): boolean {
  const body = noteBody(note)
  if (body === null) return false
  const lines = note.slice(body.length + 1, -1).split('\n')
  let good = 0
  for (const k of keys) {
    const id = toHex(keyId(k.keyName, k.publicKey))
    for (const line of lines) {
      const m = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/.exec(line)
      if (!m) return false
      const blob = m[1] === k.keyName ? fromBase64(m[2]) : null
      if (!blob || blob.length < 4 || toHex(blob.slice(0, 4)) !== id) continue
      let ok = false
      try {
        ok = blob.length === 68 && verify(blob.slice(4), utf8(body), k.publicKey)
      } catch {
        ok = false
      }
      if (!ok) return false
      good++
    }
  }
  return good > 0
}

/**
 * The checks that need nothing kept (tlog-witness order): 400 a body that does not parse, 404 an
 * origin not witnessed, 403 no valid trusted signature, 400 old size above the checkpoint size.
 */
export function checkAddCheckpoint(
  body: string,
  trusted: TrustedLog[],
  verify: Ed25519Verify = (sig, msg, pk) => ed25519.verify(sig, msg, pk),
): { status: 0; request: AddCheckpointRequest } | { status: 400 | 403 | 404; reason: string } {
  const req = parseAddCheckpoint(body)
  if (!req) return { status: 400, reason: 'malformed request body' }
  const keys = trusted.filter((t) => t.origin === req.origin)
  if (keys.length === 0) return { status: 404, reason: 'unknown log origin' }
  if (!logSigned(req.note, keys, verify)) return { status: 403, reason: 'no valid signature from a trusted log key' }
  if (req.oldSize > req.size) return { status: 400, reason: 'old size above checkpoint size' }
  return { status: 0, request: req }
}

/**
 * Decides a checked request against what the witness keeps for its origin (`kept`: null when it
 * never cosigned one): 409 old size not the kept size, 422 an inconsistent tree, 200 cosign. A 200
 * means: cosign, and keep this checkpoint in place of `kept` (compare-and-set on `kept`,
 * tlog-witness's atomicity rule).
 */
export function decideOnKept(req: AddCheckpointRequest, kept: WitnessedHead | null): WitnessDecision {
  const keptSize = kept?.size ?? 0
  if (req.oldSize !== keptSize) return { status: 409, size: keptSize, reason: 'old size is not the latest cosigned size' }
  const newRoot = fromHex(req.rootHash)!
  if (req.size === 0 && toHex(emptyRoot()) !== req.rootHash) return { status: 422, reason: 'empty tree without the empty root' }
  if (req.oldSize === 0) {
    if (req.proof.length > 0) return { status: 422, reason: 'a proof from the empty tree' }
    return { status: 200, request: req }
  }
  // kept is non-null here: oldSize > 0 equals its size.
  if (req.oldSize === req.size) {
    return kept!.rootHash === req.rootHash && req.proof.length === 0
      ? { status: 200, request: req }
      : { status: 422, reason: 'same size, another root' }
  }
  const check = verifyConsistency(req.oldSize, req.size, fromHex(kept!.rootHash) ?? new Uint8Array(0), newRoot, req.proof)
  return check.ok ? { status: 200, request: req } : { status: 422, reason: 'consistency proof does not verify' }
}

/** Both steps: the witness's whole decision on one add-checkpoint request. */
export function decideAddCheckpoint(body: string, trusted: TrustedLog[], kept: WitnessedHead | null, verify?: Ed25519Verify): WitnessDecision {
  const checked = checkAddCheckpoint(body, trusted, verify)
  return checked.status === 0 ? decideOnKept(checked.request, kept) : checked
}

/** The add-checkpoint request body a log sends: old size, proof lines, blank line, checkpoint note. */
export function addCheckpointBody(oldSize: number, proof: Hash[], note: string): string {
  return `old ${oldSize}\n${proof.map((h) => `${toBase64(h)}\n`).join('')}\n${note}`
}
