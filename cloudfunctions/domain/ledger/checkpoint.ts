import { ed25519 } from '@noble/curves/ed25519.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { fromBase64, fromHex, HASH_SIZE, toBase64, toHex, utf8 } from './hash'

/**
 * Signed tree head (RFC 9162 §4.10) for the consent ledger, written as a C2SP signed note
 * (https://c2sp.org/signed-note) whose body is a C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint):
 *
 *   <origin>\n<size>\n<base64 root>\ntimestamp <epoch ms>\n\n— <key name> <base64(key id || sig)>\n
 *
 * The timestamp is an extension line (the checkpoint spec allows opaque extra lines); it comes
 * from the injected clock. Keys are passed in; Ed25519 signs the body bytes.
 */
export interface Checkpoint {
  /** Log identity, e.g. `example.gov.cn/consent-ledger`: printable ASCII, no spaces or `+`. */
  origin: string
  size: number
  /** Lower-case hex of the RFC 6962 root over the first `size` entries. */
  rootHash: string
  /** Epoch milliseconds, as in RFC 6962 §3.5. */
  timestamp: number
}

export type CheckpointOpen =
  | { ok: true; checkpoint: Checkpoint }
  | { ok: false; reason: 'malformed' | 'unknown-key' | 'bad-signature' }

const NAME = /^[\x21-\x2a\x2c-\x7e]+$/ // signed-note key names: no spaces, no '+'
const DECIMAL = /^(?:0|[1-9][0-9]*)$/
const EM_DASH = '\u2014'
const isCount = (n: unknown) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0

/** The canonical note body; throws on a value that has no canonical form. */
export function checkpointBody(cp: Checkpoint): string {
  const root = fromHex(cp.rootHash)
  if (!NAME.test(cp.origin) || !isCount(cp.size) || !isCount(cp.timestamp) || root?.length !== HASH_SIZE) {
    throw new RangeError('checkpoint has no canonical form')
  }
  return `${cp.origin}\n${cp.size}\n${toBase64(root)}\ntimestamp ${cp.timestamp}\n`
}

function parseBody(body: string): Checkpoint | null {
  const [origin, size, root, ext, end, ...rest] = body.split('\n')
  const hash = fromBase64(root ?? '')
  const ts = /^timestamp (0|[1-9][0-9]*)$/.exec(ext ?? '')
  if (end !== '' || rest.length > 0 || !DECIMAL.test(size ?? '') || hash?.length !== HASH_SIZE || !ts) return null
  const cp = { origin, size: Number(size), rootHash: toHex(hash), timestamp: Number(ts[1]) }
  try {
    return checkpointBody(cp) === body ? cp : null // one spelling per checkpoint
  } catch {
    return null
  }
}

export const publicKeyOf = (secretKey: Uint8Array): Uint8Array => ed25519.getPublicKey(secretKey)

/** signed-note §"Signatures": Ed25519 key id = SHA-256(name || "\n" || 0x01 || public key)[:4]. */
export function keyId(keyName: string, publicKey: Uint8Array): Uint8Array {
  const name = utf8(keyName)
  const buf = new Uint8Array(name.length + 2 + publicKey.length)
  buf.set(name)
  buf.set([0x0a, 0x01], name.length)
  buf.set(publicKey, name.length + 2)
  return sha256(buf).slice(0, 4)
}

/**
 * Signs the checkpoint with a 32-byte Ed25519 secret key; returns the whole note text. A server may
 * pass its native Ed25519 (`signer`: the same signature bytes, Ed25519 being deterministic) and the
 * public key it derived once.
 */
export function signCheckpoint(cp: Checkpoint, keyName: string, secretKey: Uint8Array, signer?: { publicKey: Uint8Array; sign: (body: Uint8Array) => Uint8Array }): string {
  if (!NAME.test(keyName)) throw new RangeError('key name must be printable ASCII without spaces or +')
  const body = checkpointBody(cp)
  const sig = signer ? signer.sign(utf8(body)) : ed25519.sign(utf8(body), secretKey)
  const blob = new Uint8Array(4 + sig.length)
  blob.set(keyId(keyName, signer ? signer.publicKey : publicKeyOf(secretKey)))
  blob.set(sig, 4)
  return `${body}\n${EM_DASH} ${keyName} ${toBase64(blob)}\n`
}

/** Verifies a note against one trusted key and returns its checkpoint; never throws. Signature
 * lines from other keys are ignored, as signed-note allows cosigners. */
export function openCheckpoint(note: string, keyName: string, publicKey: Uint8Array): CheckpointOpen {
  if (typeof note !== 'string' || !note.endsWith('\n')) return { ok: false, reason: 'malformed' }
  const split = note.lastIndexOf('\n\n')
  const checkpoint = split < 0 ? null : parseBody(note.slice(0, split + 1))
  if (!checkpoint) return { ok: false, reason: 'malformed' }
  const lines = note.slice(split + 2, -1).split('\n')
  let id: Uint8Array
  try {
    id = keyId(keyName, publicKey)
  } catch {
    return { ok: false, reason: 'malformed' }
  }
  let known = false
  for (const line of lines) {
    const m = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/.exec(line)
    if (!m) return { ok: false, reason: 'malformed' }
    const blob = fromBase64(m[2])
    if (m[1] !== keyName || !blob || blob.length !== 4 + 64 || toHex(blob.slice(0, 4)) !== toHex(id)) continue
    known = true
    try {
      if (ed25519.verify(blob.slice(4), utf8(note.slice(0, split + 1)), publicKey)) return { ok: true, checkpoint }
    } catch {
      // malformed key or signature encoding: not a valid signature
    }
  }
  return { ok: false, reason: known ? 'bad-signature' : 'unknown-key' }
}
