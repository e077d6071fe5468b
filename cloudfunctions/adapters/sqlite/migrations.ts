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
  {
    // Consent ledger and enrolment authorization (SPEC §4). The ledger keeps entries, the perfect
    // subtree hashes (domain/ledger/proofs.ts) and a one-row head whose size moves in the same
    // transaction as the rows, so proofs never see a half-appended entry.
    version: 3,
    sql: `
      CREATE TABLE consent_systems (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, purpose TEXT NOT NULL, allowList TEXT NOT NULL,
        keyHash TEXT NOT NULL, createdAt INTEGER NOT NULL
      );
      CREATE TABLE consent_requests (
        id TEXT PRIMARY KEY, systemId TEXT NOT NULL, applicationType TEXT NOT NULL, evidence TEXT NOT NULL,
        studentRef TEXT NOT NULL, applicantCipher TEXT NOT NULL, studentMasked TEXT NOT NULL, parts TEXT NOT NULL,
        createdAt INTEGER NOT NULL, expiresAt INTEGER NOT NULL, version INTEGER NOT NULL
      );
      CREATE TABLE consents (
        id TEXT PRIMARY KEY, requestId TEXT NOT NULL, systemId TEXT NOT NULL, part TEXT NOT NULL, signerId TEXT NOT NULL,
        itemLabel TEXT NOT NULL, itemCipher TEXT NOT NULL, optionId TEXT NOT NULL, fields TEXT NOT NULL, state TEXT NOT NULL,
        grantedAt INTEGER NOT NULL, expiresAt INTEGER NOT NULL, revokedAt INTEGER, grantIndex INTEGER NOT NULL, revokeIndex INTEGER
      );
      CREATE INDEX consents_signer ON consents (signerId, grantedAt);
      CREATE TABLE ledger_head (id INTEGER PRIMARY KEY CHECK (id = 1), size INTEGER NOT NULL);
      INSERT INTO ledger_head (id, size) VALUES (1, 0);
      CREATE TABLE ledger_entries (
        idx INTEGER PRIMARY KEY, leaf TEXT NOT NULL, leafHash TEXT NOT NULL, appendedAt INTEGER NOT NULL
      );
      CREATE TABLE ledger_nodes (
        level INTEGER NOT NULL, idx INTEGER NOT NULL, hash BLOB NOT NULL, PRIMARY KEY (level, idx)
      ) WITHOUT ROWID;`,
  },
  {
    // School health declaration (SPEC §5). Version 3 belongs to the consent ledger.
    version: 4,
    sql: `
      CREATE TABLE health_orgs (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, deadline TEXT NOT NULL, frequency TEXT NOT NULL,
        collectorIdentityId TEXT NOT NULL, collectorMaskedName TEXT NOT NULL, createdAt INTEGER NOT NULL
      );
      CREATE INDEX health_orgs_collector ON health_orgs (collectorIdentityId);
      CREATE TABLE health_declarants (
        id TEXT PRIMARY KEY, docType TEXT NOT NULL, nameCipher TEXT NOT NULL, docNumberCipher TEXT NOT NULL,
        maskedName TEXT NOT NULL, maskedDocNumber TEXT NOT NULL, createdAt INTEGER NOT NULL
      );
      CREATE TABLE health_memberships (
        id TEXT PRIMARY KEY, orgId TEXT NOT NULL, declarantId TEXT NOT NULL, maskedName TEXT NOT NULL, docType TEXT NOT NULL,
        state TEXT NOT NULL, joinedAt INTEGER NOT NULL, leftAt INTEGER
      );
      CREATE INDEX health_memberships_org ON health_memberships (orgId);
      CREATE INDEX health_memberships_declarant ON health_memberships (declarantId);
      CREATE TABLE health_bindings (
        id TEXT PRIMARY KEY, filerIdentityId TEXT NOT NULL, filerOpenid TEXT NOT NULL, declarantId TEXT NOT NULL,
        relation TEXT NOT NULL, state TEXT NOT NULL, createdAt INTEGER NOT NULL, removedAt INTEGER
      );
      CREATE INDEX health_bindings_filer ON health_bindings (filerIdentityId);
      CREATE INDEX health_bindings_declarant ON health_bindings (declarantId);
      CREATE TABLE health_proxy_holders (
        declarantId TEXT NOT NULL, proxyKey TEXT NOT NULL, PRIMARY KEY (declarantId, proxyKey)
      );
      CREATE TABLE health_submissions (
        id TEXT PRIMARY KEY, orgId TEXT NOT NULL, declarantId TEXT NOT NULL, day TEXT NOT NULL, clientId TEXT NOT NULL,
        submittedAt INTEGER NOT NULL, late INTEGER NOT NULL, filerIdentityId TEXT NOT NULL, byCollector INTEGER NOT NULL,
        formCipher TEXT NOT NULL, abnormal TEXT NOT NULL
      );
      CREATE TABLE health_day_entries (
        id TEXT PRIMARY KEY, orgId TEXT NOT NULL, day TEXT NOT NULL, declarantId TEXT NOT NULL, submissionId TEXT NOT NULL,
        submittedAt INTEGER NOT NULL, late INTEGER NOT NULL, abnormal TEXT NOT NULL
      );
      CREATE INDEX health_day_entries_org_day ON health_day_entries (orgId, day);
      CREATE TABLE health_day_locks (
        id TEXT PRIMARY KEY, orgId TEXT NOT NULL, day TEXT NOT NULL, lockedAt INTEGER NOT NULL, lockedBy TEXT NOT NULL
      );
      CREATE INDEX health_day_locks_org ON health_day_locks (orgId, day);
      CREATE TABLE health_export_jobs (
        id TEXT PRIMARY KEY, orgId TEXT NOT NULL, requestedBy TEXT NOT NULL, done INTEGER NOT NULL, total INTEGER NOT NULL,
        state TEXT NOT NULL, updatedAt INTEGER NOT NULL
      );`,
  },
  {
    // One open authorization request per (system, student, parent): the slot's id is a
    // keyed hash, the request id it points at moves only by compare-and-set. 9, not 5: numbers
    // are applied by the set, so parallel branches do not collide.
    version: 9,
    sql: `
      CREATE TABLE consent_open_slots (id TEXT PRIMARY KEY, requestId TEXT NOT NULL) WITHOUT ROWID;`,
  },
  {
    // Counter use (免证办): 政务码, counters and their staff, and each 受理 case (a JSON
    // body moved by compare-and-set on its version). 11: numbers are applied by the set.
    version: 11,
    sql: `
      CREATE TABLE counter_codes (
        id TEXT PRIMARY KEY, identityId TEXT NOT NULL, issuedAt INTEGER NOT NULL, expiresAt INTEGER NOT NULL,
        usedAt INTEGER, caseId TEXT, delegationId TEXT
      ) WITHOUT ROWID;
      CREATE TABLE counter_counters (id TEXT PRIMARY KEY, name TEXT NOT NULL, matterIds TEXT NOT NULL, createdAt INTEGER NOT NULL) WITHOUT ROWID;
      CREATE TABLE counter_operators (
        id TEXT PRIMARY KEY, counterId TEXT NOT NULL, name TEXT NOT NULL, passwordHash TEXT NOT NULL, createdAt INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE counter_sessions (
        id TEXT PRIMARY KEY, operatorId TEXT NOT NULL, counterId TEXT NOT NULL, createdAt INTEGER NOT NULL, expiresAt INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE counter_cases (
        id TEXT PRIMARY KEY, holderId TEXT NOT NULL, counterId TEXT NOT NULL, agentId TEXT, createdAt INTEGER NOT NULL,
        version INTEGER NOT NULL, body TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX counter_cases_holder ON counter_cases (holderId, createdAt);
      CREATE INDEX counter_cases_agent ON counter_cases (agentId, createdAt);
      CREATE INDEX counter_cases_counter ON counter_cases (counterId, createdAt);`,
  },
  {
    // 刷脸办: the counter's one-time ticket, spent by the first holder who verifies with it;
    // 委托代办: the holder's delegations to an agent (a JSON body moved by compare-and-set).
    version: 12,
    sql: `
      CREATE TABLE counter_tickets (
        id TEXT PRIMARY KEY, counterId TEXT NOT NULL, operatorId TEXT NOT NULL, matterId TEXT NOT NULL,
        createdAt INTEGER NOT NULL, expiresAt INTEGER NOT NULL, usedAt INTEGER, caseId TEXT
      ) WITHOUT ROWID;
      CREATE TABLE counter_delegations (
        id TEXT PRIMARY KEY, holderId TEXT NOT NULL, agentRef TEXT NOT NULL, version INTEGER NOT NULL, createdAt INTEGER NOT NULL, body TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX counter_delegations_holder ON counter_delegations (holderId, createdAt);
      CREATE INDEX counter_delegations_agent ON counter_delegations (agentRef, createdAt);`,
  },
  {
    // The trace of 提醒未申报 per org and day. 13: numbers are applied by the set, and 10–12
    // are taken or held by parallel branches.
    version: 13,
    sql: `
      CREATE TABLE health_day_reminders (
        id TEXT PRIMARY KEY, orgId TEXT NOT NULL, day TEXT NOT NULL, lastAt INTEGER NOT NULL, lastBy TEXT NOT NULL,
        lastCount INTEGER NOT NULL, times INTEGER NOT NULL
      ) WITHOUT ROWID;`,
  },
  {
    // The consent ledger's last signed checkpoint: the audit compares the rebuilt root
    // with it. One row, moved only forward by one conditional upsert. 21: numbers are applied by
    // the set, and the teens are held by parallel branches.
    version: 21,
    sql: `
      CREATE TABLE ledger_checkpoint (
        id INTEGER PRIMARY KEY CHECK (id = 1), size INTEGER NOT NULL, rootHash TEXT NOT NULL,
        timestamp INTEGER NOT NULL, note TEXT NOT NULL
      );`,
  },
  {
    // Counter sign-in hardening and the paired 评价器: a session's last call and 退出,
    // the one-time pairing codes, the paired devices, wrong-password counters per account and per
    // address. Sessions from before read as idle (lastSeenAt 0): staff sign in again once. 27:
    // numbers are applied by the set, and the twenties are held by parallel branches.
    version: 27,
    sql: `
      ALTER TABLE counter_sessions ADD COLUMN lastSeenAt INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE counter_sessions ADD COLUMN endedAt INTEGER;
      CREATE TABLE counter_pairings (
        id TEXT PRIMARY KEY, counterId TEXT NOT NULL, operatorId TEXT NOT NULL, createdAt INTEGER NOT NULL, expiresAt INTEGER NOT NULL,
        usedAt INTEGER, deviceNo TEXT
      ) WITHOUT ROWID;
      CREATE TABLE counter_devices (
        id TEXT PRIMARY KEY, deviceNo TEXT NOT NULL, counterId TEXT NOT NULL, pairedAt INTEGER NOT NULL, pairedBy TEXT NOT NULL,
        revokedAt INTEGER, revokedBy TEXT
      ) WITHOUT ROWID;
      CREATE INDEX counter_devices_counter ON counter_devices (counterId, pairedAt);
      CREATE INDEX counter_tickets_counter ON counter_tickets (counterId, createdAt);
      CREATE TABLE counter_signin_throttles (
        id TEXT PRIMARY KEY, windowStart INTEGER NOT NULL, failures INTEGER NOT NULL, lockedUntil INTEGER NOT NULL, version INTEGER NOT NULL
      ) WITHOUT ROWID;`,
  },
  {
    // The name a binding's filer gave, and the name (verified or typed, with a
    // conflicting one beside it) this org's collector sees; a proxy's reach per org. 33: numbers are applied by the set,
    // and the twenties may be held by parallel branches.
    version: 33,
    sql: `
      ALTER TABLE health_bindings ADD COLUMN nameCipher TEXT;
      ALTER TABLE health_bindings ADD COLUMN maskedName TEXT;
      ALTER TABLE health_memberships ADD COLUMN nameCipher TEXT;
      ALTER TABLE health_memberships ADD COLUMN nameVerified INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE health_memberships ADD COLUMN altNameCipher TEXT;
      ALTER TABLE health_memberships ADD COLUMN altMaskedName TEXT;
      CREATE TABLE health_reach (
        id TEXT PRIMARY KEY, filerIdentityId TEXT NOT NULL, orgId TEXT NOT NULL, declarantId TEXT NOT NULL, grantedAt INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX health_reach_org ON health_reach (orgId);
      -- Proxies bound before this keep reaching the orgs their declarant was in, as they did.
      INSERT OR IGNORE INTO health_reach (id, filerIdentityId, orgId, declarantId, grantedAt)
        SELECT b.filerIdentityId || ':' || m.orgId || ':' || b.declarantId, b.filerIdentityId, m.orgId, b.declarantId, b.createdAt
        FROM health_bindings b JOIN health_memberships m ON m.declarantId = b.declarantId WHERE b.relation = 'proxy';`,
  },
  {
    // The ledger takes signed promises : an
    // append is one insert into ledger_pending; the integrator gives a batch its indexes in one
    // transaction (ledger_lease: one integrator at a time). Consents keep the promises' ids and
    // their indexes only when known. 40: numbers are applied by the set; the 20s and 30s are
    // left to parallel branches.
    version: 40,
    sql: `
      CREATE TABLE ledger_pending (
        id TEXT PRIMARY KEY, leaf TEXT NOT NULL, leafHash TEXT NOT NULL, at INTEGER NOT NULL, idx INTEGER
      ) WITHOUT ROWID;
      CREATE INDEX ledger_pending_waiting ON ledger_pending (at, id) WHERE idx IS NULL;
      CREATE TABLE ledger_lease (id INTEGER PRIMARY KEY CHECK (id = 1), owner TEXT NOT NULL, until INTEGER NOT NULL);
      ALTER TABLE consents RENAME TO consents_v3;
      DROP INDEX consents_signer;
      CREATE TABLE consents (
        id TEXT PRIMARY KEY, requestId TEXT NOT NULL, systemId TEXT NOT NULL, part TEXT NOT NULL, signerId TEXT NOT NULL,
        itemLabel TEXT NOT NULL, itemCipher TEXT NOT NULL, optionId TEXT NOT NULL, fields TEXT NOT NULL, state TEXT NOT NULL,
        grantedAt INTEGER NOT NULL, expiresAt INTEGER NOT NULL, revokedAt INTEGER, grantIndex INTEGER, revokeIndex INTEGER,
        grantRef TEXT, revokeRef TEXT
      );
      INSERT INTO consents (id, requestId, systemId, part, signerId, itemLabel, itemCipher, optionId, fields, state, grantedAt, expiresAt, revokedAt, grantIndex, revokeIndex)
        SELECT id, requestId, systemId, part, signerId, itemLabel, itemCipher, optionId, fields, state, grantedAt, expiresAt, revokedAt, grantIndex, revokeIndex FROM consents_v3;
      DROP TABLE consents_v3;
      CREATE INDEX consents_signer ON consents (signerId, grantedAt);`,
  },
  {
    // 授权说明 (domain/consent/notice.ts): each text once, under its SHA-256 (content-addressed,
    // INSERT OR IGNORE); a consent keeps the hash of the one it was agreed under. 58: numbers are
    // applied by the set; the 40s and 50s are left to parallel branches.
    version: 58,
    sql: `
      CREATE TABLE consent_notices (id TEXT PRIMARY KEY, text TEXT NOT NULL, createdAt INTEGER NOT NULL) WITHOUT ROWID;
      ALTER TABLE consents ADD COLUMN noticeHash TEXT;`,
  },
  {
    // The witness (C2SP tlog-witness, services/witness/witness.ts): per log origin the latest
    // checkpoint it cosigned; id = hex SHA-256 of the origin. Moved by one conditional statement.
    // 47: numbers are applied by the set; those between are left to parallel branches.
    version: 47,
    sql: `
      CREATE TABLE witness_checkpoints (
        id TEXT PRIMARY KEY, origin TEXT NOT NULL, size INTEGER NOT NULL, rootHash TEXT NOT NULL, note TEXT NOT NULL, at INTEGER NOT NULL
      ) WITHOUT ROWID;`,
  },
]

export function migrate(db: Database.Database): number {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)')
  // By the set applied, not the highest: version 3 (consent) landed after 4 (health), and a
  // database created in between must still get it.
  const applied = new Set((db.prepare('SELECT version FROM schema_version').all() as Array<{ version: number }>).map((r) => r.version))
  let current = Math.max(0, ...applied)
  for (const m of MIGRATIONS) {
    if (applied.has(m.version)) continue
    // Each migration and its version row commit together, so a crash never half-applies one.
    db.transaction(() => {
      db.exec(m.sql)
      db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(m.version)
    })()
    current = Math.max(current, m.version)
  }
  return current
}
