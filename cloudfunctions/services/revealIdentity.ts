import type { AuthData } from '../../types/auth'
import type { Deps } from './deps'
import { readIdentity } from './identityFields'
import { requireRecentVerification } from './requireRecentVerification'
import { requireSession } from './requireSession'

/** The holder's own detail page, unmasked: only right after a fresh check (SPEC §1). */
export async function revealIdentity(deps: Deps, openid: string, token: string): Promise<AuthData['revealIdentity']> {
  const { session, identity } = await requireSession(deps, openid, token)
  requireRecentVerification(deps, session)
  return readIdentity(deps.cipher, identity)
}
