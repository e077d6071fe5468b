import type { AuthData } from '../../types/auth'
import { isRecentlyVerified } from '../domain/session'
import type { Deps } from './deps'
import { maskedIdentity } from './identityFields'
import { requireSession } from './requireSession'

/** The logged-in person, masked (SPEC §1): clear fields only through revealIdentity. */
export async function getMe(deps: Deps, openid: string, token: string): Promise<AuthData['me']> {
  const { session, identity } = await requireSession(deps, openid, token)
  const account = await deps.stores.accounts.get(openid)
  const now = deps.clock.now()
  return {
    ...maskedIdentity(deps.cipher, identity),
    defaultMethod: account?.defaultMethod ?? 'face',
    loggedInAt: session.createdAt,
    verifiedAt: session.verifiedAt,
    recentlyVerified: isRecentlyVerified(session.verifiedAt, now, deps.config.verifyWindowMs),
    verificationWindowSeconds: Math.round(deps.config.verifyWindowMs / 1000),
  }
}
