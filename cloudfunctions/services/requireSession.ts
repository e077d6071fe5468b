import { AppError } from '../domain/errors'
import { needsTouch, sessionState } from '../domain/session'
import type { Identity, Session } from '../ports/stores'
import type { Deps } from './deps'
import { identityHintOf, sessionIdOf } from './sessionId'

export interface LiveSession {
  session: Session
  identity: Identity
}

/** The caller's live session, or the error that tells them why not (SPEC §1 one device at a time). */
export async function requireSession(deps: Deps, openid: string, token: string): Promise<LiveSession> {
  // The token names its identity: both documents are read in one round trip (sessionId.ts).
  const hint = identityHintOf(token)
  const [session, hinted] = await Promise.all([
    deps.stores.sessions.get(sessionIdOf(token)),
    hint ? deps.stores.identities.get(hint) : Promise.resolve(null),
  ])
  if (!session) throw new AppError('NOT_LOGGED_IN')
  // A token copied to another WeChat account is worthless there.
  if (session.openid !== openid) throw new AppError('FORBIDDEN')
  if (hint !== null && hint !== session.identityId) throw new AppError('NOT_LOGGED_IN')
  const identity = hint !== null ? hinted : await deps.stores.identities.get(session.identityId)
  if (!identity) throw new AppError('NOT_LOGGED_IN')
  const now = deps.clock.now()
  const state = sessionState(
    { sessionId: session.id, createdAt: session.createdAt, endedAt: session.endedAt, currentSessionId: identity.currentSessionId },
    now,
    deps.config.sessionTtlMs,
  )
  if (state === 'replaced') throw new AppError('SESSION_REPLACED')
  if (state === 'expired') throw new AppError('SESSION_EXPIRED')
  if (state === 'ended') throw new AppError('NOT_LOGGED_IN')
  if (!needsTouch(session.lastSeenAt, now)) return { session, identity }
  await deps.stores.sessions.touch(session.id, now)
  return { session: { ...session, lastSeenAt: now }, identity }
}
