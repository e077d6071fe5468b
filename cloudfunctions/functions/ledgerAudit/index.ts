import { createCloudBaseConsentStores, createCloudBaseLedgerAuditRecord } from '../../adapters/cloudbase'
import { ledgerKeyName } from '../../adapters/crypto/ledgerKey'
import { systemClock } from '../../adapters/system/systemClock'
import { loadConfig } from '../../config'
import { timerMain } from '../timerEntry'
import { createLedgerAuditHandler } from './handler'

/**
 * The deployed `ledgerAudit` function (CloudBase, handler `index.main`): the consent ledger's full
 * audit on a timer (config.json `triggers`, scripts/build-functions.mjs; docs/DEPLOY.md §7). It
 * needs the ledger's public key only (`LEDGER_PUBLIC_KEY`, 64 hex, as `npm run ledger:pubkey`
 * prints), never the signing key, and no identity or WeChat keys: it reads the ledger and writes
 * `ledger_head/audit`, nothing else. Not in the local cloud's registry: the local cloud audits in
 * full on every start.
 */
export const main = timerMain('ledgerAudit', (app) => {
  const config = loadConfig(process.env)
  const hex = process.env.LEDGER_PUBLIC_KEY?.trim() ?? ''
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new Error('LEDGER_PUBLIC_KEY must be set to the ledger public key (64 hex, npm run ledger:pubkey)')
  const db = app.database()
  const stores = createCloudBaseConsentStores(db)
  return createLedgerAuditHandler({
    ledger: stores.ledger,
    notices: stores.notices,
    record: createCloudBaseLedgerAuditRecord(db),
    key: { keyName: ledgerKeyName(config.LEDGER_ORIGIN), publicKey: new Uint8Array(Buffer.from(hex, 'hex')) },
    clock: systemClock,
  })
})
