import type { AuthData, VerifyMethod } from '../../types/auth'
import { AppError } from '../domain/errors'
import type { Deps } from './deps'
import { requireSession } from './requireSession'

/** The user may pick and change the default method (SPEC §1). */
export async function setDefaultMethod(
  deps: Deps,
  openid: string,
  token: string,
  method: VerifyMethod,
): Promise<AuthData['setDefaultMethod']> {
  const { identity } = await requireSession(deps, openid, token)
  if (!deps.verifier.supports(method)) throw new AppError('METHOD_UNAVAILABLE')
  await deps.stores.accounts.put({ openid, defaultMethod: method, identityId: identity.id, updatedAt: deps.clock.now() })
  return { defaultMethod: method }
}
