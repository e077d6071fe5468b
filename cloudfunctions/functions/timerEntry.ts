import * as tcb from '@cloudbase/node-sdk'
import type { Result } from '../../types/errors'
import { callerOpenid, once } from '../adapters/cloudbase/entry'
import { errorBody } from '../domain/errors'
import type { Invocation } from './ledgerAudit/handler'

/**
 * The deployed entry of a timer-triggered function (ledgerAudit, ledgerIntegrate): its setup runs
 * once per instance; each call is handed what the platform injected (TRIGGER_SRC, the caller if
 * any, the time limit), so the handler can answer the timer only. A setup failure is logged by
 * the function's name and the message (which names variables, never values) and answers INTERNAL.
 */
export function timerMain<H extends (event: unknown, inv: Invocation) => Promise<Result<unknown>>>(
  name: string,
  build: (app: ReturnType<typeof tcb.init>) => H | Promise<H>,
): (event: unknown, context: unknown) => Promise<Result<unknown>> {
  const setup = once(async () => {
    const app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV })
    return { app, handle: await build(app) }
  })
  return async (event, context) => {
    let ready: Awaited<ReturnType<typeof setup>>
    try {
      ready = await setup()
    } catch (e) {
      console.error(`[${name}] setup failed:`, e instanceof Error ? e.message : e)
      return { ok: false, error: errorBody('INTERNAL') }
    }
    let injected: { TRIGGER_SRC?: string; TCB_UUID?: string; TCB_CUSTOM_USER_ID?: string } = {}
    try {
      injected = tcb.getCloudbaseContext((context ?? undefined) as never)
    } catch {
      // A context node-sdk cannot parse: no TRIGGER_SRC, so not the timer.
    }
    const inv: Invocation = {
      TRIGGER_SRC: injected.TRIGGER_SRC,
      TCB_UUID: injected.TCB_UUID,
      TCB_CUSTOM_USER_ID: injected.TCB_CUSTOM_USER_ID,
      openid: callerOpenid(context, { getCloudbaseContext: (c) => tcb.getCloudbaseContext(c), getUserInfo: () => ready.app.auth().getUserInfo() }),
      timeLimitMs: typeof (context as { time_limit_in_ms?: unknown })?.time_limit_in_ms === 'number' ? (context as { time_limit_in_ms: number }).time_limit_in_ms : undefined,
    }
    return ready.handle(event, inv)
  }
}
