import { randomBytes } from 'node:crypto'
import type { VerifyMethod } from '../../../types/auth'
import type { SimulatedOutcome } from '../../../types/simulation'
import type { Clock } from '../../ports/clock'
import type { FaceVerifier, VerifyOutcome, VerifySubject } from '../../ports/faceVerifier'

/**
 * The local cloud's stand-in for WeChat face verification 2.0 (CLOUDBASE.md): `start` hands out a
 * verify id, the simulated camera page reports an outcome for it, `query` answers like
 * queryverifyinfo. In memory: verify ids live at most an hour and a restart abandons them anyway.
 */
export class SimulatedFaceVerifier implements FaceVerifier {
  readonly provider = 'simulated' as const
  private readonly pending = new Map<string, { subject: VerifySubject; expiresAt: number; outcome?: SimulatedOutcome }>()

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {}

  supports(method: VerifyMethod): boolean {
    return method === 'face' || method === 'wxpay'
  }

  async start(subject: VerifySubject): Promise<{ verifyId: string; expiresAt: number }> {
    const now = this.clock.now()
    // Forget abandoned verify ids so a long-running local cloud does not grow without bound.
    for (const [id, entry] of this.pending) if (entry.expiresAt <= now) this.pending.delete(id)
    const verifyId = `sim_${randomBytes(16).toString('base64url')}`
    const expiresAt = now + this.ttlMs
    this.pending.set(verifyId, { subject, expiresAt })
    return { verifyId, expiresAt }
  }

  /** What the simulated camera chose. Returns false for an unknown or expired verify id. */
  report(verifyId: string, outcome: SimulatedOutcome): boolean {
    const entry = this.pending.get(verifyId)
    if (!entry || entry.expiresAt <= this.clock.now()) return false
    entry.outcome = outcome
    return true
  }

  async query(verifyId: string, subject: VerifySubject): Promise<VerifyOutcome> {
    const entry = this.pending.get(verifyId)
    // Like WeChat's cert_hash check: the outcome only counts for the person it was started for.
    const s = entry?.subject
    if (!entry || s?.outSeqNo !== subject.outSeqNo || s.openid !== subject.openid || s.certNo !== subject.certNo) {
      return 'failed'
    }
    return entry.outcome ?? 'pending'
  }
}
