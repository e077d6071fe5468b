import type Database from 'better-sqlite3'
import type { Config } from '../config'
import type { ConsentExtras } from '../services/consent/consentDeps'
import { ledgerKeyName, loadOrCreateSecret } from '../adapters/crypto/ledgerKey'
import { sqliteConsentStores } from '../adapters/sqlite/sqliteConsentStores'

/** The consent function's local dependencies: the same SQLite file and a checkpoint key in DATA_DIR. */
export function localConsentExtras(config: Config, db: Database.Database, appBaseUrl: string | null = null): ConsentExtras {
  return {
    consent: sqliteConsentStores(db),
    ledgerKey: {
      secretKey: loadOrCreateSecret(config.DATA_DIR, 'ledger-signing.key', config.LEDGER_SIGNING_KEY),
      keyName: ledgerKeyName(config.LEDGER_ORIGIN),
      origin: config.LEDGER_ORIGIN,
    },
    consentConfig: { requestTtlMs: config.CONSENT_REQUEST_DAYS * 24 * 3600 * 1000, appBaseUrl },
  }
}

/** The demo enrolment system's secret: DEMO_BIZ_KEY, or generated once into DATA_DIR. */
export const demoBizSecret = (config: Config): string =>
  config.DEMO_BIZ_KEY ?? Buffer.from(loadOrCreateSecret(config.DATA_DIR, 'demo-biz.key')).toString('base64url')
