import type { Result } from '../../../types/errors'
import { errorBody } from '../../domain/errors'
import type { LedgerAuditState } from '../../ports/consentStores'
import { runScheduledAudit, type ScheduledAuditDeps } from '../../services/consent/scheduledAudit'

/**
 * What the platform injects into one invocation (node-sdk `getCloudbaseContext(context)`, read from
 * the invocation context, never from the event): who called, and what triggered the call.
 */
export interface Invocation {
  /** 'timer' when a timer trigger fired (node-sdk src/utils/wxCloudToken.ts); a client call has another source. */
  TRIGGER_SRC?: string
  /** The mini-program caller's injected OPENID ('' when none). */
  openid: string
  /** A web-SDK caller (anonymous or custom login). */
  TCB_UUID?: string
  TCB_CUSTOM_USER_ID?: string
  /** This call's time limit (the SCF context's time_limit_in_ms). */
  timeLimitMs?: number
}

/**
 * A timer call: the platform says the timer triggered it and names no caller, and the event is the
 * timer's (`{ Type: 'Timer', TriggerName, Time, Message }`) and not an HTTP access one. The event
 * alone proves nothing (anyone can send `Type: 'Timer'`); the injected TRIGGER_SRC and the absence
 * of any injected caller decide.
 */
export function isTimerCall(event: unknown, inv: Invocation): boolean {
  if (inv.TRIGGER_SRC !== 'timer' || inv.openid || inv.TCB_UUID || inv.TCB_CUSTOM_USER_ID) return false
  if (typeof event !== 'object' || event === null || 'httpMethod' in event) return false
  const type = (event as { Type?: unknown }).Type
  return typeof type === 'string' && type.toLowerCase() === 'timer'
}

/** What a run answers (nobody reads a timer's reply; tests and the console's test call do): no cursor, nothing personal. */
export type AuditRunReply = Omit<LedgerAuditState, 'cursor' | 'seq'> & { ran: boolean; saved: boolean }

/** Seconds kept free before the function's time limit for the last page, the save and the log. */
const MARGIN_MS = 15_000
const DEFAULT_LIMIT_MS = 60_000

/**
 * The `ledgerAudit` function: on its timer, one run of the scheduled full audit
 * (services/consent/scheduledAudit.ts), one log line, the state in `ledger_head/audit`. Any other
 * call (a user, a web client, HTTP access) is refused and changes nothing.
 */
export function createLedgerAuditHandler(deps: ScheduledAuditDeps, opts: { passEveryMs?: number; maxEntries?: number; pageSize?: number } = {}) {
  return async (event: unknown, inv: Invocation): Promise<Result<AuditRunReply>> => {
    if (!isTimerCall(event, inv)) {
      console.warn('[ledger-audit] refused a call that is not the timer trigger')
      return { ok: false, error: errorBody('FORBIDDEN') }
    }
    const budgetMs = Math.max(5_000, (inv.timeLimitMs ?? DEFAULT_LIMIT_MS) - MARGIN_MS)
    try {
      const run = await runScheduledAudit(deps, { budgetMs, ...opts })
      if (run.ran && run.problem) console.error(run.line)
      else console.log(run.line)
      const { cursor: _c, seq: _s, ...state } = run.state
      return { ok: true, data: { ...state, ran: run.ran, saved: run.saved } }
    } catch (e) {
      // A store error (network, quota): the state is not touched, so `at` grows old (docs/DEPLOY.md §7).
      console.error(`[ledger-audit] ERROR the run stopped before its end: ${e instanceof Error ? e.name : 'error'}`)
      return { ok: false, error: errorBody('INTERNAL') }
    }
  }
}
