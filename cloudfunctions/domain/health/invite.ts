import { hmac } from '@noble/hashes/hmac.js'
import { sha256 } from '@noble/hashes/sha2.js'

/**
 * Invitation cards (seed 002: tapping the collector's card is the only way to join an org or add
 * a declarant). The card's path carries a ticket `base64url(JSON payload) + '.' + base64url(HMAC-
 * SHA-256(key, first part))` (RFC 4648 §5 alphabet, no padding). The key and the nonce are passed
 * in; nothing here reads a clock or a random source.
 */
export interface InvitePayload {
  orgId: string
  /** The collector's account id. */
  issuedBy: string
  /** Expiry, epoch ms. */
  exp: number
  /** From IdGenerator.secret(): two cards for the same org are distinct tickets. */
  nonce: string
}

/** Suggested lifetime of a card; a card forwarded in a group chat is tapped over several days. */
export const INVITE_TTL_MS = 7 * 24 * 3600 * 1000

export type TicketCheck =
  | { ok: true; payload: InvitePayload }
  | { ok: false; reason: 'malformed' | 'tampered' | 'expired'; message: string; hint: string }

/** A short message and, apart, the next step (FAQ 7: only a card sent by the collector lets one join), so a page shows each once. */
const MESSAGES = {
  malformed: { message: '邀请卡片无法识别', hint: '请点击采集员在微信聊天界面发送的邀请卡片；如仍无法打开，请联系采集员重新发送邀请卡片。' },
  tampered: { message: '邀请卡片校验未通过', hint: '请点击采集员在微信聊天界面发送的原始邀请卡片，或联系采集员重新发送邀请卡片。' },
  expired: { message: '邀请卡片已过期', hint: '请联系采集员在微信聊天界面重新发送邀请卡片，点击新卡片后加入组织。' },
} as const
const fail = (reason: keyof typeof MESSAGES): TicketCheck => ({ ok: false, reason, ...MESSAGES[reason] })

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
const B64URL = /^[A-Za-z0-9_-]+$/

export function toBase64Url(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0)
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6))
    for (let j = 0; j < chars; j++) out += ALPHABET[(n >> (18 - 6 * j)) & 63]
  }
  return out
}

/** Strict: rejects characters outside the alphabet, impossible lengths and non-zero spare bits. */
export function fromBase64Url(s: string): Uint8Array | null {
  if (!B64URL.test(s) || s.length % 4 === 1) return null
  const out: number[] = []
  let acc = 0
  let bits = 0
  for (const c of s) {
    acc = ((acc << 6) | ALPHABET.indexOf(c)) & 0xffffff
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out.push((acc >> bits) & 0xff)
    }
  }
  if ((acc & ((1 << bits) - 1)) !== 0) return null // non-canonical: two strings, one payload
  return Uint8Array.from(out)
}

/** Compares every byte whatever differs first, so timing does not reveal a valid prefix. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i]
  return diff === 0
}

const enc = new TextEncoder()
const mac = (key: Uint8Array, body: string) => hmac(sha256, key, enc.encode(body))

function assertKey(key: Uint8Array): void {
  if (key.length < 32) throw new TypeError('invite key must be at least 32 bytes')
}

export function issueTicket(payload: InvitePayload, key: Uint8Array): string {
  assertKey(key)
  const { orgId, issuedBy, exp, nonce } = payload
  const body = toBase64Url(enc.encode(JSON.stringify({ orgId, issuedBy, exp, nonce })))
  return `${body}.${toBase64Url(mac(key, body))}`
}

function isPayload(v: unknown): v is InvitePayload {
  const p = v as Record<string, unknown>
  const str = (x: unknown) => typeof x === 'string' && x.length > 0 && x.length <= 128
  return typeof v === 'object' && v !== null && str(p.orgId) && str(p.issuedBy) && str(p.nonce) && Number.isSafeInteger(p.exp)
}

/** Never throws on any input: the signature is checked before the payload is even decoded. */
export function verifyTicket(ticket: unknown, key: Uint8Array, nowMs: number): TicketCheck {
  assertKey(key)
  if (typeof ticket !== 'string' || ticket.length > 1024) return fail('malformed')
  const parts = ticket.split('.')
  if (parts.length !== 2) return fail('malformed')
  const sig = fromBase64Url(parts[1])
  if (fromBase64Url(parts[0]) === null || sig === null || sig.length !== 32) return fail('malformed')
  if (!constantTimeEqual(mac(key, parts[0]), sig)) return fail('tampered')
  let payload: unknown
  try {
    payload = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(fromBase64Url(parts[0]) as Uint8Array))
  } catch {
    return fail('malformed')
  }
  if (!isPayload(payload)) return fail('malformed')
  if (nowMs >= payload.exp) return fail('expired')
  return { ok: true, payload: { orgId: payload.orgId, issuedBy: payload.issuedBy, exp: payload.exp, nonce: payload.nonce } }
}
