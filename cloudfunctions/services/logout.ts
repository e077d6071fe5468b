import type { AuthData } from '../../types/auth'
import { AppError } from '../domain/errors'
import type { Deps } from './deps'
import { sessionIdOf } from './sessionId'

/**
 * Ends this session. Works for a replaced session too (the old device just leaves), and the
 * conditional clear means logging out an old device never ends a newer login.
 */
export async function logout(deps: Deps, openid: string, token: string): Promise<AuthData['logout']> {
  const session = await deps.stores.sessions.get(sessionIdOf(token))
  if (!session) return { loggedOut: true }
  if (session.openid !== openid) throw new AppError('FORBIDDEN')
  const now = deps.clock.now()
  await deps.stores.sessions.end(session.id, now)
  await deps.stores.identities.clearSessionIf(session.identityId, session.id, now)
  return { loggedOut: true }
}
