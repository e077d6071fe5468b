import type { PartKey } from '../../../types/consentModels'
import { fieldsOf } from './fields'

/**
 * Scope rules (SPEC §4): a business system asks only inside its registered allow-list; it reads
 * only inside a valid consent (active, unexpired, unrevoked) and only the consented fields.
 */
export type AllowList = Partial<Record<PartKey, string[]>>

/** The fields a request may ask for, or the first one outside the allow-list / catalog. */
export function checkAllowList(allow: AllowList, asked: Partial<Record<PartKey, string[]>>, parts: readonly PartKey[]):
  { ok: true; fields: Record<PartKey, string[]> } | { ok: false; part: PartKey; field: string | null } {
  const out = {} as Record<PartKey, string[]>
  for (const part of parts) {
    const allowed = allow[part]
    if (!allowed || allowed.length === 0) return { ok: false, part, field: null }
    const wanted = asked[part] ?? allowed
    const bad = wanted.find((f) => !allowed.includes(f) || !fieldsOf(part).includes(f))
    if (bad !== undefined || wanted.length === 0) return { ok: false, part, field: bad ?? null }
    out[part] = [...new Set(wanted)]
  }
  return { ok: true, fields: out }
}

export interface ConsentTerms {
  state: 'active' | 'revoked'
  expiresAt: number
  fields: string[]
}

export type ReadDecision =
  | { ok: true; fields: string[] }
  | { ok: false; why: 'no_consent' | 'revoked' | 'expired' | 'outside_scope'; outside: string[] }

/** Every requested field must be consented; otherwise the whole read is refused (and recorded). */
export function decideRead(consent: ConsentTerms | null, requested: string[] | undefined, now: number): ReadDecision {
  if (!consent) return { ok: false, why: 'no_consent', outside: requested ?? [] }
  if (consent.state === 'revoked') return { ok: false, why: 'revoked', outside: [] }
  if (now >= consent.expiresAt) return { ok: false, why: 'expired', outside: [] }
  const wanted = requested ?? consent.fields
  const outside = wanted.filter((f) => !consent.fields.includes(f))
  if (outside.length > 0 || wanted.length === 0) return { ok: false, why: 'outside_scope', outside }
  return { ok: true, fields: [...new Set(wanted)] }
}
