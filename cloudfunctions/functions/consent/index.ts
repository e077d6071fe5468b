import { createCloudBaseConsentStores } from '../../adapters/cloudbase'
import { ledgerKeyName } from '../../adapters/crypto/ledgerKey'
import { createFixtureRegistry, loadFixture } from '../../adapters/registry-sim/fixtureRegistry'
import { createPdfRenderer } from '../../adapters/pdf/pdfLibRenderer'
import { parseWitnessList, type Config } from '../../config'
import { configuredWitnesses } from '../../services/consent/witnessing'
import type { Deps } from '../../services/deps'
import type { ConsentDeps } from '../../services/consent/consentDeps'
import { deployedMain, type App } from '../deployed'
import { withHttpAccess } from '../httpAccess'
import { createBizHandler, createConsentHandler } from './handler'

/**
 * The deployed `consent` function (CloudBase, handler `index.main`). Mini-program calls carry the
 * injected OPENID; a business system reaches the same function through HTTP access
 * (`tcb service create -p /biz -f consent`), whose event has `httpMethod` and headers and no
 * OPENID, and is answered by the API-key handler only. The checkpoint key must be configured:
 * generated per instance, every device that pinned one would warn.
 */
/** The consent ledger's deployed dependencies, shared by `consent` and `counter` (one ledger, one key). */
export function deployedConsentDeps(config: Config, app: App, base: Deps): ConsentDeps {
  if (!config.LEDGER_SIGNING_KEY) throw new Error('LEDGER_SIGNING_KEY must be set for the deployed function')
  if (!config.REGISTRY_FIXTURE) throw new Error('REGISTRY_FIXTURE must be set: no provincial registry adapter yet (demo only)')
  return {
    ...base,
    registry: createFixtureRegistry(loadFixture(config.REGISTRY_FIXTURE)),
    pdf: createPdfRenderer(),
    consent: createCloudBaseConsentStores(app.database()),
    ledgerKey: { secretKey: Buffer.from(config.LEDGER_SIGNING_KEY, 'base64'), keyName: ledgerKeyName(config.LEDGER_ORIGIN), origin: config.LEDGER_ORIGIN },
    consentConfig: { requestTtlMs: config.CONSENT_REQUEST_DAYS * 24 * 3600 * 1000, appBaseUrl: null },
    // Appends answer with the signed promise; the ledgerIntegrate timer integrates.
    ledgerIntegration: 'scheduled',
    // Proofs carry checkpoints cosigned by the quorum of witnesses (docs/DEPLOY.md "Witness").
    ledgerWitnesses: configuredWitnesses(config.LEDGER_WITNESSES ? parseWitnessList(config.LEDGER_WITNESSES) : null, config.LEDGER_WITNESS_QUORUM),
  }
}

export const main = deployedMain('consent', (config, app, base) => {
  const deps = deployedConsentDeps(config, app, base)
  return withHttpAccess(createConsentHandler(deps), createBizHandler(deps))
})
