import { z } from 'zod'

/**
 * The data shapes of the `space` function's results (SPEC §2–§3); events and result envelopes
 * are in ./space.ts, which re-exports everything here.
 */
export const CredentialType = z.enum(['id_card', 'household_register', 'birth_certificate', 'property'])
export type CredentialType = z.infer<typeof CredentialType>

/** Titles as 粤省事 shows them (seed 003, SPEC §2). */
export const CREDENTIAL_TITLES: Record<CredentialType, string> = {
  id_card: '居民身份电子凭证',
  household_register: '居民户口簿',
  birth_certificate: '出生医学证明',
  property: '不动产权证书',
}

const Id = z.string().min(1).max(200)

/** A dead end explained: a stable code, a Chinese message, the fallback (待审类（含未授权）), masked details. */
export const SpaceReason = z.object({
  code: z.string(),
  message: z.string(),
  fallback: z.string(),
  /** Masked facts behind the reason (which fields differ, coverage area/since, register cause ...). */
  details: z.record(z.unknown()).default({}),
})
export type SpaceReason = z.infer<typeof SpaceReason>

/** Whose credential it is: the holder's own, or a linked child's (shown marked 被监护人). */
export const CredentialSubject = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('self') }),
  z.object({ kind: z.literal('ward'), childLinkId: Id, maskedName: z.string(), label: z.literal('被监护人') }),
])

export const DetailField = z.object({ key: z.string(), label: z.string(), value: z.string() })
export const DetailSection = z.object({ title: z.string(), fields: z.array(DetailField) })

export const CredentialSummary = z.object({
  credentialId: Id,
  type: CredentialType,
  title: z.string(),
  /** e.g. `出生医学证明 S44****45 · 新生儿 **涵`: numbers and names masked. */
  maskedSummary: z.string(),
  /** Every field row of the detail page, masked (names, numbers, dates, street): shown before the face check. */
  maskedSections: z.array(DetailSection),
  subject: CredentialSubject,
  claimedAt: z.number(),
})
export type CredentialSummary = z.infer<typeof CredentialSummary>

export const MissingCredential = z.object({
  type: CredentialType,
  title: z.string(),
  /** True when 申领 would fetch at least one more credential of this type now. */
  claimable: z.boolean(),
  /** How many the registry holds for this person that are not yet in the space. */
  available: z.number().int().min(0),
  /** Why not (or why some are not): e.g. births outside coverage, no record in the registry. */
  reasons: z.array(SpaceReason),
})

export const ChildLinkSummary = z.object({
  childLinkId: Id,
  /** The parent's own birth certificate the child was linked through (the twins chooser marks it). */
  birthCertificateId: Id,
  maskedName: z.string(),
  sex: z.enum(['男', '女']),
  birthDate: z.string(),
  parentRole: z.enum(['mother', 'father']),
  /** Linked through the register's former names (renamed-child path). */
  renamed: z.boolean(),
  linkedAt: z.number(),
  /** The child's ID e-certificate and register entry were claimed after the consent form. */
  credentialsClaimed: z.boolean(),
  /** Under 14 the child never authorizes for themselves (PIPL art. 31). */
  underFourteen: z.boolean(),
})
export type ChildLinkSummary = z.infer<typeof ChildLinkSummary>

export const ReportState = z.enum(['已提交', '处理中', '已处理'])

export const ErrorReport = z.object({
  reportId: Id,
  credentialId: Id,
  type: CredentialType,
  title: z.string(),
  fields: z.array(z.string()),
  description: z.string(),
  state: ReportState,
  createdAt: z.number(),
  updatedAt: z.number(),
})

/** Who acted. Business systems name the system and its operator. */
export const HistoryActor = z.object({
  kind: z.enum(['self', 'guardian', 'business_system']),
  /** Masked person name, or the business system's name. */
  label: z.string(),
  operator: z.string().nullable().default(null),
})

/** Kept open: authorize / revoke / read by business systems use the same entry. */
export const HistoryAction = z.enum(['claim', 'view', 'download', 'link', 'claim_ward', 'report', 'authorize', 'revoke', 'read'])
export type HistoryAction = z.infer<typeof HistoryAction>

export const HistoryEntry = z.object({
  entryId: Id,
  at: z.number(),
  actor: HistoryActor,
  action: HistoryAction,
  credentialTypes: z.array(CredentialType),
  /** Field keys used (e.g. `newbornName`), empty when the whole credential. */
  fields: z.array(z.string()),
  /** Download purpose, report summary, linked child's masked name ... never a clear ID number. */
  note: z.string().nullable(),
})
export type HistoryEntry = z.infer<typeof HistoryEntry>


