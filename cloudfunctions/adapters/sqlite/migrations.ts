import type Database from 'better-sqlite3'

/**
 * Numbered migrations, applied in order once each; `schema_version` remembers the last one.
 * One table per aggregate, columns named after the port's fields (ports/stores.ts).
 */
const MIGRATIONS: ReadonlyArray<{ version: number; sql: string }> = [
  {
    version: 1,
    sql: `
      CREATE TABLE accounts (
        openid TEXT PRIMARY KEY,
        defaultMethod TEXT NOT NULL,
        identityId TEXT,
        updatedAt INTEGER NOT NULL
      );
      CREATE TABLE identities (
        id TEXT PRIMARY KEY,
        nameCipher TEXT NOT NULL,
        idNumberCipher TEXT NOT NULL,
        currentSessionId TEXT,
        createdAt INTEGER NOT NULL,
        updatedAt INTEGER NOT NULL
      );
      CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        openid TEXT NOT NULL,
        identityId TEXT NOT NULL,
        createdAt INTEGER NOT NULL,
        verifiedAt INTEGER NOT NULL,
        lastSeenAt INTEGER NOT NULL,
        endedAt INTEGER
      );
      CREATE TABLE verifications (
        verifyId TEXT PRIMARY KEY,
        method TEXT NOT NULL,
        purpose TEXT NOT NULL,
        openid TEXT NOT NULL,
        sessionId TEXT,
        identityId TEXT NOT NULL,
        outSeqNo TEXT NOT NULL UNIQUE,
        nameCipher TEXT NOT NULL,
        idNumberCipher TEXT NOT NULL,
        state TEXT NOT NULL,
        createdAt INTEGER NOT NULL,
        expiresAt INTEGER NOT NULL,
        usedAt INTEGER
      );`,
  },
]

export function migrate(db: Database.Database): number {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)')
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number | null }
  let current = row.v ?? 0
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue
    // Each migration and its version row commit together, so a crash never half-applies one.
    db.transaction(() => {
      db.exec(m.sql)
      db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(m.version)
    })()
    current = m.version
  }
  return current
}
