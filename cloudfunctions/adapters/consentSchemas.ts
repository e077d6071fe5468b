import { z } from 'zod'
import { EvidenceTemplate, PartKey, PartStatus, Reason } from '../../types/consentModels'
import type { AuthRequest, BusinessSystem, Consent, LedgerEntry, StoredCheckpoint, StoredNotice } from '../ports/consentStores'

/** Consent records as they come back from either database, parsed (STYLE.md: zod at the database edge). */
const time = z.number().int()
const json = <T extends z.ZodTypeAny>(schema: T) => z.union([z.string().transform((s) => JSON.parse(s) as unknown), z.unknown()]).pipe(schema)

export const BusinessSystemRecord: z.ZodType<BusinessSystem, z.ZodTypeDef, unknown> = z.object({
  id: z.string(),
  name: z.string(),
  purpose: z.string(),
  allowList: json(z.record(PartKey, z.array(z.string()))),
  keyHash: z.string(),
  createdAt: time,
})

const RequestPartRecord = z.object({
  key: PartKey,
  fields: z.array(z.string()),
  status: PartStatus,
  consentId: z.string().nullable(),
  signerId: z.string().nullable(),
  signerLabel: z.string().nullable(),
  reason: Reason.nullable(),
  updatedAt: time,
})

export const AuthRequestRecord: z.ZodType<AuthRequest, z.ZodTypeDef, unknown> = z.object({
  id: z.string(),
  systemId: z.string(),
  applicationType: z.string(),
  evidence: EvidenceTemplate,
  studentRef: z.string(),
  applicantCipher: z.string(),
  studentMasked: z.string(),
  parts: json(z.array(RequestPartRecord)),
  createdAt: time,
  expiresAt: time,
  version: time,
})

export const ConsentRecord: z.ZodType<Consent, z.ZodTypeDef, unknown> = z.object({
  id: z.string(),
  requestId: z.string(),
  systemId: z.string(),
  part: PartKey,
  signerId: z.string(),
  itemLabel: z.string(),
  itemCipher: z.string(),
  optionId: z.string(),
  fields: json(z.array(z.string())),
  state: z.enum(['active', 'revoked']),
  grantedAt: time,
  expiresAt: time,
  revokedAt: time.nullable(),
  grantIndex: time.nullable(),
  revokeIndex: time.nullable(),
  grantRef: z.string().nullable().optional().transform((v) => v ?? null),
  revokeRef: z.string().nullable().optional().transform((v) => v ?? null),
  noticeHash: z.string().nullable().optional().transform((v) => v ?? null),
})

/** A stored 授权说明: read as stored (the audit checks its hash), only its shape here. */
export const NoticeRecord: z.ZodType<StoredNotice, z.ZodTypeDef, unknown> = z.object({ id: z.string(), text: z.string(), createdAt: time })

export const LedgerEntryRecord: z.ZodType<LedgerEntry, z.ZodTypeDef, unknown> = z.object({
  index: time,
  leaf: z.string(),
  leafHash: z.string().regex(/^[0-9a-f]{64}$/),
  appendedAt: time,
})

/** An entry as stored, for the audit: no format checks on the hash, so a tampered row reaches the audit. */
const asText = z.unknown().transform((v) => (typeof v === 'string' ? v : Buffer.isBuffer(v) ? v.toString('utf8') : String(v)))
export const LedgerEntryLoose: z.ZodType<LedgerEntry, z.ZodTypeDef, unknown> = z.object({
  index: time,
  // A changed byte can change a stored value's type (SQLite's record header): still text to the audit.
  leaf: asText,
  leafHash: asText,
  appendedAt: z.unknown().transform((v) => (typeof v === 'number' ? v : Number.NaN)),
})

export const CheckpointRecord: z.ZodType<StoredCheckpoint, z.ZodTypeDef, unknown> = z.object({
  size: time,
  rootHash: z.string(),
  timestamp: z.number(),
  note: z.string(),
})
