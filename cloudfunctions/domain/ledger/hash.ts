import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js'

/**
 * Merkle tree hashing for the consent ledger (SPEC §4: tamper-evident ledger), RFC 6962 §2.1 /
 * RFC 9162 §2.1.1. Uint8Array only and no platform imports, so the same code checks proofs on
 * the device. https://www.rfc-editor.org/rfc/rfc6962#section-2.1
 */
export type Hash = Uint8Array

/** RFC 6962 §2.1: leaf hash = SHA-256(0x00 || entry). Distinct prefixes keep a leaf from
 * passing as an interior node (second-preimage resistance, RFC 9162 §2.1.1). */
export const LEAF_PREFIX = 0x00
/** RFC 6962 §2.1: interior node hash = SHA-256(0x01 || left || right). */
export const NODE_PREFIX = 0x01
/** SHA-256 output length; every proof component and root is this long. */
export const HASH_SIZE = 32

/** RFC 6962 §2.1: MTH({d(0)}) = SHA-256(0x00 || d(0)). */
export function leafHash(entry: Uint8Array): Hash {
  const buf = new Uint8Array(entry.length + 1)
  buf[0] = LEAF_PREFIX
  buf.set(entry, 1)
  return sha256(buf)
}

/** RFC 6962 §2.1: SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n])). */
export function nodeHash(left: Hash, right: Hash): Hash {
  const buf = new Uint8Array(left.length + right.length + 1)
  buf[0] = NODE_PREFIX
  buf.set(left, 1)
  buf.set(right, 1 + left.length)
  return sha256(buf)
}

/** RFC 6962 §2.1: the hash of an empty list is the hash of an empty string, MTH({}) = SHA-256(). */
export function emptyRoot(): Hash {
  return sha256(new Uint8Array(0))
}

export function isHash(value: unknown): value is Hash {
  return value instanceof Uint8Array && value.length === HASH_SIZE
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i]
  return diff === 0
}

export const toHex = (bytes: Uint8Array): string => bytesToHex(bytes)

/** Lower-case, even-length hex only (one spelling per value); null otherwise. */
export function fromHex(hex: string): Uint8Array | null {
  return /^(?:[0-9a-f]{2})*$/.test(hex) ? hexToBytes(hex) : null
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** RFC 4648 §4 base64 with padding (the alphabet of the vectors and of C2SP notes). */
export function toBase64(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0)
    const chars = Math.ceil(((Math.min(3, bytes.length - i)) * 8) / 6)
    for (let j = 0; j < 4; j++) out += j < chars ? B64[(n >> (18 - 6 * j)) & 63] : '='
  }
  return out
}

/** Strict RFC 4648 §4 decoding: padding required, non-zero spare bits rejected; null if invalid. */
export function fromBase64(s: string): Uint8Array | null {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s)) return null
  const body = s.replace(/=+$/, '')
  const out: number[] = []
  let acc = 0
  let bits = 0
  for (const c of body) {
    acc = ((acc << 6) | B64.indexOf(c)) & 0xffffff
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out.push((acc >> bits) & 0xff)
    }
  }
  if ((acc & ((1 << bits) - 1)) !== 0) return null
  return Uint8Array.from(out)
}

/**
 * UTF-8 bytes of a string, exactly as TextEncoder gives them. The device checks proofs too, and
 * WeChat's JS engines on phones have no TextEncoder (DevTools does), so without it this spells the
 * bytes out; found running the weapp bundle headless (test/helpers/weappVm.ts).
 */
export function utf8(s: string): Uint8Array {
  return typeof TextEncoder === 'function' ? new TextEncoder().encode(s) : utf8Spelled(s)
}

/** utf8() without TextEncoder: a lone surrogate becomes U+FFFD, as the WHATWG encoder does. */
export function utf8Spelled(s: string): Uint8Array {
  const out: number[] = []
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdfff) {
      const d = c <= 0xdbff && i + 1 < s.length ? s.charCodeAt(i + 1) : 0
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00)
        i++
      } else {
        c = 0xfffd
      }
    }
    if (c < 0x80) out.push(c)
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63))
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
  }
  return Uint8Array.from(out)
}
