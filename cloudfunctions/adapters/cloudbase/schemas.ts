import { z } from 'zod'
import type { VerifyMethod as Method } from '../../../types/auth'
import type { Account, Identity, Session, Verification } from '../../ports/stores'

/** What a document must look like when read back (STYLE.md: zod at the database edge). */
const time = z.number().finite()
/** Kept local (type-checked against types/auth) so reading a document never loads the event schemas. */
const VerifyMethod: z.ZodType<Method> = z.enum(['face', 'wxpay'])

export const AccountDoc: z.ZodType<Account> = z.object({
  openid: z.string(),
  defaultMethod: VerifyMethod,
  identityId: z.string().nullable(),
  updatedAt: time,
})

export const IdentityDoc: z.ZodType<Identity> = z.object({
  id: z.string(),
  nameCipher: z.string(),
  idNumberCipher: z.string(),
  currentSessionId: z.string().nullable(),
  createdAt: time,
  updatedAt: time,
})

export const SessionDoc: z.ZodType<Session> = z.object({
  id: z.string(),
  openid: z.string(),
  identityId: z.string(),
  createdAt: time,
  verifiedAt: time,
  lastSeenAt: time,
  endedAt: time.nullable(),
})

export const VerificationDoc: z.ZodType<Verification> = z.object({
  verifyId: z.string(),
  method: VerifyMethod,
  purpose: z.enum(['login', 'reverify']),
  openid: z.string(),
  sessionId: z.string().nullable(),
  identityId: z.string(),
  outSeqNo: z.string(),
  nameCipher: z.string(),
  idNumberCipher: z.string(),
  state: z.enum(['pending', 'used']),
  createdAt: time,
  expiresAt: time,
  usedAt: time.nullable(),
})
