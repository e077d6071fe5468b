import * as tcb from '@cloudbase/node-sdk'
import type { Result } from '../../../types/errors'
import { createCloudBaseConsentStores, createCloudBaseLedgerAuditRecord } from '../../adapters/cloudbase'
import { callerOpenid, once } from '../../adapters/cloudbase/entry'
import { ledgerKeyName } from '../../adapters/crypto/ledgerKey'
import { systemClock } from '../../adapters/system/systemClock'
import { loadConfig } from '../../config'
import { errorBody } from '../../domain/errors'
import { createLedgerAuditHandler, type Invocation } from './handler'

/**
 * The deployed `ledgerAudit` function (CloudBase, handler `index.main`): the consent ledger's full
 * audit on a timer (config.json `triggers`, scripts/build-functions.mjs; docs/DEPLOY.md §7). It
 * needs the ledger's public key only (`LEDGER_PUBLIC_KEY`, 64 hex, as `npm run ledger:pubkey`
 * prints), never the signing key, and no identity or WeChat keys: it reads the ledger and writes
 * `ledger_head/audit`, nothing else. Not in the local cloud's registry: the local cloud audits in
 * full on every start.
 */
const setup = once(async () => {
  const config = loadConfig(process.env)
  const hex = process.env.LEDGER_PUBLIC_KEY?.trim() ?? ''
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new Error('LEDGER_PUBLIC_KEY must be set to the ledger public key (64 hex, npm run ledger:pubkey)')
  const app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV })
  const db = app.database()
  const handle = createLedgerAuditHandler({
    ledger: createCloudBaseConsentStores(db).ledger,
    record: createCloudBaseLedgerAuditRecord(db),
    key: { keyName: ledgerKeyName(config.LEDGER_ORIGIN), publicKey: new Uint8Array(Buffer.from(hex, 'hex')) },
    clock: systemClock,
  })
  return { app, handle }
})

export async function main(event: unknown, context: unknown): Promise<Result<unknown>> {
  let ready: Awaited<ReturnType<typeof setup>>
  try {
    ready = await setup()
  } catch (e) {
    // Configuration errors name variables only, never values.
    console.error('[ledgerAudit] setup failed:', e instanceof Error ? e.message : e)
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
