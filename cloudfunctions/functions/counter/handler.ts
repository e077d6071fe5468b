import type { Result } from '../../../types/errors'
import { CounterEvent, DeskEvent, type CounterAction, type CounterData, type DeskAction, type DeskData } from '../../../types/counter'
import { AppError, errorBody } from '../../domain/errors'
import type { CounterDeps } from '../../services/counter/counterDeps'
import { authenticateDesk, caseStatus, deskMe, fillForm, scanCode, signIn, type Desk } from '../../services/counter/desk'
import { cardRead, faceTicket, kiosk, kioskAnswer, ticketStatus } from '../../services/counter/deskWays'
import { archiveCase, caseMaterials, printMaterial } from '../../services/counter/department'
import { acceptDelegation, declineDelegation, delegate, endDelegation, listDelegations } from '../../services/counter/delegation'
import { answerService, claimTicket, endService, issueCode, myServices, pendingService } from '../../services/counter/holder'
import type { CallContext } from '../auth/handler'
import { renderZodError } from '../zodMessage'

type Handlers = {
  [A in CounterAction]: (deps: CounterDeps, openid: string, event: Extract<CounterEvent, { action: A }>) => Promise<CounterData[A]>
}

/** One entry per action (STYLE.md: a typed table keyed by the discriminated union). */
const handlers: Handlers = {
  code: issueCode,
  pending: pendingService,
  answer: answerService,
  mine: myServices,
  end: endService,
  claimTicket,
  delegate,
  delegations: listDelegations,
  acceptDelegation,
  endDelegation,
  declineDelegation,
}

function failed(where: string, err: unknown) {
  if (err instanceof AppError) return { ok: false as const, error: err.toBody() }
  // Where it broke, never what: no event, openid or message (they can quote personal data).
  const e = err instanceof Error ? err : new Error('non-error thrown')
  console.error(`[counter] INTERNAL in ${where}: ${e.name}\n${(e.stack ?? '').split('\n').slice(1, 6).join('\n')}`)
  return { ok: false as const, error: errorBody('INTERNAL') }
}

/** The `counter` function for the holder's mini-program: identity from the platform's OPENID only. */
export function createCounterHandler(deps: CounterDeps) {
  return async (raw: unknown, context: CallContext): Promise<Result<CounterData[CounterAction]>> => {
    const parsed = CounterEvent.safeParse(raw)
    if (!parsed.success) return { ok: false, error: errorBody('BAD_REQUEST', `请求内容不正确：${renderZodError(parsed.error)}`) }
    if (!context.OPENID) return { ok: false, error: errorBody('NOT_LOGGED_IN') }
    try {
      const run = handlers[parsed.data.action] as (d: CounterDeps, o: string, e: CounterEvent) => Promise<CounterData[CounterAction]>
      return { ok: true, data: await run(deps, context.OPENID, parsed.data) }
    } catch (err) {
      return failed(parsed.data.action, err)
    }
  }
}

type DeskHandlers = { [A in Exclude<DeskAction, 'signIn'>]: (deps: CounterDeps, desk: Desk, e: Extract<DeskEvent, { action: A }>) => Promise<DeskData[A]> }

const deskHandlers: DeskHandlers = {
  me: (deps, desk) => deskMe(deps, desk),
  scan: scanCode,
  case: caseStatus,
  form: fillForm,
  faceTicket,
  ticket: ticketStatus,
  cardRead,
  kiosk: (deps, desk) => kiosk(deps, desk),
  kioskAnswer,
  materials: caseMaterials,
  print: printMaterial,
  archive: archiveCase,
}

export type DeskCall = (event: unknown, auth: { authorization: string | undefined }) => Promise<{ status: number; body: Result<unknown> }>

/**
 * The counter workstation's API: staff sign in with a counter account and call with its session
 * token (never an openid). Bad bodies change nothing; a refused read is 403 and on the ledger.
 */
export function createDeskHandler(deps: CounterDeps): DeskCall {
  return async (raw, auth) => {
    const parsed = DeskEvent.safeParse(raw)
    if (!parsed.success) return { status: 400, body: { ok: false, error: errorBody('BAD_REQUEST', `请求内容不正确：${renderZodError(parsed.error)}`) } }
    const e = parsed.data
    if (e.action === 'signIn') {
      try {
        return { status: 200, body: { ok: true, data: await signIn(deps, e) } }
      } catch (err) {
        const body = failed('desk-signIn', err)
        return { status: body.error.code === 'INTERNAL' ? 500 : 401, body }
      }
    }
    let desk: Desk
    try {
      desk = await authenticateDesk(deps, auth.authorization)
    } catch (err) {
      return { status: 401, body: failed('desk-auth', err) }
    }
    try {
      const run = deskHandlers[e.action] as (d: CounterDeps, k: Desk, e: DeskEvent) => Promise<unknown>
      return { status: 200, body: { ok: true, data: await run(deps, desk, e) } }
    } catch (err) {
      const body = failed(`desk-${e.action}`, err)
      const code = body.error.code
      return { status: code === 'COUNTER_READ_REFUSED' ? 403 : code === 'INTERNAL' ? 500 : 400, body }
    }
  }
}
