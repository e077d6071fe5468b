import { z } from 'zod'
import type { Account, Identity, Session, Verification } from '../../ports/stores'

/** Rows coming out of SQLite are parsed, not cast (STYLE.md: zod at the database edge). */
const time = z.number().int()
const method = z.enum(['face', 'wxpay'])

export const AccountRow: z.ZodType<Account> = z.object({
  openid: z.string(),
  defaultMethod: method,
  identityId: z.string().nullable(),
  updatedAt: time,
})

export const IdentityRow: z.ZodType<Identity> = z.object({
  id: z.string(),
  nameCipher: z.string(),
  idNumberCipher: z.string(),
  currentSessionId: z.string().nullable(),
  createdAt: time,
  updatedAt: time,
})

export const SessionRow: z.ZodType<Session> = z.object({
  id: z.string(),
  openid: z.string(),
  identityId: z.string(),
  createdAt: time,
  verifiedAt: time,
  lastSeenAt: time,
  endedAt: time.nullable(),
})

export const VerificationRow: z.ZodType<Verification> = z.object({
  verifyId: z.string(),
  method,
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

export function parseRow<T>(schema: z.ZodType<T>, row: unknown): T | null {
  return row === undefined ? null : schema.parse(row)
}
