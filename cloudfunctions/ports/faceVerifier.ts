import type { VerifyMethod } from '../../types/auth'

/**
 * Real-name verification (SPEC §1). Face verification 2.0 and the alternative method share
 * this port: the server asks for a verify id, the app runs the check with it, the server asks
 * the provider for the outcome. Nothing here trusts what the app says happened.
 */
export interface VerifySubject {
  method: VerifyMethod
  openid: string
  /** Caller-chosen, unique per verification (WeChat: 5–32 chars). */
  outSeqNo: string
  certName: string
  certNo: string
}

export type VerifyOutcome = 'pass' | 'no_record' | 'failed' | 'pending'

export interface FaceVerifier {
  readonly provider: 'simulated' | 'wechat'
  supports(method: VerifyMethod): boolean
  start(subject: VerifySubject): Promise<{ verifyId: string; expiresAt: number }>
  query(verifyId: string, subject: VerifySubject): Promise<VerifyOutcome>
}
