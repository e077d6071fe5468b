import path from 'node:path'
import { mkdirSync } from 'node:fs'
import { serviceTimes, type Config } from '../config'
import { createFieldCipher, loadOrCreateKeys } from '../adapters/crypto/fieldCipher'
import { SimulatedFaceVerifier } from '../adapters/face-sim/simulatedVerifier'
import { openSqliteStores, type SqliteStores } from '../adapters/sqlite'
import { randomIds, systemClock } from '../adapters/system/systemClock'
import { createPdfRenderer } from '../adapters/pdf/pdfLibRenderer'
import { createFixtureRegistry, fixturePath, loadFixture } from '../adapters/registry-sim/fixtureRegistry'
import type { AppDeps } from '../services/appDeps'
import { localHealthExtras } from '../adapters/sqlite/localHealth'
import { localConsentExtras } from '../adapters/sqlite/localConsent'
import type { RegistryFixture } from '../../types/registry'

/**
 * The local cloud's dependencies: SQLite in DATA_DIR, keys from config or DATA_DIR/keys.json,
 * always the simulated verifier (WeChat's face service cannot be reached from H5) and the
 * simulated registry over REGISTRY_FIXTURE (default fixtures/registry.json).
 */
export function createLocalDeps(
  config: Config,
  stores?: 'memory',
): { deps: AppDeps; simulator: SimulatedFaceVerifier; db: SqliteStores; fixture: RegistryFixture } {
  // Read first: a bad REGISTRY_FIXTURE stops the start with the file and fields named.
  const fixture = loadFixture(fixturePath(config.REGISTRY_FIXTURE))
  mkdirSync(config.DATA_DIR, { recursive: true })
  const db = openSqliteStores(stores === 'memory' ? ':memory:' : path.join(config.DATA_DIR, 'cloud.db'))
  const times = serviceTimes(config)
  // A clock object per cloud, so a test that steers one cloud's time cannot leak into another.
  const clock = { now: () => systemClock.now() }
  const simulator = new SimulatedFaceVerifier(clock, times.verifyIdTtlMs)
  const deps: AppDeps = {
    stores: db,
    clock,
    ids: randomIds,
    cipher: createFieldCipher(loadOrCreateKeys(config.DATA_DIR, config)),
    verifier: simulator,
    config: times,
    registry: createFixtureRegistry(fixture),
    pdf: createPdfRenderer(),
    ...localHealthExtras(config, db.db, clock),
    ...localConsentExtras(config, db.db),
  }
  return { deps, simulator, db, fixture }
}
