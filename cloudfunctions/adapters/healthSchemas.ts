import { z } from 'zod'
import { DocType, Frequency } from '../../types/health'
import type { Binding, DayEntry, DayLock, Declarant, ExportJob, Membership, Org, Submission } from '../ports/healthStores'

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
export const MembershipRecord: z.ZodType<Membership, z.ZodTypeDef, unknown> = z.object({
  id: str, orgId: str, declarantId: str, maskedName: str, docType: DocType, state: z.enum(['active', 'left']), joinedAt: time, leftAt: time.nullable(),
})
export const BindingRecord: z.ZodType<Binding, z.ZodTypeDef, unknown> = z.object({
  id: str, filerIdentityId: str, filerOpenid: str, declarantId: str, relation: z.enum(['self', 'proxy']),
  state: z.enum(['active', 'removed']), createdAt: time, removedAt: time.nullable(),
})
export const SubmissionRecord: z.ZodType<Submission, z.ZodTypeDef, unknown> = z.object({
  id: str, orgId: str, declarantId: str, day: str, clientId: str, submittedAt: time, late: bool, filerIdentityId: str,
  byCollector: bool, formCipher: str, abnormal: strings,
})
export const DayEntryRecord: z.ZodType<DayEntry, z.ZodTypeDef, unknown> = z.object({
  id: str, orgId: str, day: str, declarantId: str, submissionId: str, submittedAt: time, late: bool, abnormal: strings,
})
export const DayLockRecord: z.ZodType<DayLock, z.ZodTypeDef, unknown> = z.object({ id: str, orgId: str, day: str, lockedAt: time, lockedBy: str })
export const ExportJobRecord: z.ZodType<ExportJob, z.ZodTypeDef, unknown> = z.object({
  id: str, orgId: str, requestedBy: str, done: z.number().int(), total: z.number().int(), state: z.enum(['running', 'done']), updatedAt: time,
})
/** The per-declarant proxy document (CloudBase): holders and a version for the conditional update. */
export const ProxySlotsRecord = z.object({ id: str, holders: z.array(str), version: z.number().int() })
export type ProxySlots = z.infer<typeof ProxySlotsRecord>

/** The later of two submissions: latest submittedAt, ties broken by id so every reader agrees (FAQ 8). */
export function isLater(a: { submittedAt: number; submissionId: string }, b: { submittedAt: number; submissionId: string }): boolean {
  return a.submittedAt > b.submittedAt || (a.submittedAt === b.submittedAt && a.submissionId > b.submissionId)
}
