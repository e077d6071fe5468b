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
  {
    // Personal digital space (SPEC §2–§3). Lists are by one indexed column; JSON arrays as TEXT.
    version: 2,
    sql: `
      CREATE TABLE credentials (
        id TEXT PRIMARY KEY,
        holderIdentityId TEXT NOT NULL,
        type TEXT NOT NULL,
        subjectKind TEXT NOT NULL,
        childLinkId TEXT,
        payloadCipher TEXT NOT NULL,
        claimedAt INTEGER NOT NULL
      );
      CREATE INDEX credentials_holder ON credentials (holderIdentityId);
      CREATE TABLE child_links (
        id TEXT PRIMARY KEY,
        parentIdentityId TEXT NOT NULL,
        childIdentityId TEXT NOT NULL,
        birthCertificateId TEXT NOT NULL,
        payloadCipher TEXT NOT NULL,
        linkedAt INTEGER NOT NULL,
        wardClaimedAt INTEGER
      );
      CREATE INDEX child_links_parent ON child_links (parentIdentityId);
      CREATE TABLE credential_reports (
        id TEXT PRIMARY KEY,
        holderIdentityId TEXT NOT NULL,
        credentialId TEXT NOT NULL,
        type TEXT NOT NULL,
        fields TEXT NOT NULL,
        descriptionCipher TEXT NOT NULL,
        state TEXT NOT NULL,
        createdAt INTEGER NOT NULL,
        updatedAt INTEGER NOT NULL
      );
      CREATE INDEX credential_reports_holder ON credential_reports (holderIdentityId);
      CREATE TABLE access_events (
        id TEXT PRIMARY KEY,
        identityId TEXT NOT NULL,
        at INTEGER NOT NULL,
        actorKind TEXT NOT NULL,
        actorLabel TEXT NOT NULL,
        operator TEXT,
        action TEXT NOT NULL,
        credentialTypes TEXT NOT NULL,
        fields TEXT NOT NULL,
        noteCipher TEXT
      );
      CREATE INDEX access_events_identity ON access_events (identityId, id);`,
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
