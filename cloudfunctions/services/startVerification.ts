import type { AuthData, AuthEvent, VerifyMethod } from '../../types/auth'
import { shanghaiYmd } from '../domain/calendar'
import { nameKey } from '../domain/names'
import { AppError } from '../domain/errors'
import { validateIdNumber } from '../domain/idNumber'
import { maskIdNumber, maskName } from '../domain/mask'
import type { Deps } from './deps'
import { readIdentity } from './identityFields'
import { requireSession } from './requireSession'

type StartEvent = Extract<AuthEvent, { action: 'startVerification' }>
interface Person {
  name: string
  idNumber: string
  sessionId: string | null
}

/**
 * Asks the verifier for a verify id bound to this openid (and session, for reverify). A method is
 * accepted for a fresh check exactly when it is for a login: the verifier must support it.
 */
export async function startVerification(deps: Deps, openid: string, event: StartEvent): Promise<AuthData['startVerification']> {
  const method = event.method ?? (await defaultMethod(deps, openid))
  if (!deps.verifier.supports(method)) throw new AppError('METHOD_UNAVAILABLE')
  const person = event.purpose === 'login' ? await loginPerson(deps, openid, event) : await reverifyPerson(deps, openid, event.sessionToken)
  return begin(deps, openid, method, event.purpose, person)
}

/**
 * A fresh check without a named method uses the user's default (SPEC §1: "can set a default
 * method"), so someone with no face record who logs in by 微信支付密码认证 is not sent to a face
 * check they can never pass. A default the verifier no longer offers falls back to face.
 */
async function defaultMethod(deps: Deps, openid: string): Promise<VerifyMethod> {
  const preferred = (await deps.stores.accounts.get(openid))?.defaultMethod ?? 'face'
  return deps.verifier.supports(preferred) ? preferred : 'face'
}

async function loginPerson(deps: Deps, openid: string, event: Extract<StartEvent, { purpose: 'login' }>): Promise<Person> {
  if (event.name === undefined && event.idNumber === undefined) {
    // "Log in as last time": the identity this WeChat account proved before.
    const account = await deps.stores.accounts.get(openid)
    const identity = account?.identityId ? await deps.stores.identities.get(account.identityId) : null
    if (!identity) throw new AppError('BAD_REQUEST', '请填写姓名和身份证号码')
    return { ...readIdentity(deps.cipher, identity), sessionId: null }
  }
  if (event.name === undefined || event.idNumber === undefined) {
    throw new AppError('BAD_REQUEST', '请同时填写姓名和身份证号码')
  }
  const check = validateIdNumber(event.idNumber, shanghaiYmd(deps.clock.now()))
  if (!check.ok) throw new AppError('ID_NUMBER_INVALID', check.reason)
  // The name as the registry writes it (domain/names): no spaces, one separator dot (·) for the
  // look-alike dots a phone keyboard offers, so the check and every later match read the same name.
  return { name: nameKey(event.name), idNumber: check.idNumber, sessionId: null }
}

async function reverifyPerson(deps: Deps, openid: string, token: string): Promise<Person> {
  const { session, identity } = await requireSession(deps, openid, token)
  return { ...readIdentity(deps.cipher, identity), sessionId: session.id }
}

async function begin(
  deps: Deps,
  openid: string,
  method: VerifyMethod,
  purpose: 'login' | 'reverify',
  person: Person,
): Promise<AuthData['startVerification']> {
  const outSeqNo = deps.ids.id().slice(0, 32) // WeChat: 5–32 chars, unique per appid
  const subject = { method, openid, outSeqNo, certName: person.name, certNo: person.idNumber }
  const { verifyId, expiresAt } = await deps.verifier.start(subject)
  await deps.stores.verifications.create({
    verifyId,
    method,
    purpose,
    openid,
    sessionId: person.sessionId,
    identityId: deps.cipher.keyedHash(person.idNumber),
    outSeqNo,
    nameCipher: deps.cipher.encrypt(person.name),
    idNumberCipher: deps.cipher.encrypt(person.idNumber),
    state: 'pending',
    createdAt: deps.clock.now(),
    expiresAt,
    usedAt: null,
  })
  return {
    verifyId,
    method,
    provider: deps.verifier.provider,
    expiresAt,
    identity: { maskedName: maskName(person.name), maskedIdNumber: maskIdNumber(person.idNumber) },
  }
}
