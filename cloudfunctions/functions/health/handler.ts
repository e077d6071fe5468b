import type { Result } from '../../../types/errors'
import { HealthEvent, type HealthAction, type HealthData } from '../../../types/health'
import { AppError, errorBody } from '../../domain/errors'
import * as svc from '../../services/health'
import type { HealthDeps } from '../../services/health'
import type { CallContext } from '../auth/handler'
import { renderZodError } from '../zodMessage'

export type HealthHandler = (event: unknown, context: CallContext) => Promise<Result<HealthData[HealthAction]>>

type Handlers = {
  [A in HealthAction]: (deps: HealthDeps, openid: string, event: Extract<HealthEvent, { action: A }>) => Promise<HealthData[A]>
}

/** One entry per action (STYLE.md: a typed table keyed by the discriminated union). */
const handlers: Handlers = {
  home: svc.healthHome,
  createOrg: svc.createOrg,
  issueInvite: svc.issueInvite,
  previewInvite: svc.previewInvite,
  inviteCard: svc.inviteCard,
  joinByInvite: svc.joinByInvite,
  myDeclarants: svc.myDeclarants,
  formContext: svc.formContext,
  submitDeclaration: svc.submitDeclaration,
  removeDeclarant: svc.removeDeclarant,
  leaveOrgFor: svc.leaveOrgFor,
  workbenchDay: svc.workbenchDay,
  lockDay: svc.lockDay,
  resolveName: svc.resolveName,
  remindMissing: svc.remindMissing,
  stats: svc.stats,
  export: svc.exportDays,
  exportProgress: svc.exportProgress,
  inbox: svc.inbox,
}

/** The `health` function (SPEC §5): parse, check the caller, dispatch, map errors. Same code in CloudBase and locally. */
export function createHealthHandler(deps: HealthDeps): HealthHandler {
  return async (raw, context) => {
    const parsed = HealthEvent.safeParse(raw)
    if (!parsed.success) return { ok: false, error: errorBody('BAD_REQUEST', `请求内容不正确：${renderZodError(parsed.error)}`) }
    const event = parsed.data
    if (!context.OPENID) return { ok: false, error: errorBody('NOT_LOGGED_IN') }
    try {
      const run = handlers[event.action] as (d: HealthDeps, o: string, e: HealthEvent) => Promise<HealthData[HealthAction]>
      return { ok: true, data: await run(deps, context.OPENID, event) }
    } catch (err) {
      if (err instanceof AppError) return { ok: false, error: err.toBody() }
      // Where it broke, never what: no event, openid, names or document numbers in logs.
      const e = err instanceof Error ? err : new Error('non-error thrown')
      console.error(`[health] INTERNAL in ${event.action}: ${e.name}\n${(e.stack ?? '').split('\n').slice(1, 6).join('\n')}`)
      return { ok: false, error: errorBody('INTERNAL') }
    }
  }
}
