import * as tcb from '@cloudbase/node-sdk'
import type { Result } from '../../../types/errors'
import { createCloudBaseConsentStores } from '../../adapters/cloudbase'
import { callerOpenid, once } from '../../adapters/cloudbase/entry'
import { ledgerKeyName } from '../../adapters/crypto/ledgerKey'
import { systemClock } from '../../adapters/system/systemClock'
import { loadConfig } from '../../config'
import { errorBody } from '../../domain/errors'
import type { Invocation } from '../ledgerAudit/handler'
import { createLedgerIntegrateHandler } from './handler'
import type { ConsentStores } from '../../ports/consentStores'

/**
 * The deployed `ledgerIntegrate` function (CloudBase, handler `index.main`): the consent ledger's
 * integrator on a timer every second (config.json `triggers`, scripts/build-functions.mjs;
 * docs/DEPLOY.md §7). It signs one checkpoint per batch, so it needs the signing key
 * (`LEDGER_SIGNING_KEY`) and the origin; no identity or WeChat keys.
 */
const setup = once(async () => {
  const config = loadConfig(process.env)
  if (!config.LEDGER_SIGNING_KEY) throw new Error('LEDGER_SIGNING_KEY must be set for ledgerIntegrate')
  const app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV })
  const consent: ConsentStores = createCloudBaseConsentStores(app.database())
  const handle = createLedgerIntegrateHandler({
    consent,
    clock: systemClock,
    ledgerKey: { secretKey: Buffer.from(config.LEDGER_SIGNING_KEY, 'base64'), keyName: ledgerKeyName(config.LEDGER_ORIGIN), origin: config.LEDGER_ORIGIN },
  })
  return { app, handle }
})

export async function main(event: unknown, context: unknown): Promise<Result<unknown>> {
  let ready: Awaited<ReturnType<typeof setup>>
  try {
    ready = await setup()
  } catch (e) {
    console.error('[ledgerIntegrate] setup failed:', e instanceof Error ? e.message : e)
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
