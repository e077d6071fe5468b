import { qrDataUrl as makeQr } from '../../adapters/qr/qrDataUrl'
import type { Result } from '../../../types/errors'
import { BizEvent, ConsentEvent, type BizAction, type BizData, type ConsentAction, type ConsentData } from '../../../types/consent'
import { AppError, errorBody } from '../../domain/errors'
import { authenticateSystem, authRequestStatus, bizForm, bizRead, createAuthRequest } from '../../services/consent/biz'
import type { ConsentDeps } from '../../services/consent/consentDeps'
import { consentProof, consentReceipt, listMyConsents, readNotice, reauthorizeConsent, revokeConsent } from '../../services/consent/mineConsents'
import { openRequest } from '../../services/consent/openRequest'
import { declinePart } from '../../services/consent/declinePart'
import { signConsent } from '../../services/consent/signConsent'
import type { BusinessSystem } from '../../ports/consentStores'
import type { CallContext } from '../auth/handler'
import { renderZodError } from '../zodMessage'

type Handlers = {
  [A in ConsentAction]: (deps: ConsentDeps, openid: string, event: Extract<ConsentEvent, { action: A }>) => Promise<ConsentData[A]>
}

/** One entry per action (STYLE.md: a typed table keyed by the discriminated union). */
const handlers: Handlers = {
  open: (deps, openid, e) => openRequest(deps, openid, e.sessionToken, e.code),
  sign: (deps, openid, e) => signConsent(deps, openid, e.sessionToken, e),
  decline: (deps, openid, e) => declinePart(deps, openid, e.sessionToken, e),
  mine: (deps, openid, e) => listMyConsents(deps, openid, e.sessionToken),
  revoke: (deps, openid, e) => revokeConsent(deps, openid, e.sessionToken, e.consentId),
  reauthorize: (deps, openid, e) => reauthorizeConsent(deps, openid, e.sessionToken, e.consentId),
  proof: (deps, openid, e) => consentProof(deps, openid, e.sessionToken, e),
  notice: (deps, openid, e) => readNotice(deps, openid, e.sessionToken, e.hash),
  receipt: (deps, openid, e) => consentReceipt(deps, openid, e.sessionToken, e.consentId),
}

function failed(where: string, err: unknown) {
  if (err instanceof AppError) return { ok: false as const, error: err.toBody() }
  // Where it broke, never what: no event, openid or message (they can quote personal data).
  const e = err instanceof Error ? err : new Error('non-error thrown')
  console.error(`[consent] INTERNAL in ${where}: ${e.name}\n${(e.stack ?? '').split('\n').slice(1, 6).join('\n')}`)
  return { ok: false as const, error: errorBody('INTERNAL') }
}

/** The `consent` function for the mini-program: parse, check the caller, dispatch, map errors. */
export function createConsentHandler(deps: ConsentDeps) {
  return async (raw: unknown, context: CallContext): Promise<Result<ConsentData[ConsentAction]>> => {
    const parsed = ConsentEvent.safeParse(raw)
    if (!parsed.success) return { ok: false, error: errorBody('BAD_REQUEST', `请求内容不正确：${renderZodError(parsed.error)}`) }
    if (!context.OPENID) return { ok: false, error: errorBody('NOT_LOGGED_IN') }
    try {
      const run = handlers[parsed.data.action] as (d: ConsentDeps, o: string, e: ConsentEvent) => Promise<ConsentData[ConsentAction]>
      return { ok: true, data: await run(deps, context.OPENID, parsed.data) }
    } catch (err) {
      return failed(parsed.data.action, err)
    }
  }
}

type BizHandlers = { [A in BizAction]: (deps: ConsentDeps, s: BusinessSystem, e: Extract<BizEvent, { action: A }>) => Promise<BizData[A]> }

const bizHandlers: BizHandlers = {
  createRequest: async (deps, s, e) => {
    const created = await createAuthRequest(deps, s, e)
    // The QR code carries the link that opens the request in the mini-program (the H5 URL locally).
    const qrDataUrl = await makeQr(created.link.url ?? created.link.path, { width: 240 })
    return { ...created, qrDataUrl }
  },
  status: (deps, s, e) => authRequestStatus(deps, s, e.code),
  read: (deps, s, e) => bizRead(deps, s, e),
  form: (deps, s, e) => bizForm(deps, s, e.code),
}

export type BizCall = (event: unknown, auth: { authorization: string | undefined }) => Promise<{ status: number; body: Result<unknown> }>

/**
 * The business-system API: authenticated by the system's own API credential, never an openid
 * (CLOUDBASE.md). Bad credentials → 401 before the body is looked at; bad bodies change nothing.
 */
export function createBizHandler(deps: ConsentDeps): BizCall {
  return async (raw, auth) => {
    let system: BusinessSystem
    try {
      system = await authenticateSystem(deps, auth.authorization)
    } catch (err) {
      return { status: 401, body: failed('biz-auth', err) }
    }
    const parsed = BizEvent.safeParse(raw)
    if (!parsed.success) return { status: 400, body: { ok: false, error: errorBody('BAD_REQUEST', `请求内容不正确：${renderZodError(parsed.error)}`) } }
    try {
      const run = bizHandlers[parsed.data.action] as (d: ConsentDeps, s: BusinessSystem, e: BizEvent) => Promise<unknown>
      return { status: 200, body: { ok: true, data: await run(deps, system, parsed.data) } }
    } catch (err) {
      const body = failed(`biz-${parsed.data.action}`, err)
      const code = body.error.code
      return { status: code === 'BIZ_READ_REFUSED' ? 403 : code === 'INTERNAL' ? 500 : 400, body }
    }
  }
}
