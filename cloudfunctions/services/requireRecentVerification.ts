import { AppError } from '../domain/errors'
import { isRecentlyVerified } from '../domain/session'
import type { Session } from '../ports/stores'
import type { Deps } from './deps'

/** Sensitive actions need a fresh check, not just an old session (SPEC §1); enforced here, not in pages. */
export function requireRecentVerification(deps: Deps, session: Session): void {
  if (!isRecentlyVerified(session.verifiedAt, deps.clock.now(), deps.config.verifyWindowMs)) {
    throw new AppError('VERIFICATION_REQUIRED')
  }
}
