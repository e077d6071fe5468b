import { z } from 'zod'
import { DocType, Frequency } from '../../types/health'
import type { Binding, BoardRow, Reach, DayEntry, DayLock, DayReminder, Declarant, ExportJob, Membership, Org, Submission } from '../ports/healthStores'

/** Health records as read back from either database: parsed, never cast (STYLE.md). */
const time = z.number().int()
const str = z.string()
/** SQLite stores booleans as 0/1 and arrays as JSON text; CloudBase stores them natively. */
// Preprocess rather than union: a union tries every branch and cost 90 ms on 4,000 day entries.
const bool = z.preprocess((v) => (v === 1 ? true : v === 0 ? false : v), z.boolean())
const EMPTY = '[]'
const strings = z.preprocess((v) => (v === EMPTY ? [] : typeof v === 'string' ? JSON.parse(v) : v), z.array(str))

export const OrgRecord: z.ZodType<Org, z.ZodTypeDef, unknown> = z.object({
  id: str, name: str, deadline: str, frequency: Frequency, collectorIdentityId: str, collectorMaskedName: str, createdAt: time,
})
export const DeclarantRecord: z.ZodType<Declarant, z.ZodTypeDef, unknown> = z.object({
  id: str, docType: DocType, nameCipher: str, docNumberCipher: str, maskedName: str, maskedDocNumber: str, createdAt: time,
})
/** Fields added later: absent on documents written before it. */
const optStr = str.nullable().optional().transform((v) => v ?? null)
const optBool = z.preprocess((v) => (v === 1 ? true : v === 0 || v === undefined || v === null ? false : v), z.boolean())
export const MembershipRecord: z.ZodType<Membership, z.ZodTypeDef, unknown> = z.object({
  id: str, orgId: str, declarantId: str, maskedName: str, nameCipher: optStr, nameVerified: optBool, altNameCipher: optStr, altMaskedName: optStr,
  docType: DocType, state: z.enum(['active', 'left']), joinedAt: time, leftAt: time.nullable(),
})
export const BindingRecord: z.ZodType<Binding, z.ZodTypeDef, unknown> = z.object({
  id: str, filerIdentityId: str, filerOpenid: str, declarantId: str, relation: z.enum(['self', 'proxy']),
  state: z.enum(['active', 'removed']), createdAt: time, removedAt: time.nullable(), nameCipher: optStr, maskedName: optStr,
})
export const ReachRecord: z.ZodType<Reach, z.ZodTypeDef, unknown> = z.object({ id: str, filerIdentityId: str, orgId: str, declarantId: str, grantedAt: time })
export const SubmissionRecord: z.ZodType<Submission, z.ZodTypeDef, unknown> = z.object({
  id: str, orgId: str, declarantId: str, day: str, clientId: str, submittedAt: time, late: bool, filerIdentityId: str,
  byCollector: bool, formCipher: str, abnormal: strings,
})
export const DayEntryRecord: z.ZodType<DayEntry, z.ZodTypeDef, unknown> = z.object({
  id: str, orgId: str, day: str, declarantId: str, submissionId: str, submittedAt: time, late: bool, abnormal: strings,
})
export const DayLockRecord: z.ZodType<DayLock, z.ZodTypeDef, unknown> = z.object({ id: str, orgId: str, day: str, lockedAt: time, lockedBy: str })
export const DayReminderRecord: z.ZodType<DayReminder, z.ZodTypeDef, unknown> = z.object({
  id: str, orgId: str, day: str, lastAt: time, lastBy: str, lastCount: z.number().int().nonnegative(), times: z.number().int().positive(),
})
export const ExportJobRecord: z.ZodType<ExportJob, z.ZodTypeDef, unknown> = z.object({
  id: str, orgId: str, requestedBy: str, done: z.number().int(), total: z.number().int(), state: z.enum(['running', 'done', 'failed']), updatedAt: time,
})
export const BoardRowRecord: z.ZodType<BoardRow, z.ZodTypeDef, unknown> = z.object({
  declarantId: str, maskedName: str, nameCipher: optStr, altNameCipher: optStr, docType: DocType, joinedAt: time, submittedAt: time.nullable(), submissionId: str.nullable(), late: bool, abnormal: strings,
})
const DOC_TYPES = new Set<string>(DocType.options)
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string')

/**
 * The same checks as BoardRowRecord, written out by hand for the workbench's hot path: zod took
 * 28 ms for a 5,000-member board (the target is 50 ms for the whole call). Every field is still
 * checked; a malformed row throws like zod would.
 */
export function parseBoardRow(r: unknown): BoardRow {
  const o = r as Record<string, unknown>
  const abnormal = o.abnormal === EMPTY ? [] : typeof o.abnormal === 'string' ? JSON.parse(o.abnormal) : o.abnormal
  const late = o.late === 1 ? true : o.late === 0 ? false : o.late
  const ok =
    typeof o === 'object' && o !== null && typeof o.declarantId === 'string' && typeof o.maskedName === 'string' &&
    DOC_TYPES.has(o.docType as string) && Number.isInteger(o.joinedAt) && (o.submittedAt === null || Number.isInteger(o.submittedAt)) &&
    (o.submissionId === null || o.submissionId === undefined || typeof o.submissionId === 'string') &&
    (o.nameCipher == null || typeof o.nameCipher === 'string') && (o.altNameCipher == null || typeof o.altNameCipher === 'string') &&
    typeof late === 'boolean' && isStrings(abnormal)
  if (!ok) return BoardRowRecord.parse(r) // zod names what is wrong
  return { declarantId: o.declarantId as string, maskedName: o.maskedName as string, nameCipher: (o.nameCipher ?? null) as string | null, altNameCipher: (o.altNameCipher ?? null) as string | null, docType: o.docType as BoardRow['docType'], joinedAt: o.joinedAt as number, submittedAt: o.submittedAt as number | null, submissionId: (o.submissionId ?? null) as string | null, late, abnormal }
}

/** The per-declarant proxy document (CloudBase): holders and a version for the conditional update. */
export const ProxySlotsRecord = z.object({ id: str, holders: z.array(str), version: z.number().int() })
export type ProxySlots = z.infer<typeof ProxySlotsRecord>
