import type Database from 'better-sqlite3'
import { parseWitnessList, type Config } from '../config'
import type { Clock } from '../ports/clock'
import type { ConsentExtras } from '../services/consent/consentDeps'
import { httpWitness, inProcessWitness, type LedgerWitnesses } from '../services/consent/witnessing'
import type { WitnessDeps } from '../services/witness/witness'
import { ledgerKeyName, loadOrCreateSecret } from '../adapters/crypto/ledgerKey'
import { sqliteConsentStores } from '../adapters/sqlite/sqliteConsentStores'
import { sqliteWitnessStore } from '../adapters/sqlite/sqliteWitnessStore'
import { publicKeyOf } from '../domain/ledger/checkpoint'
import { toHex } from '../domain/ledger/hash'

/** The consent function's local dependencies: the same SQLite file and a checkpoint key in DATA_DIR. */
export function localConsentExtras(config: Config, db: Database.Database, appBaseUrl: string | null = null, witnesses?: LedgerWitnesses): ConsentExtras {
  return {
    consent: sqliteConsentStores(db),
    ledgerKey: {
      secretKey: loadOrCreateSecret(config.DATA_DIR, 'ledger-signing.key', config.LEDGER_SIGNING_KEY),
      keyName: ledgerKeyName(config.LEDGER_ORIGIN),
      origin: config.LEDGER_ORIGIN,
    },
    consentConfig: { requestTtlMs: config.CONSENT_REQUEST_DAYS * 24 * 3600 * 1000, appBaseUrl },
    ...(witnesses ? { ledgerWitnesses: witnesses } : {}),
  }
}

/**
 * The local cloud's own witness (served at /witness/, services/witness/witness.ts): its key
 * WITNESS_KEY or generated once into DATA_DIR/witness-signing.key, its table in the same SQLite
 * file, watching this cloud's ledger. In production a witness is another party's function
 * (functions/witness), never the log's own process.
 */
export function localWitness(config: Config, db: Database.Database, clock: Clock, ledgerSecret: Uint8Array): WitnessDeps {
  return {
    store: sqliteWitnessStore(db),
    key: { name: config.WITNESS_NAME, secretKey: loadOrCreateSecret(config.DATA_DIR, 'witness-signing.key', config.WITNESS_KEY) },
    logs: [{ origin: config.LEDGER_ORIGIN, keyName: ledgerKeyName(config.LEDGER_ORIGIN), publicKey: publicKeyOf(ledgerSecret) }],
    clock,
  }
}

/** The witnesses the local ledger asks: LEDGER_WITNESSES when set, else its own in-process one. */
export function localLedgerWitnesses(config: Config, own: WitnessDeps): LedgerWitnesses {
  const listed = config.LEDGER_WITNESSES ? parseWitnessList(config.LEDGER_WITNESSES) : null
  const witnesses = listed ? listed.map((w) => httpWitness({ name: w.name, publicKey: w.publicKey }, w.url)) : [inProcessWitness(own, toHex(publicKeyOf(own.key.secretKey)))]
  return { quorum: config.LEDGER_WITNESS_QUORUM, witnesses }
}

/** The demo enrolment system's secret: DEMO_BIZ_KEY, or generated once into DATA_DIR. */
export const demoBizSecret = (config: Config): string =>
  config.DEMO_BIZ_KEY ?? Buffer.from(loadOrCreateSecret(config.DATA_DIR, 'demo-biz.key')).toString('base64url')
