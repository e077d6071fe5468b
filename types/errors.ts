import { z } from 'zod'
import { HEALTH_ERROR_CODES } from './healthErrors'
import { CONSENT_ERROR_CODES } from './consentErrors'
import { COUNTER_ERROR_CODES } from './counterErrors'

/**
 * One error envelope for every function (ARCHITECTURE.md "Principles"):
 * a stable code for programs, a Chinese message for people, and a next step.
 */
export const ErrorCode = z.enum([
  'BAD_REQUEST', // the event did not parse
  'ID_NUMBER_INVALID', // GB 11643 check failed
  'NOT_LOGGED_IN',
  'SESSION_REPLACED', // one device at a time (SPEC §1)
  'SESSION_EXPIRED',
  'VERIFICATION_REQUIRED', // sensitive action without a recent face check
  'VERIFICATION_NOT_FOUND',
  'VERIFICATION_USED', // a verify id is accepted once
  'VERIFICATION_EXPIRED',
  'VERIFICATION_PENDING', // the user has not finished the face step yet
  'FACE_NO_RECORD', // 系统未包含该身份信息
  'FACE_CHECK_FAILED', // 未能通过人脸检测
  'WXPAY_CHECK_FAILED', // 微信支付密码认证未通过
  'METHOD_UNAVAILABLE',
  'NOT_FOUND',
  'REGISTRY_NO_RECORD', // the e-licence registry holds no such credential for this person (SPEC §2)
  'NOT_PARENT_ON_BIRTH_CERT', // only the mother or father named on it may claim (SPEC §2)
  'CHILD_RECORDS_UNAVAILABLE', // a linked child's ID or register entry cannot be fetched any more
  'GUARDIAN_REQUIRED', // under 14: only a linked guardian authorizes (PIPL art. 31)
  'FORBIDDEN',
  'UNKNOWN_FUNCTION',
  'INTERNAL',
  ...HEALTH_ERROR_CODES, // SPEC §5 health declaration
  ...CONSENT_ERROR_CODES, // SPEC §4 consent ledger and enrolment authorization
  ...COUNTER_ERROR_CODES, // SPEC §6 counter use (免证办)
])
export type ErrorCode = z.infer<typeof ErrorCode>

export const AppErrorSchema = z.object({
  code: ErrorCode,
  message: z.string(),
  hint: z.string(),
})
export type AppErrorBody = z.infer<typeof AppErrorSchema>

export const failure = z.object({ ok: z.literal(false), error: AppErrorSchema })

/** `{ ok: true, data }` or `{ ok: false, error }`: the shape every function returns. */
export function resultOf<T extends z.ZodTypeAny>(data: T) {
  return z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), data }), failure])
}
export type Result<T> = { ok: true; data: T } | { ok: false; error: AppErrorBody }
