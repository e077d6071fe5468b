import type Database from 'better-sqlite3'
import type { Config } from '../config'
import type { Clock } from '../ports/clock'
import type { HealthExtras } from '../services/health/healthDeps'
import { loadOrCreateInviteKey } from '../adapters/crypto/healthInviteKey'
import { createOutboxNotifier } from '../adapters/notifier-outbox/outboxNotifier'
import { sqliteHealthStores } from '../adapters/sqlite/sqliteHealthStores'

/**
 * The health function's local dependencies: the same SQLite file, a generated invite key, the
 * outbox. Export files and the registry are wired by local/wiring.ts, which also hands them to the download route.
 */
export function localHealthExtras(config: Config, db: Database.Database, clock: Clock): Omit<HealthExtras, 'files' | 'registry'> {
  return {
    health: sqliteHealthStores(db),
    notifier: createOutboxNotifier(clock),
    inviteKey: loadOrCreateInviteKey(config.DATA_DIR, config.HEALTH_INVITE_KEY),
  }
}
