import type { AuthData, AuthEvent } from '../../types/auth'
import { AppError, FACE_HINT_WITHOUT_WXPAY, REVERIFY_HINT, REVERIFY_HINT_WITHOUT_WXPAY } from '../domain/errors'
import type { VerifyOutcome } from '../ports/faceVerifier'
import type { Verification } from '../ports/stores'
import type { Deps } from './deps'
import { meOf } from './getMe'
import { readIdentity } from './identityFields'
import { requireSession } from './requireSession'
import { mintSessionToken, sessionIdOf } from './sessionId'

type CompleteEvent = Extract<AuthEvent, { action: 'completeVerification' }>

/**
 * The server asks the verifier what happened; nothing the app says about the outcome is trusted.
 * A verify id is accepted once (markUsed is a conditional write), by the openid that started it,
 * whatever the outcome: a definite failure consumes it too, so a later report cannot turn it
 * into a pass. Only 'pending' leaves it open.
 */
export async function completeVerification(
  deps: Deps,
  openid: string,
  event: CompleteEvent,
): Promise<AuthData['completeVerification']> {
  const v = await deps.stores.verifications.get(event.verifyId)
  if (!v) throw new AppError('VERIFICATION_NOT_FOUND')
  if (v.openid !== openid) throw new AppError('FORBIDDEN')
  if (v.purpose === 'reverify') {
    if (!event.sessionToken || sessionIdOf(event.sessionToken) !== v.sessionId) throw new AppError('FORBIDDEN')
    await requireSession(deps, openid, event.sessionToken)
  }
  if (v.state === 'used') throw new AppError('VERIFICATION_USED')
  if (deps.clock.now() >= v.expiresAt) throw new AppError('VERIFICATION_EXPIRED')
  const outcome = await queryOutcome(deps, v)
  if (outcome === 'pending') throw new AppError('VERIFICATION_PENDING')
  const now = deps.clock.now()
  if (!(await deps.stores.verifications.markUsed(v.verifyId, now))) throw new AppError('VERIFICATION_USED')
  if (outcome !== 'pass') throw failure(deps, v, outcome)
  if (v.purpose === 'reverify') {
    await deps.stores.sessions.markVerified(v.sessionId!, now)
    return { purpose: 'reverify', verifiedAt: now }
  }
  const { sessionToken, me } = await logIn(deps, v, now)
  return { purpose: 'login', sessionToken, me }
}

async function queryOutcome(deps: Deps, v: Verification): Promise<VerifyOutcome> {
  const { name, idNumber } = readIdentity(deps.cipher, v)
  const subject = { method: v.method, openid: v.openid, outSeqNo: v.outSeqNo, certName: name, certNo: idNumber }
  return deps.verifier.query(v.verifyId, subject)
}

/**
 * Each failure's own next step (SPEC §1); 微信支付密码认证 is offered only where the verifier has it.
 * A fresh check (reverify) gets its own wording: retry or switch method, not the login's.
 */
function failure(deps: Deps, v: Verification, outcome: 'no_record' | 'failed'): AppError {
  const wxpay = deps.verifier.supports('wxpay')
  const reverify = v.purpose === 'reverify'
  if (outcome === 'failed' && v.method === 'wxpay') {
    return new AppError('WXPAY_CHECK_FAILED', undefined, reverify ? REVERIFY_HINT.WXPAY_CHECK_FAILED : undefined)
  }
  const code = outcome === 'no_record' ? 'FACE_NO_RECORD' : 'FACE_CHECK_FAILED'
  if (reverify) return new AppError(code, undefined, wxpay ? REVERIFY_HINT[code] : REVERIFY_HINT_WITHOUT_WXPAY[code])
  return new AppError(code, undefined, wxpay ? undefined : FACE_HINT_WITHOUT_WXPAY[code])
}

/**
 * A new login replaces every older session of the identity with one write (SPEC §1).
 * Independent steps share a round trip: the identity, the new session and the account read go
 * together (the session names the identity by the verification's id, known before it exists);
 * the identity's pointer moves only once both exist, with the account write beside it (skipped
 * when it would change nothing). The view returned is built from these documents, not re-read.
 */
async function logIn(deps: Deps, v: Verification, now: number): Promise<{ sessionToken: string; me: AuthData['me'] }> {
  const sessionToken = mintSessionToken(v.identityId, deps.ids.secret())
  const session = {
    id: sessionIdOf(sessionToken),
    openid: v.openid,
    identityId: v.identityId,
    createdAt: now,
    verifiedAt: now,
    lastSeenAt: now,
    endedAt: null,
  }
  const [identity, , account] = await Promise.all([
    deps.stores.identities.ensure({
      id: v.identityId,
      nameCipher: v.nameCipher,
      idNumberCipher: v.idNumberCipher,
      currentSessionId: null,
      createdAt: now,
      updatedAt: now,
    }),
    deps.stores.sessions.create(session),
    deps.stores.accounts.get(v.openid),
  ])
  const defaultMethod = account?.defaultMethod ?? v.method
  const accountChanges = !account || account.identityId !== identity.id || account.defaultMethod !== defaultMethod
  const nextAccount = { openid: v.openid, defaultMethod, identityId: identity.id, updatedAt: now }
  await Promise.all([
    deps.stores.identities.setCurrentSession(identity.id, session.id, now),
    accountChanges ? deps.stores.accounts.put(nextAccount) : Promise.resolve(),
  ])
  const me = meOf(deps, session, { ...identity, currentSessionId: session.id }, accountChanges ? nextAccount : account)
  return { sessionToken, me }
}
