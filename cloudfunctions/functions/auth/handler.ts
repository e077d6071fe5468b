import { AuthEvent, type AuthAction, type AuthData } from '../../../types/auth'
import type { Result } from '../../../types/errors'
import { AppError, errorBody } from '../../domain/errors'
import {
  completeVerification,
  getMe,
  loginOptions,
  logout,
  revealIdentity,
  setDefaultMethod,
  startVerification,
  type Deps,
} from '../../services'
import { renderZodError } from '../zodMessage'

export interface CallContext {
  OPENID?: string
}
export type AuthHandler = (event: unknown, context: CallContext) => Promise<Result<AuthData[AuthAction]>>

type Handlers = {
  [A in AuthAction]: (deps: Deps, openid: string, event: Extract<AuthEvent, { action: A }>) => Promise<AuthData[A]>
}

/** One entry per action (STYLE.md: a typed table keyed by the discriminated union, no inline switch). */
const handlers: Handlers = {
  options: (deps, openid) => loginOptions(deps, openid),
  startVerification: (deps, openid, e) => startVerification(deps, openid, e),
  completeVerification: (deps, openid, e) => completeVerification(deps, openid, e),
  me: (deps, openid, e) => getMe(deps, openid, e.sessionToken),
  revealIdentity: (deps, openid, e) => revealIdentity(deps, openid, e.sessionToken),
  setDefaultMethod: (deps, openid, e) => setDefaultMethod(deps, openid, e.sessionToken, e.method),
  logout: (deps, openid, e) => logout(deps, openid, e.sessionToken),
}

/** The `auth` function: parse, check the caller, dispatch, map errors. Same code in CloudBase and locally. */
export function createAuthHandler(deps: Deps): AuthHandler {
  return async (raw, context) => {
    const parsed = AuthEvent.safeParse(raw)
    if (!parsed.success) return { ok: false, error: errorBody('BAD_REQUEST', `请求内容不正确：${renderZodError(parsed.error)}`) }
    const event = parsed.data
    if (!context.OPENID) return { ok: false, error: errorBody('NOT_LOGGED_IN') }
    try {
      const run = handlers[event.action] as (d: Deps, o: string, e: AuthEvent) => Promise<AuthData[AuthAction]>
      return { ok: true, data: await run(deps, context.OPENID, event) }
    } catch (err) {
      if (err instanceof AppError) return { ok: false, error: err.toBody() }
      logInternal(event.action, err)
      return { ok: false, error: errorBody('INTERNAL') }
    }
  }
}

/**
 * Logs where it broke without personal data: the action, the error's class and stack frames.
 * Never the event, the openid or the error message (driver messages can quote values).
 */
function logInternal(action: AuthAction, err: unknown): void {
  const e = err instanceof Error ? err : new Error('non-error thrown')
  const frames = (e.stack ?? '').split('\n').slice(1, 6).join('\n')
  console.error(`[auth] INTERNAL in ${action}: ${e.name}\n${frames}`)
}
