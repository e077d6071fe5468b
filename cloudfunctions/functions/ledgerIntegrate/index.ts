import { createCloudBaseConsentStores } from '../../adapters/cloudbase'
import { ledgerKeyName } from '../../adapters/crypto/ledgerKey'
import { systemClock } from '../../adapters/system/systemClock'
import { loadConfig, parseWitnessList } from '../../config'
import { configuredWitnesses } from '../../services/consent/witnessing'
import { timerMain } from '../timerEntry'
import { createLedgerIntegrateHandler } from './handler'

/**
 * The deployed `ledgerIntegrate` function (CloudBase, handler `index.main`): the consent ledger's
 * integrator on a timer every second (config.json `triggers`, scripts/build-functions.mjs;
 * docs/DEPLOY.md §7). It signs one checkpoint per batch, so it needs the signing key
 * (`LEDGER_SIGNING_KEY`) and the origin; no identity or WeChat keys.
 */
export const main = timerMain('ledgerIntegrate', (app) => {
  const config = loadConfig(process.env)
  if (!config.LEDGER_SIGNING_KEY) throw new Error('LEDGER_SIGNING_KEY must be set for ledgerIntegrate')
  return createLedgerIntegrateHandler({
    consent: createCloudBaseConsentStores(app.database()),
    clock: systemClock,
    ledgerKey: { secretKey: Buffer.from(config.LEDGER_SIGNING_KEY, 'base64'), keyName: ledgerKeyName(config.LEDGER_ORIGIN), origin: config.LEDGER_ORIGIN },
    // Each batch's checkpoint is submitted to the witnesses and kept with their cosignatures.
    ledgerWitnesses: configuredWitnesses(config.LEDGER_WITNESSES ? parseWitnessList(config.LEDGER_WITNESSES) : null, config.LEDGER_WITNESS_QUORUM),
  })
})
