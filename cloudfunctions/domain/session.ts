/** Session rules (SPEC §1): one device at a time, a lifetime, fresh checks for sensitive actions. */
export type SessionState = 'live' | 'replaced' | 'expired' | 'ended'

export interface SessionFacts {
  sessionId: string
  createdAt: number
  endedAt: number | null
  /** The identity's one live session; another id means a newer login replaced this one. */
  currentSessionId: string | null
}

export function sessionState(s: SessionFacts, now: number, ttlMs: number): SessionState {
  // Only logout sets endedAt; a newer login just moves the identity's pointer (one-document write).
  if (s.endedAt !== null) return 'ended'
  if (s.currentSessionId === null) return 'ended'
  // The user must learn that another device logged in, not just "expired" (seed 003).
  if (s.currentSessionId !== s.sessionId) return 'replaced'
  if (now - s.createdAt >= ttlMs) return 'expired'
  return 'live'
}

export function isRecentlyVerified(verifiedAt: number, now: number, windowMs: number): boolean {
  return now >= verifiedAt && now - verifiedAt < windowMs
}

/**
 * lastSeenAt is a record of activity, never a rule's input, so it is written at most once a
 * minute per session: otherwise every call (a declaration at the morning peak) pays a second
 * durable write, and on CloudBase a second document update.
 */
export const TOUCH_EVERY_MS = 60_000

export function needsTouch(lastSeenAt: number, now: number): boolean {
  return now - lastSeenAt >= TOUCH_EVERY_MS || now < lastSeenAt
}
