import path from 'node:path'
import { mkdirSync } from 'node:fs'
import { serviceTimes, type Config } from '../config'
import { createFieldCipher, loadOrCreateKeys } from '../adapters/crypto/fieldCipher'
import { SimulatedFaceVerifier } from '../adapters/face-sim/simulatedVerifier'
import { openSqliteStores, type SqliteStores } from '../adapters/sqlite'
import { randomIds, systemClock } from '../adapters/system/systemClock'
import type { Deps } from '../services/deps'

/**
 * The local cloud's dependencies: SQLite in DATA_DIR, keys from config or DATA_DIR/keys.json,
 * and always the simulated verifier (WeChat's face service cannot be reached from H5).
 */
export function createLocalDeps(config: Config, stores?: 'memory'): { deps: Deps; simulator: SimulatedFaceVerifier; db: SqliteStores } {
  mkdirSync(config.DATA_DIR, { recursive: true })
  const db = openSqliteStores(stores === 'memory' ? ':memory:' : path.join(config.DATA_DIR, 'cloud.db'))
  const times = serviceTimes(config)
  // A clock object per cloud, so a test that steers one cloud's time cannot leak into another.
  const clock = { now: () => systemClock.now() }
  const simulator = new SimulatedFaceVerifier(clock, times.verifyIdTtlMs)
  const deps: Deps = {
    stores: db,
    clock,
    ids: randomIds,
    cipher: createFieldCipher(loadOrCreateKeys(config.DATA_DIR, config)),
    verifier: simulator,
    config: times,
  }
  return { deps, simulator, db }
}
