import { z } from 'zod'
import type { AccessEvent, ChildLink, CredentialReport, HeldCredential } from '../ports/spaceStores'

/**
 * What a stored space record must look like when read back, shared by the SQLite rows and the
 * CloudBase documents (STYLE.md: zod at the database edge). Enums are local copies of types/space
 * so reading a record never loads the event schemas.
 */
const time = z.number().finite()
const credentialType = z.enum(['id_card', 'household_register', 'birth_certificate', 'property'])
const action = z.enum(['claim', 'view', 'download', 'link', 'claim_ward', 'report', 'authorize', 'revoke', 'read'])

export const HeldCredentialRecord: z.ZodType<HeldCredential> = z.object({
  id: z.string(),
  holderIdentityId: z.string(),
  type: credentialType,
  subjectKind: z.enum(['self', 'ward']),
  childLinkId: z.string().nullable(),
  payloadCipher: z.string(),
  claimedAt: time,
})

export const ChildLinkRecord: z.ZodType<ChildLink> = z.object({
  id: z.string(),
  parentIdentityId: z.string(),
  childIdentityId: z.string(),
  birthCertificateId: z.string(),
  payloadCipher: z.string(),
  linkedAt: time,
  wardClaimedAt: time.nullable(),
})

/** SQLite keeps arrays as JSON text; documents keep them as arrays. Both parse here. */
const stringList = z.union([z.array(z.string()), z.string().transform((s, ctx) => {
  try {
    return z.array(z.string()).parse(JSON.parse(s))
  } catch {
    ctx.addIssue({ code: 'custom', message: 'not a JSON string array' })
    return z.NEVER
  }
})])

export const CredentialReportRecord: z.ZodType<CredentialReport, z.ZodTypeDef, unknown> = z.object({
  id: z.string(),
  holderIdentityId: z.string(),
  credentialId: z.string(),
  type: credentialType,
  fields: stringList,
  descriptionCipher: z.string(),
  state: z.enum(['已提交', '处理中', '已处理']),
  createdAt: time,
  updatedAt: time,
})

export const AccessEventRecord: z.ZodType<AccessEvent, z.ZodTypeDef, unknown> = z.object({
  id: z.string(),
  identityId: z.string(),
  at: time,
  actorKind: z.enum(['self', 'guardian', 'business_system']),
  actorLabel: z.string(),
  operator: z.string().nullable(),
  action,
  credentialTypes: z.union([z.array(credentialType), stringList.pipe(z.array(credentialType))]),
  fields: stringList,
  noteCipher: z.string().nullable(),
})
