import { ed25519 } from '@noble/curves/ed25519.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { fromBase64, fromHex, toBase64, toHex, utf8 } from './hash'

/**
 * Witness cosignatures on a checkpoint note: C2SP tlog-cosignature, the Ed25519 `cosignature/v1`
 * type (https://c2sp.org/tlog-cosignature). A witness that verified the log only grew adds one note
 * signature line
 *
 *   — <witness name> base64(key id[4] || u64 big-endian time || Ed25519 signature[64])
 *
 * where key id = SHA-256(name || "\n" || 0x04 || public key)[:4] and the signed message is
 * "cosignature/v1\ntime <t>\n" followed by the whole checkpoint note body (extension lines such as
 * our `timestamp <ms>` included). Pure and platform-free: the phone checks cosignatures with it too.
 * No BigInt (not every WeChat engine has it): times are safe integers split into two 32-bit halves.
 */
export interface WitnessKey {
  name: string
  /** Lower-case hex of the 32-byte Ed25519 public key. */
  publicKey: string
}

/** signed-note signature type byte for Ed25519 cosignature/v1. */
export const COSIGNATURE_V1_ALG = 0x04
const EM_DASH = '\u2014'
const NAME = /^[\x21-\x2a\x2c-\x7e]+$/ // signed-note key names: printable ASCII, no spaces, no '+'
const SIG_LINE = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/
const TWO_32 = 0x1_0000_0000
const BLOB_SIZE = 4 + 8 + 64

/** SHA-256(name || "\n" || 0x04 || public key)[:4]. */
export function cosignatureKeyId(name: string, publicKey: Uint8Array): Uint8Array {
  const n = utf8(name)
  const buf = new Uint8Array(n.length + 2 + publicKey.length)
  buf.set(n)
  buf.set([0x0a, COSIGNATURE_V1_ALG], n.length)
  buf.set(publicKey, n.length + 2)
  return sha256(buf).slice(0, 4)
}

/** The note body (text before the blank line, with its final newline), or null if not a note. */
export function noteBody(note: string): string | null {
  if (typeof note !== 'string' || !note.endsWith('\n')) return null
  const split = note.lastIndexOf('\n\n')
  return split < 0 ? null : note.slice(0, split + 1)
}

/** The signature lines of a note (without newlines); null if any line is not a signature line. */
function signatureLines(note: string): string[] | null {
  const body = noteBody(note)
  if (body === null) return null
  const lines = note.slice(body.length + 1, -1).split('\n')
  return lines.every((l) => SIG_LINE.test(l)) ? lines : null
}

/** The exact bytes a cosignature/v1 signs. */
export function cosignedMessage(body: string, timeSeconds: number): Uint8Array {
  return utf8(`cosignature/v1\ntime ${timeSeconds}\n${body}`)
}

const isTime = (t: number) => Number.isSafeInteger(t) && t > 0

/** An Ed25519 verification: noble's by default (the phone); a server may pass node:crypto's (same answers). */
export type Ed25519Verify = (signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array) => boolean
const nobleVerify: Ed25519Verify = (sig, msg, pk) => ed25519.verify(sig, msg, pk)

/**
 * One note signature line "— <name> base64(keyid||u64 BE time||sig)\n" over
 * "cosignature/v1\ntime <t>\n" + the checkpoint note body. Throws on a note without a body, a name
 * that is not a key name, a time that is not a positive safe integer or a secret key not 32 bytes.
 */
export function cosignCheckpoint(
  note: string,
  name: string,
  secretKey: Uint8Array,
  timeSeconds: number,
  /** A server's native Ed25519 and the public key it derived once (the same bytes: Ed25519 is deterministic). */
  signer?: { publicKey: Uint8Array; sign: (message: Uint8Array) => Uint8Array },
): string {
  const body = noteBody(note)
  if (body === null) throw new RangeError('not a signed note')
  if (!NAME.test(name)) throw new RangeError('witness name must be printable ASCII without spaces or +')
  if (!isTime(timeSeconds)) throw new RangeError('cosignature time must be a positive whole number of seconds')
  const message = cosignedMessage(body, timeSeconds)
  const sig = signer ? signer.sign(message) : ed25519.sign(message, secretKey)
  const blob = new Uint8Array(BLOB_SIZE)
  blob.set(cosignatureKeyId(name, signer ? signer.publicKey : ed25519.getPublicKey(secretKey)))
  const view = new DataView(blob.buffer)
  view.setUint32(4, Math.floor(timeSeconds / TWO_32))
  view.setUint32(8, timeSeconds % TWO_32)
  blob.set(sig, 12)
  return `${EM_DASH} ${name} ${toBase64(blob)}\n`
}

/** The time in a cosignature blob, or null if it is beyond the safe integers or zero. */
function blobTime(blob: Uint8Array): number | null {
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength)
  const hi = view.getUint32(4)
  const t = hi * TWO_32 + view.getUint32(8)
  return hi < 0x20_0000 && isTime(t) ? t : null
}

/**
 * The valid cosignatures on a note from the given witnesses, each witness counted once (one per
 * name and one per public key, so a key listed twice cannot make a quorum alone); never throws.
 * Lines from other keys are ignored, as signed-note says; a note whose signature block is not all
 * signature lines has none.
 */
export function verifyCosignatures(note: string, witnesses: WitnessKey[], verify: Ed25519Verify = nobleVerify): Array<{ name: string; time: number }> {
  const found: Array<{ name: string; time: number }> = []
  try {
    const body = noteBody(note)
    const lines = body === null ? null : signatureLines(note)
    if (body === null || lines === null || !Array.isArray(witnesses)) return found
    const names = new Set<string>()
    const keys = new Set<string>()
    for (const w of witnesses) {
      const pk = typeof w?.publicKey === 'string' ? fromHex(w.publicKey) : null
      if (!pk || pk.length !== 32 || typeof w.name !== 'string' || !NAME.test(w.name)) continue
      if (names.has(w.name) || keys.has(w.publicKey)) continue
      const id = toHex(cosignatureKeyId(w.name, pk))
      for (const line of lines) {
        const m = SIG_LINE.exec(line)
        const blob = m && m[1] === w.name ? fromBase64(m[2]) : null
        if (!blob || blob.length !== BLOB_SIZE || toHex(blob.slice(0, 4)) !== id) continue
        const time = blobTime(blob)
        let ok = false
        try {
          ok = time !== null && verify(blob.slice(12), cosignedMessage(body, time), pk)
        } catch {
          ok = false // a key or signature with no valid encoding
        }
        if (ok && time !== null) {
          found.push({ name: w.name, time })
          names.add(w.name)
          keys.add(w.publicKey)
          break
        }
      }
    }
  } catch {
    return found
  }
  return found
}

/**
 * The note with extra signature lines appended (deduplicated: a line already on the note or given
 * twice is added once). `lines` is what a witness answers: newline-terminated signature lines;
 * anything that is not a signature line is dropped. A string that is not a note comes back as is.
 */
export function withCosignatures(note: string, lines: string): string {
  const have = signatureLines(note)
  if (have === null || typeof lines !== 'string') return note
  const seen = new Set(have)
  let out = note
  for (const line of lines.split('\n')) {
    if (!SIG_LINE.test(line) || seen.has(line)) continue
    seen.add(line)
    out += `${line}\n`
  }
  return out
}

/** The note with only its body and the log's own line(s): every signature line naming `keep`. */
export function withoutCosignatures(note: string, keep: string): string {
  const body = noteBody(note)
  const lines = signatureLines(note)
  if (body === null || lines === null) return note
  return `${body}\n${lines.filter((l) => SIG_LINE.exec(l)?.[1] === keep).map((l) => `${l}\n`).join('')}`
}

/** A cosignature/v1 verifier key in signed-note vkey form: `<name>+<key id hex>+base64(0x04 || pk)`. */
export function witnessVkey(key: WitnessKey): string {
  const pk = fromHex(key.publicKey)
  if (!pk || pk.length !== 32 || !NAME.test(key.name)) throw new RangeError('not a witness key')
  const material = new Uint8Array(33)
  material[0] = COSIGNATURE_V1_ALG
  material.set(pk, 1)
  return `${key.name}+${toHex(cosignatureKeyId(key.name, pk))}+${toBase64(material)}`
}

/**
 * Parses a vkey for an Ed25519 cosigner: type 0x04 (cosignature/v1) as is, or type 0x01 (a plain
 * Ed25519 note key, which tlog-cosignature lets the same key serve as a cosigner). The key id in the
 * vkey must match the one computed for its type. Null on anything else; never throws.
 */
export function parseWitnessVkey(vkey: string): WitnessKey | null {
  if (typeof vkey !== 'string') return null
  const m = /^([^+]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/=]+)$/.exec(vkey)
  const material = m ? fromBase64(m[3]) : null
  if (!m || !material || material.length !== 33 || !NAME.test(m[1])) return null
  const pk = material.slice(1)
  const alg = material[0]
  if (alg !== COSIGNATURE_V1_ALG && alg !== 0x01) return null
  const n = utf8(m[1])
  const buf = new Uint8Array(n.length + 2 + 32)
  buf.set(n)
  buf.set([0x0a, alg], n.length)
  buf.set(pk, n.length + 2)
  if (toHex(sha256(buf).slice(0, 4)) !== m[2]) return null
  return { name: m[1], publicKey: toHex(pk) }
}
