/**
 * Wrong-password counter of one key (a keyed hash of an account or of an address): failures in
 * the current window, and until when sign-in is refused. Moves by compare-and-set on `version`.
 */
export interface SignInThrottle {
  id: string
  windowStart: number
  failures: number
  lockedUntil: number
  version: number
}


/**
 * Wrong-password limits of counter sign-in (OWASP ASVS V2.2.1, soft lockout): per account, 5
 * failures within 15 minutes make it wait 15 minutes; per client address (many windows of a hall
 * may share one), 20. While locked, attempts are refused without checking the password and do
 * not count, so the wait never grows; when it is over, the window starts afresh.
 */
export interface ThrottleLimit {
  max: number
  windowMs: number
  lockMs: number
}

export const SIGNIN_LIMITS = {
  account: { max: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
  address: { max: 20, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
  /** 评价器配对码 typed wrong, per address: 8 digits over 5 minutes must not be guessable. */
  pairAddress: { max: 10, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
} as const satisfies Record<string, ThrottleLimit>

/** How long sign-in must still wait (0: not locked). */
export const lockedForMs = (t: SignInThrottle | null, now: number): number => (t && t.lockedUntil > now ? t.lockedUntil - now : 0)

/** The counter after one more failure at `now` (a new window when the last one is over). */
export function afterFailure(prev: SignInThrottle | null, id: string, now: number, limit: ThrottleLimit): SignInThrottle {
  const fresh = !prev || now - prev.windowStart >= limit.windowMs
  const failures = fresh ? 1 : prev.failures + 1
  const lockedUntil = failures >= limit.max ? now + limit.lockMs : fresh ? 0 : prev.lockedUntil
  return { id, windowStart: fresh ? now : prev.windowStart, failures, lockedUntil, version: (prev?.version ?? 0) + 1 }
}

/** Failures left before the lock (for the hint after a wrong password). */
export const failuresLeft = (t: SignInThrottle, limit: ThrottleLimit): number => Math.max(0, limit.max - t.failures)

/** The wait in whole minutes, rounded up (what the message says). */
export const waitMinutes = (ms: number): number => Math.max(1, Math.ceil(ms / 60_000))
