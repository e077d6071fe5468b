import path from 'node:path'
import { mkdirSync } from 'node:fs'
import { serviceTimes, type Config } from '../config'
import { createFieldCipher, loadOrCreateKeys } from '../adapters/crypto/fieldCipher'
import { SimulatedFaceVerifier } from '../adapters/face-sim/simulatedVerifier'
import { WeChatFaceVerifier } from '../adapters/face-wechat'
import type { Clock } from '../ports/clock'
import type { FaceVerifier } from '../ports/faceVerifier'
import { openSqliteStores, type SqliteStores } from '../adapters/sqlite'
import { randomIds, systemClock } from '../adapters/system/systemClock'
import { createPdfRenderer } from '../adapters/pdf/pdfLibRenderer'
import { createLocalFileStore, fileLinkKey, type LocalFileStore } from '../adapters/files-local/localFileStore'
import { createFixtureRegistry, fixturePath, loadFixture } from '../adapters/registry-sim/fixtureRegistry'
import type { AppDeps } from '../services/appDeps'
import { localHealthExtras } from './localHealth'
import { localConsentExtras, localLedgerWitnesses, localWitness } from './localConsent'
import type { WitnessDeps } from '../services/witness/witness'
import { loadOrCreateSecret } from '../adapters/crypto/ledgerKey'
import { sqliteCounterStores } from '../adapters/sqlite/sqliteCounterStores'
import type { RegistryFixture } from '../../types/registry'

/**
 * FACE_PROVIDER: `simulated` (default) answers with whatever the simulated camera page reports;
 * `wechat` asks WeChat face verification 2.0 itself, with WX_APPID / WX_SECRET (loadConfig
 * refuses to start without them). The H5 camera page cannot run wx.requestFacialVerify, so with
 * `wechat` its reports reach a simulator nobody asks and an H5 login stays pending: the setting
 * is for trying the real server calls, not for the demo.
 */
export function localFaceVerifier(
  config: Config,
  clock: Clock,
  simulator: SimulatedFaceVerifier,
  fetchFn: typeof fetch = (input, init) => fetch(input, init),
): FaceVerifier {
  if (config.FACE_PROVIDER !== 'wechat') return simulator
  if (!config.WX_APPID || !config.WX_SECRET) throw new Error('FACE_PROVIDER=wechat 时必须设置 WX_APPID 和 WX_SECRET')
  return new WeChatFaceVerifier({ appId: config.WX_APPID, appSecret: config.WX_SECRET, fetch: fetchFn, clock })
}

/**
 * The local cloud's dependencies: SQLite in DATA_DIR, keys from config or DATA_DIR/keys.json,
 * the face verifier FACE_PROVIDER names (localFaceVerifier) and the simulated registry over
 * REGISTRY_FIXTURE (default fixtures/registry.json), exported files under DATA_DIR/exports
 * (`files`, returned too for the download route). `simulator` is returned either way for the
 * simulated camera route; it decides logins only when it is `deps.verifier`.
 */
export function createLocalDeps(
  config: Config,
  stores?: 'memory',
): { deps: AppDeps; simulator: SimulatedFaceVerifier; db: SqliteStores; fixture: RegistryFixture; files: LocalFileStore; witness: WitnessDeps } {
  // Read first: a bad REGISTRY_FIXTURE stops the start with the file and fields named.
  const fixture = loadFixture(fixturePath(config.REGISTRY_FIXTURE))
  mkdirSync(config.DATA_DIR, { recursive: true })
  const db = openSqliteStores(stores === 'memory' ? ':memory:' : path.join(config.DATA_DIR, 'cloud.db'))
  const times = serviceTimes(config)
  // A clock object per cloud, so a test that steers one cloud's time cannot leak into another.
  const clock = { now: () => systemClock.now() }
  const simulator = new SimulatedFaceVerifier(clock, times.verifyIdTtlMs)
  const keys = loadOrCreateKeys(config.DATA_DIR, config)
  // Exports: DATA_DIR/exports, served by the local cloud's GET /files/<id> (server.ts).
  // The local witness (served at /witness/): its own key, its own table, watching this ledger.
  const witness = localWitness(config, db.db, clock, loadOrCreateSecret(config.DATA_DIR, 'ledger-signing.key', config.LEDGER_SIGNING_KEY))
  const files = createLocalFileStore({ dir: path.join(config.DATA_DIR, 'exports'), key: fileLinkKey(keys.hashKey), clock })
  const deps: AppDeps = {
    stores: db,
    clock,
    ids: randomIds,
    cipher: createFieldCipher(keys),
    verifier: localFaceVerifier(config, clock, simulator),
    config: times,
    registry: createFixtureRegistry(fixture),
    pdf: createPdfRenderer(),
    ...localHealthExtras(config, db.db, clock),
    files,
    ...localConsentExtras(config, db.db, null, localLedgerWitnesses(config, witness)),
    counter: sqliteCounterStores(db.db),
  }
  return { deps, simulator, db, fixture, files, witness }
}
