import type { Result } from '../../../types/errors'
import { errorBody } from '../../domain/errors'
import { integrateLedger, type IntegratorDeps } from '../../services/consent/integrator'
import { isTimerCall, type Invocation } from '../ledgerAudit/handler'

/** What a run answers (nobody reads a timer's reply; tests and the console's test call do): counts only. */
export interface IntegrateRunReply {
  leased: boolean
  batches: number
  entries: number
  size: number | null
}

/** Kept free before the function's time limit for the last batch and the log line. */
const MARGIN_MS = 8_000
const DEFAULT_LIMIT_MS = 60_000

/**
 * The `ledgerIntegrate` function: on its timer (every second), the consent ledger's integrator
 * (services/consent/integrator.ts). A run that gets the lease integrates batches while entries are
 * pending and looks again every 100 ms until its time is nearly spent; the triggers that fire
 * meanwhile find the lease taken and end at once (one read). Any other call is refused.
 */
export function createLedgerIntegrateHandler(deps: IntegratorDeps, opts: { idleWaitMs?: number } = {}) {
  return async (event: unknown, inv: Invocation): Promise<Result<IntegrateRunReply>> => {
    if (!isTimerCall(event, inv)) {
      console.warn('[ledger-integrate] refused a call that is not the timer trigger')
      return { ok: false, error: errorBody('FORBIDDEN') }
    }
    const budgetMs = Math.max(1_000, (inv.timeLimitMs ?? DEFAULT_LIMIT_MS) - MARGIN_MS)
    try {
      const run = await integrateLedger(deps, { budgetMs, idleWaitMs: opts.idleWaitMs ?? 100 })
      const last = run.batches.at(-1)
      const entries = run.batches.reduce((n, b) => n + b.ids.length, 0)
      if (run.leased) console.log(`[ledger-integrate] ${run.batches.length} batches, ${entries} entries, size ${last?.size ?? 'unchanged'}`)
      return { ok: true, data: { leased: run.leased, batches: run.batches.length, entries, size: last?.size ?? null } }
    } catch (e) {
      // A store error mid-batch: the batch is left for the next run to finish (idempotent).
      console.error(`[ledger-integrate] ERROR the run stopped before its end: ${e instanceof Error ? e.name : 'error'}`)
      return { ok: false, error: errorBody('INTERNAL') }
    }
  }
}
