import {
  APPLICATION_AUTHORIZED,
  APPLICATION_PENDING,
  DeclineReason,
  type PartKey,
  type PartStatus,
  type Reason,
  type RequestStatus,
} from '../../../types/consentModels'

/**
 * The authorization request as plain data and its state machine (SPEC §4, seed 000 notes 1–5).
 * Each part (register, birth certificate, property) moves on its own:
 *
 *   pending ──sign──▶ signed ──revoke──▶ revoked ──sign (重新授权)──▶ signed
 *   pending ──markUnavailable──▶ unavailable          (collective household, …)
 *   unavailable (declared by the family) ──sign──▶ signed   (the rightful signer still may)
 *
 * Nothing is signed or declared once the request has expired. A family member's 无法在线授权 is a
 * fallback, not a veto: the rightful signer can still sign that part; only what the registry
 * itself rules out (集体户, no register …) stays unsignable. The request is complete when every part is
 * signed or unavailable; fully signed → 网上证照已授权, otherwise 待审类（含未授权）.
 * Pure: `now` is passed in; each transition returns the next request or a refusal code.
 */
export interface RequestPart {
  key: PartKey
  /** Field keys the business system asks for (inside its allow-list). */
  fields: string[]
  status: PartStatus
  consentId: string | null
  signerId: string | null
  /** Masked signer name for the others who open the request. */
  signerLabel: string | null
  reason: Reason | null
  updatedAt: number
}

export interface AuthRequestState {
  parts: RequestPart[]
  createdAt: number
  expiresAt: number
  /** Bumped by every transition; the store replaces the request only if it is unchanged (CAS). */
  version: number
}

export type Refusal =
  | 'REQUEST_EXPIRED' | 'PART_NOT_FOUND' | 'PART_UNAVAILABLE' | 'ALREADY_SIGNED'
  | 'NOT_SIGNED' | 'NOT_RIGHTFUL_SIGNER' | 'SCOPE_INVALID'
export type Transition<T> = { ok: true; request: T } | { ok: false; refusal: Refusal }

const refuse = (refusal: Refusal) => ({ ok: false as const, refusal })

export const isExpired = (r: Pick<AuthRequestState, 'expiresAt'>, now: number) => now >= r.expiresAt

function withPart<T extends AuthRequestState>(r: T, key: PartKey, now: number, change: Partial<RequestPart>): T {
  return { ...r, version: r.version + 1, parts: r.parts.map((p) => (p.key === key ? { ...p, ...change, updatedAt: now } : p)) }
}

export interface Signature {
  consentId: string
  signerId: string
  signerLabel: string
  fields: string[]
}

/** A family member's 无法在线授权 (seed 000 notes 3–4): its reason is one of the declarable ones. */
export const isDeclared = (p: Pick<RequestPart, 'status' | 'reason'>): boolean =>
  p.status === 'unavailable' && p.reason !== null && DeclineReason.safeParse(p.reason.code).success

/** pending | revoked | declared unavailable → signed, with a non-empty field set inside what the part asks for. */
export function sign<T extends AuthRequestState>(r: T, key: PartKey, s: Signature, now: number): Transition<T> {
  if (isExpired(r, now)) return refuse('REQUEST_EXPIRED')
  const part = r.parts.find((p) => p.key === key)
  if (!part) return refuse('PART_NOT_FOUND')
  if (part.status === 'unavailable' && !isDeclared(part)) return refuse('PART_UNAVAILABLE')
  if (part.status === 'signed') return refuse('ALREADY_SIGNED')
  if (s.fields.length === 0 || !s.fields.every((f) => part.fields.includes(f))) return refuse('SCOPE_INVALID')
  if (new Set(s.fields).size !== s.fields.length) return refuse('SCOPE_INVALID')
  return {
    ok: true,
    request: withPart(r, key, now, { status: 'signed', consentId: s.consentId, signerId: s.signerId, signerLabel: s.signerLabel, reason: null }),
  }
}

/** signed → revoked, by the one who signed it (注销). Allowed after expiry too: it only takes away. */
export function revoke<T extends AuthRequestState>(r: T, key: PartKey, signerId: string, now: number): Transition<T> {
  const part = r.parts.find((p) => p.key === key)
  if (!part) return refuse('PART_NOT_FOUND')
  if (part.status !== 'signed') return refuse('NOT_SIGNED')
  if (part.signerId !== signerId) return refuse('NOT_RIGHTFUL_SIGNER')
  return { ok: true, request: withPart(r, key, now, { status: 'revoked' }) }
}

/** pending → unavailable with the reason (集体户, no register …): the application goes in as 待审类. */
export function markUnavailable<T extends AuthRequestState>(r: T, key: PartKey, reason: Reason, now: number): Transition<T> {
  if (isExpired(r, now)) return refuse('REQUEST_EXPIRED')
  const part = r.parts.find((p) => p.key === key)
  if (!part) return refuse('PART_NOT_FOUND')
  if (part.status === 'signed') return refuse('ALREADY_SIGNED')
  if (part.status === 'unavailable') return refuse('PART_UNAVAILABLE')
  return { ok: true, request: withPart(r, key, now, { status: 'unavailable', reason, consentId: null, signerId: null, signerLabel: null }) }
}

export function requestStatus(r: AuthRequestState, now: number): RequestStatus {
  if (r.parts.every((p) => p.status === 'signed' || p.status === 'unavailable')) return isExpired(r, now) ? 'expired' : 'complete'
  return isExpired(r, now) ? 'expired' : 'open'
}

/** Seed 000 note 1 and FAQ: fully authorized online, or pending on-site verification with the reasons. */
const SHORT: Record<PartKey, string> = { household_register: '户口簿', birth_certificate: '出生证', property: '房产' }

export function applicationResult(r: AuthRequestState, now: number): { type: typeof APPLICATION_AUTHORIZED | typeof APPLICATION_PENDING; reasons: Reason[] } {
  const signed = !isExpired(r, now) && r.parts.every((p) => p.status === 'signed')
  if (signed) return { type: APPLICATION_AUTHORIZED, reasons: [] }
  const reasons = r.parts.flatMap((p): Reason[] => {
    if (p.status === 'unavailable' && p.reason) return [p.reason]
    if (p.status === 'revoked') return [{ code: 'REVOKED', message: `${SHORT[p.key]}授权已注销` }]
    if (p.status === 'pending') return [{ code: 'NOT_SIGNED', message: `${SHORT[p.key]}尚未授权` }]
    return []
  })
  if (isExpired(r, now)) reasons.push({ code: 'EXPIRED', message: '授权申请已过期' })
  return { type: APPLICATION_PENDING, reasons }
}
