import type { Result } from '../../../types/errors'
import { SpaceEvent, type SpaceAction, type SpaceData } from '../../../types/space'
import { AppError, errorBody } from '../../domain/errors'
import {
  claimChildCredentials,
  claimCredential,
  downloadCredential,
  getSpaceHome,
  linkChild,
  listAccessHistory,
  listChildren,
  listErrorReports,
  reportCredentialError,
  viewCredentialDetail,
  type SpaceDeps,
} from '../../services/space'
import type { CallContext } from '../auth/handler'
import { renderZodError } from '../zodMessage'

export type SpaceHandler = (event: unknown, context: CallContext) => Promise<Result<SpaceData[SpaceAction]>>

type Handlers = {
  [A in SpaceAction]: (deps: SpaceDeps, openid: string, event: Extract<SpaceEvent, { action: A }>) => Promise<SpaceData[A]>
}

/** One entry per action (STYLE.md: a typed table keyed by the discriminated union). */
const handlers: Handlers = {
  home: (deps, openid, e) => getSpaceHome(deps, openid, e.sessionToken),
  claim: (deps, openid, e) => claimCredential(deps, openid, e.sessionToken, e.type),
  detail: (deps, openid, e) => viewCredentialDetail(deps, openid, e.sessionToken, e.credentialId),
  reportError: (deps, openid, e) => reportCredentialError(deps, openid, e.sessionToken, e),
  listReports: (deps, openid, e) => listErrorReports(deps, openid, e.sessionToken),
  download: (deps, openid, e) => downloadCredential(deps, openid, e.sessionToken, e),
  history: (deps, openid, e) => listAccessHistory(deps, openid, e.sessionToken, e),
  linkChild: (deps, openid, e) => linkChild(deps, openid, e.sessionToken, e),
  children: (deps, openid, e) => listChildren(deps, openid, e.sessionToken),
  claimChildCredentials: (deps, openid, e) => claimChildCredentials(deps, openid, e.sessionToken, e.childLinkId),
}

/** The `space` function: parse, check the caller, dispatch, map errors. Same code in CloudBase and locally. */
export function createSpaceHandler(deps: SpaceDeps): SpaceHandler {
  return async (raw, context) => {
    const parsed = SpaceEvent.safeParse(raw)
    if (!parsed.success) return { ok: false, error: errorBody('BAD_REQUEST', `请求内容不正确：${renderZodError(parsed.error)}`) }
    const event = parsed.data
    if (!context.OPENID) return { ok: false, error: errorBody('NOT_LOGGED_IN') }
    try {
      const run = handlers[event.action] as (d: SpaceDeps, o: string, e: SpaceEvent) => Promise<SpaceData[SpaceAction]>
      return { ok: true, data: await run(deps, context.OPENID, event) }
    } catch (err) {
      if (err instanceof AppError) return { ok: false, error: err.toBody() }
      // Where it broke, never what: no event, openid or error message (they can quote personal data).
      const e = err instanceof Error ? err : new Error('non-error thrown')
      console.error(`[space] INTERNAL in ${event.action}: ${e.name}\n${(e.stack ?? '').split('\n').slice(1, 6).join('\n')}`)
      return { ok: false, error: errorBody('INTERNAL') }
    }
  }
}
