import { ed25519 } from '@noble/curves/ed25519.js'
import { fromBase64, fromHex, HASH_SIZE, toBase64, toHex, utf8 } from './hash'
import { keyId } from './checkpoint'

/**
 * A signed promise to integrate (RFC 6962 §3's signed certificate timestamp, for a consent
 * ledger entry): the log's key over its origin, the leaf hash, when it was accepted and the
 * maximum merge delay by which it will be in the tree. Written as a C2SP signed note like the
 * checkpoint, with a body a checkpoint can never have (its second line is not a number):
 *
 *   <origin>\npromise\n<base64 leaf hash>\ntimestamp <ms>\nmmd <ms>\n\n— <key name> <base64(key id || sig)>\n
 */
export interface LedgerPromise {
  origin: string
  /** Lower-case hex RFC 6962 leaf hash. */
  leafHash: string
  /** Epoch ms when the entry was accepted. */
  timestamp: number
  /** Maximum merge delay (ms): integrated by timestamp + mmd. */
  mmd: number
}

const NAME = /^[\x21-\x2a\x2c-\x7e]+$/
const EM_DASH = '\u2014'
const isCount = (n: unknown) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0

export function promiseBody(p: LedgerPromise): string {
  const h = fromHex(p.leafHash)
  if (!NAME.test(p.origin) || h?.length !== HASH_SIZE || !isCount(p.timestamp) || !isCount(p.mmd)) throw new RangeError('promise has no canonical form')
  return `${p.origin}\npromise\n${toBase64(h)}\ntimestamp ${p.timestamp}\nmmd ${p.mmd}\n`
}

/** Signs with a 32-byte Ed25519 secret key, or with `sign` (the server's native Ed25519: same bytes, Ed25519 is deterministic). */
export function signPromise(p: LedgerPromise, keyName: string, secretKey: Uint8Array, publicKey: Uint8Array, sign?: (body: Uint8Array) => Uint8Array): string {
  const body = promiseBody(p)
  const sig = sign ? sign(utf8(body)) : ed25519.sign(utf8(body), secretKey)
  const blob = new Uint8Array(4 + sig.length)
  blob.set(keyIdOf(keyName, publicKey))
  blob.set(sig, 4)
  return `${body}\n${EM_DASH} ${keyName} ${toBase64(blob)}\n`
}

/** Key ids by public key and name (a SHA-256 each; the signer signs every append). */
const keyIds = new WeakMap<Uint8Array, Map<string, Uint8Array>>()
function keyIdOf(keyName: string, publicKey: Uint8Array): Uint8Array {
  let byName = keyIds.get(publicKey)
  if (!byName) keyIds.set(publicKey, (byName = new Map()))
  let id = byName.get(keyName)
  if (!id) byName.set(keyName, (id = keyId(keyName, publicKey)))
  return id
}

export type PromiseOpen = { ok: true; promise: LedgerPromise } | { ok: false; reason: 'malformed' | 'bad-signature' }

/** Checks a promise note against the log's key; never throws. */
export function openPromise(note: string, keyName: string, publicKey: Uint8Array): PromiseOpen {
  if (typeof note !== 'string' || !note.endsWith('\n')) return { ok: false, reason: 'malformed' }
  const split = note.lastIndexOf('\n\n')
  if (split < 0) return { ok: false, reason: 'malformed' }
  const body = note.slice(0, split + 1)
  const [origin, kind, root, ts, mmd, end, ...rest] = body.split('\n')
  const hash = fromBase64(root ?? '')
  const t = /^timestamp (0|[1-9][0-9]*)$/.exec(ts ?? '')
  const m = /^mmd (0|[1-9][0-9]*)$/.exec(mmd ?? '')
  if (kind !== 'promise' || end !== '' || rest.length > 0 || hash?.length !== HASH_SIZE || !t || !m) return { ok: false, reason: 'malformed' }
  const promise = { origin, leafHash: toHex(hash), timestamp: Number(t[1]), mmd: Number(m[1]) }
  try {
    if (promiseBody(promise) !== body) return { ok: false, reason: 'malformed' }
  } catch {
    return { ok: false, reason: 'malformed' }
  }
  const id = toHex(keyId(keyName, publicKey))
  for (const line of note.slice(split + 2, -1).split('\n')) {
    const sm = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/.exec(line)
    if (!sm) return { ok: false, reason: 'malformed' }
    const blob = fromBase64(sm[2])
    if (sm[1] !== keyName || !blob || blob.length !== 68 || toHex(blob.slice(0, 4)) !== id) continue
    try {
      if (ed25519.verify(blob.slice(4), utf8(body), publicKey)) return { ok: true, promise }
    } catch {
      // not a valid signature
    }
  }
  return { ok: false, reason: 'bad-signature' }
}
