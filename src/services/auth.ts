import type { AuthData, VerifyMethod } from '../../types/auth'
import { callAuth } from './cloud'
import { setSessionToken } from './session'
import { runCheck } from './verify'

export type Me = AuthData['me']
export type LoginInput = { method: VerifyMethod; name?: string; idNumber?: string }

/** SPEC §1 login: verify id from the server → the check → the server's verdict → session. */
export async function verifyAndLogin(input: LoginInput): Promise<Me | null> {
  const started = await callAuth({ action: 'startVerification', purpose: 'login', ...input })
  if ((await runCheck(started.verifyId, started.method)) === 'cancelled') return null
  const done = await callAuth({ action: 'completeVerification', verifyId: started.verifyId })
  if (done.purpose !== 'login') throw new Error('unexpected reverify result')
  setSessionToken(done.sessionToken)
  return done.me
}

/**
 * A fresh check inside a live session, for sensitive actions (seed 003: 温馨提示 2). Without a
 * method the server uses the user's default one; pages go through withFreshVerification.
 */
export async function reverify(sessionToken: string, method?: VerifyMethod): Promise<boolean> {
  const started = await callAuth({ action: 'startVerification', purpose: 'reverify', sessionToken, ...(method ? { method } : {}) })
  if ((await runCheck(started.verifyId, started.method)) === 'cancelled') return false
  await callAuth({ action: 'completeVerification', verifyId: started.verifyId, sessionToken })
  return true
}
