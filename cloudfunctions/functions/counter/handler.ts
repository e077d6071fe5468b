import type { Result } from '../../../types/errors'
import { CounterEvent, DeskEvent, KIOSK_ACTIONS, type CounterAction, type CounterData, type DeskData, type KioskAction, type StaffAction } from '../../../types/counter'
import { AppError, errorBody } from '../../domain/errors'
import type { CounterDeps } from '../../services/counter/counterDeps'
import { authenticateDesk, caseStatus, deskMe, fillForm, scanCode, signIn, signOut, type Desk } from '../../services/counter/desk'
import { authenticateKiosk, listDevices, pair, pairCode, unpair, type Kiosk } from '../../services/counter/kioskDevice'
import { cardRead, faceTicket, kiosk, kioskAnswer, ticketStatus } from '../../services/counter/deskWays'
import { archiveCase, caseMaterials, printMaterial } from '../../services/counter/department'
import { acceptDelegation, declineDelegation, delegate, endDelegation, listDelegations } from '../../services/counter/delegation'
import { answerService, claimTicket, endService, issueCode, myServices, pendingService, serviceProof } from '../../services/counter/holder'
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
  proof: serviceProof,
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

type DeskHandlers = { [A in StaffAction]: (deps: CounterDeps, desk: Desk, e: Extract<DeskEvent, { action: A }>) => Promise<DeskData[A]> }
type KioskHandlers = { [A in Exclude<KioskAction, 'pair'>]: (deps: CounterDeps, k: Kiosk, e: Extract<DeskEvent, { action: A }>) => Promise<DeskData[A]> }

/** Staff actions: a staff session only (a 评价器's credential is refused). */
const deskHandlers: DeskHandlers = {
  signOut: (deps, desk) => signOut(deps, desk),
  me: (deps, desk) => deskMe(deps, desk),
  pairCode: (deps, desk) => pairCode(deps, desk),
  devices: (deps, desk) => listDevices(deps, desk),
  unpair,
  scan: scanCode,
  case: caseStatus,
  form: fillForm,
  faceTicket,
  ticket: ticketStatus,
  cardRead,
  materials: caseMaterials,
  print: printMaterial,
  archive: archiveCase,
}

/** The 评价器's actions: its device credential only (a staff session is refused). */
const kioskHandlers: KioskHandlers = {
  kiosk: (deps, k) => kiosk(deps, k),
  kioskAnswer,
}

/** The caller's HTTP facts: the Bearer header and the client address (for the wrong-password limits). */
export type DeskCall = (event: unknown, auth: { authorization: string | undefined; address?: string }) => Promise<{ status: number; body: Result<unknown> }>

/** A read refused (no live authorization, or the delegation it runs under ended / expired): 403, and on the ledger. */
const REFUSED_READS = new Set<string>(['COUNTER_READ_REFUSED', 'DELEGATION_ENDED', 'DELEGATION_EXPIRED'])

const statusOf = (code: string) =>
  REFUSED_READS.has(code) ? 403 : code === 'INTERNAL' ? 500 : code === 'COUNTER_SIGNIN_LOCKED' ? 429 : code === 'COUNTER_UNAUTHORIZED' || code === 'KIOSK_NOT_PAIRED' ? 401 : 400

/**
 * The counter workstation's API: staff sign in with a counter account and call with its session
 * token (never an openid); the paired 评价器 calls with its device credential. Bad bodies change
 * nothing; a refused read is 403 and on the ledger.
 */
export function createDeskHandler(deps: CounterDeps): DeskCall {
  return async (raw, auth) => {
    const parsed = DeskEvent.safeParse(raw)
    if (!parsed.success) return { status: 400, body: { ok: false, error: errorBody('BAD_REQUEST', `请求内容不正确：${renderZodError(parsed.error)}`) } }
    const e = parsed.data
    const reply = async (where: string, run: () => Promise<unknown>) => {
      try {
        return { status: 200, body: { ok: true as const, data: await run() } }
      } catch (err) {
        const body = failed(where, err)
        return { status: statusOf(body.error.code), body }
      }
    }
    if (e.action === 'signIn') return reply('desk-signIn', () => signIn(deps, e, auth.address))
    if (e.action === 'pair') return reply('kiosk-pair', () => pair(deps, e, auth.address))
    if ((KIOSK_ACTIONS as readonly string[]).includes(e.action)) {
      let k: Kiosk
      try {
        k = await authenticateKiosk(deps, auth.authorization)
      } catch (err) {
        return { status: 401, body: failed('kiosk-auth', err) }
      }
      const run = kioskHandlers[e.action as Exclude<KioskAction, 'pair'>] as (d: CounterDeps, k: Kiosk, e: DeskEvent) => Promise<unknown>
      return reply(`kiosk-${e.action}`, () => run(deps, k, e))
    }
    let desk: Desk
    try {
      desk = await authenticateDesk(deps, auth.authorization)
    } catch (err) {
      return { status: 401, body: failed('desk-auth', err) }
    }
    const run = deskHandlers[e.action as StaffAction] as (d: CounterDeps, k: Desk, e: DeskEvent) => Promise<unknown>
    return reply(`desk-${e.action}`, () => run(deps, desk, e))
  }
}
