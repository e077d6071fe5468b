import { z } from 'zod'
import { resultOf } from './errors'

/** SPEC §1: face verification is primary, WeChat pay-password real-name check the alternative. */
export const VerifyMethod = z.enum(['face', 'wxpay'])
export type VerifyMethod = z.infer<typeof VerifyMethod>

/**
 * Raw, user-typed ID number; normalised and checksum-checked by the service, not here. Room for
 * pasted spaces and full-width digits: the login form's maxlength uses the same limit.
 */
export const RAW_ID_NUMBER_MAX = 40
const rawIdNumber = z.string().min(1, '请输入身份证号码').max(RAW_ID_NUMBER_MAX)
const personName = z.string().trim().min(1, '请输入姓名').max(30, '姓名过长')
export const SessionToken = z.string().min(20).max(128)

// z.union, not discriminatedUnion: zod 3 refuses two options with the same `action` (startVerification
// login | reverify) and throws when this module loads. TypeScript still narrows on `action`.
export const AuthEvent = z.union([
  /** What the login page needs before anyone is logged in. */
  z.object({ action: z.literal('options') }),
  /**
   * Ask the verifier for a verify id. `login`: name + ID number come from the form, or from the
   * identity this WeChat account logged in with last time (then both may be left out).
   * `reverify`: a fresh check inside a live session, for sensitive actions; without `method` the
   * server uses the account's default method (e.g. 微信支付密码认证 for a person with no face record).
   */
  z.object({
    action: z.literal('startVerification'),
    purpose: z.literal('login'),
    method: VerifyMethod,
    name: personName.optional(),
    idNumber: rawIdNumber.optional(),
  }),
  z.object({
    action: z.literal('startVerification'),
    purpose: z.literal('reverify'),
    method: VerifyMethod.optional(),
    sessionToken: SessionToken,
  }),
  /** After wx.requestFacialVerify (or the simulated camera) returns: the server asks the verifier. */
  z.object({
    action: z.literal('completeVerification'),
    verifyId: z.string().min(8).max(256),
    sessionToken: SessionToken.optional(),
  }),
  z.object({ action: z.literal('me'), sessionToken: SessionToken }),
  /** Sensitive: needs a verification within the configured window. */
  z.object({ action: z.literal('revealIdentity'), sessionToken: SessionToken }),
  z.object({ action: z.literal('setDefaultMethod'), sessionToken: SessionToken, method: VerifyMethod }),
  z.object({ action: z.literal('logout'), sessionToken: SessionToken }),
])
export type AuthEvent = z.infer<typeof AuthEvent>
export type AuthAction = AuthEvent['action']

export const MaskedIdentity = z.object({
  maskedName: z.string(),
  maskedIdNumber: z.string(),
})

export const OptionsResult = z.object({
  defaultMethod: VerifyMethod,
  methods: z.array(z.object({ method: VerifyMethod, available: z.boolean() })),
  /** The identity this WeChat account last logged in with, masked, so the form can be skipped. */
  knownIdentity: MaskedIdentity.nullable(),
})

export const StartVerificationResult = z.object({
  verifyId: z.string(),
  method: VerifyMethod,
  provider: z.enum(['simulated', 'wechat']),
  expiresAt: z.number(),
  identity: MaskedIdentity,
})

export const MeResult = MaskedIdentity.extend({
  defaultMethod: VerifyMethod,
  loggedInAt: z.number(),
  verifiedAt: z.number(),
  /** True while sensitive actions are allowed without a new check. */
  recentlyVerified: z.boolean(),
  verificationWindowSeconds: z.number(),
})

export const CompleteVerificationResult = z.discriminatedUnion('purpose', [
  z.object({ purpose: z.literal('login'), sessionToken: SessionToken, me: MeResult }),
  z.object({ purpose: z.literal('reverify'), verifiedAt: z.number() }),
])

export const RevealIdentityResult = z.object({ name: z.string(), idNumber: z.string() })
export const SetDefaultMethodResult = z.object({ defaultMethod: VerifyMethod })
export const LogoutResult = z.object({ loggedOut: z.literal(true) })

/** Result schema per action: the transport and the tests parse with these. */
export const AuthResults = {
  options: resultOf(OptionsResult),
  startVerification: resultOf(StartVerificationResult),
  completeVerification: resultOf(CompleteVerificationResult),
  me: resultOf(MeResult),
  revealIdentity: resultOf(RevealIdentityResult),
  setDefaultMethod: resultOf(SetDefaultMethodResult),
  logout: resultOf(LogoutResult),
} satisfies Record<AuthAction, unknown>

export type AuthData = {
  options: z.infer<typeof OptionsResult>
  startVerification: z.infer<typeof StartVerificationResult>
  completeVerification: z.infer<typeof CompleteVerificationResult>
  me: z.infer<typeof MeResult>
  revealIdentity: z.infer<typeof RevealIdentityResult>
  setDefaultMethod: z.infer<typeof SetDefaultMethodResult>
  logout: z.infer<typeof LogoutResult>
}
