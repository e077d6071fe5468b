import type { AuthData } from '../../types/auth'
import { isRecentlyVerified } from '../domain/session'
import type { Account, Identity, Session } from '../ports/stores'
import type { Deps } from './deps'
import { maskedIdentity } from './identityFields'
import { requireSession } from './requireSession'

/** The logged-in person, masked (SPEC §1): clear fields only through revealIdentity. */
export async function getMe(deps: Deps, openid: string, token: string): Promise<AuthData['me']> {
  const [{ session, identity }, account] = await Promise.all([requireSession(deps, openid, token), deps.stores.accounts.get(openid)])
  return meOf(deps, session, identity, account)
}

/** The same view from documents the caller already holds (a login has just written them). */
export function meOf(deps: Deps, session: Session, identity: Identity, account: Account | null): AuthData['me'] {
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
