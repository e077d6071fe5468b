import { sha256 } from '@noble/hashes/sha2.js'
import { leafHash, toHex, utf8 } from './hash'

/**
 * The consent ledger's entry (SPEC §4): no personal data in clear, so the
 * log never changes when personal data is deleted. The bytes hashed (RFC 6962 §2.1 leaf input)
 * are this object as JSON with its keys in the fixed order below, so the device can recompute
 * the leaf hash from the text it is given and nothing else.
 */
export const LEDGER_ACTIONS = ['grant', 'revoke', 'read', 'read_refused'] as const
export type LedgerAction = (typeof LEDGER_ACTIONS)[number]

export interface LedgerLeaf {
  v: 1
  /** Consent id (random), or `request:<code>:<part>` for a refused read with no consent. */
  consent: string
  action: LedgerAction
  /** SHA-256 hex of the sorted field keys joined by `\n`: which fields, without the values. */
  fields: string
  /** Keyed-hash pseudonym of the person or business system who acted. */
  actor: string
  /** Epoch milliseconds. */
  at: number
  /**
   * Where and through whom the act happened, when not the actor's own device: ids and pseudonyms
   * only (a 评价器 confirmation: `kiosk:<评价器编号>;staff:<pseudonym>`). Absent on older leaves.
   */
  via?: string
  /**
   * Lower-case hex SHA-256 of the 授权说明 the holder read when they agreed (domain/consent/notice.ts),
   * on the consent acts (grants) that have one. The text is stored once under this hash; nothing
   * personal is in the leaf. Absent on older leaves and on reads.
   */
  notice?: string
}

const NOTICE_HEX = /^[0-9a-f]{64}$/

export function fieldSetHash(fields: readonly string[]): string {
  return toHex(sha256(utf8([...new Set(fields)].sort().join('\n'))))
}

export function encodeLeaf(l: LedgerLeaf): string {
  const base = { v: l.v, consent: l.consent, action: l.action, fields: l.fields, actor: l.actor, at: l.at }
  const withVia = l.via === undefined ? base : { ...base, via: l.via }
  return JSON.stringify(l.notice === undefined ? withVia : { ...withVia, notice: l.notice })
}

/** Parses a leaf text only if it is in the canonical form (one spelling per leaf). */
export function decodeLeaf(text: string): LedgerLeaf | null {
  try {
    const o = JSON.parse(text) as LedgerLeaf
    const ok = o && o.v === 1 && typeof o.consent === 'string' && (LEDGER_ACTIONS as readonly string[]).includes(o.action) &&
      typeof o.fields === 'string' && typeof o.actor === 'string' && Number.isSafeInteger(o.at) &&
      (o.via === undefined || typeof o.via === 'string') && (o.notice === undefined || (typeof o.notice === 'string' && NOTICE_HEX.test(o.notice)))
    return ok && encodeLeaf(o) === text ? o : null
  } catch {
    return null
  }
}

export const leafHashOfText = (text: string): Uint8Array => leafHash(utf8(text))
