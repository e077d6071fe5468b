import type { AuthData } from '../../types/auth'
import { VerifyMethod } from '../../types/auth'
import type { Deps } from './deps'
import { maskedIdentity } from './identityFields'

/** What the login page needs before anyone is logged in: methods, default, last identity (masked). */
export async function loginOptions(deps: Deps, openid: string): Promise<AuthData['options']> {
  const account = await deps.stores.accounts.get(openid)
  const identity = account?.identityId ? await deps.stores.identities.get(account.identityId) : null
  return {
    defaultMethod: account?.defaultMethod ?? 'face',
    methods: VerifyMethod.options.map((method) => ({ method, available: deps.verifier.supports(method) })),
    knownIdentity: identity ? maskedIdentity(deps.cipher, identity) : null,
  }
}
