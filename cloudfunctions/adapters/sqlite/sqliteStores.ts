import Database from 'better-sqlite3'
import type { Stores } from '../../ports/stores'
import { migrate } from './migrations'
import { sqliteSpaceStores } from './sqliteSpaceStores'
import { AccountRow, IdentityRow, parseRow, SessionRow, VerificationRow } from './rows'

export type SqliteStores = Stores & { close(): void; db: Database.Database }

/**
 * The Stores port on SQLite (local cloud and tests). Every atomic step is one statement, the
 * same shape the CloudBase adapter can honour (CLOUDBASE.md: conditional updates by id).
 */
export function openSqliteStores(file: string): SqliteStores {
  const db = new Database(file)
  // WAL lets the local cloud read while a write is in flight; meaningless for ':memory:'.
  if (file !== ':memory:') {
    db.pragma('journal_mode = WAL')
    // In WAL, NORMAL (better-sqlite3's default) may lose the last commits on power loss: an
    // acknowledged declaration or consent must survive it, so fsync the WAL on every commit.
    db.pragma('synchronous = FULL')
  }
  db.pragma('busy_timeout = 5000')
  migrate(db)

  const q = {
    accountGet: db.prepare('SELECT * FROM accounts WHERE openid = ?'),
    accountPut: db.prepare(
      `INSERT INTO accounts (openid, defaultMethod, identityId, updatedAt)
       VALUES (@openid, @defaultMethod, @identityId, @updatedAt)
       ON CONFLICT(openid) DO UPDATE SET defaultMethod = excluded.defaultMethod,
         identityId = excluded.identityId, updatedAt = excluded.updatedAt`,
    ),
    identityGet: db.prepare('SELECT * FROM identities WHERE id = ?'),
    identityInsert: db.prepare(
      `INSERT OR IGNORE INTO identities (id, nameCipher, idNumberCipher, currentSessionId, createdAt, updatedAt)
       VALUES (@id, @nameCipher, @idNumberCipher, @currentSessionId, @createdAt, @updatedAt)`,
    ),
    identitySetSession: db.prepare('UPDATE identities SET currentSessionId = ?, updatedAt = ? WHERE id = ?'),
    identityClearIf: db.prepare(
      'UPDATE identities SET currentSessionId = NULL, updatedAt = ? WHERE id = ? AND currentSessionId = ?',
    ),
    sessionCreate: db.prepare(
      `INSERT INTO sessions (id, openid, identityId, createdAt, verifiedAt, lastSeenAt, endedAt)
       VALUES (@id, @openid, @identityId, @createdAt, @verifiedAt, @lastSeenAt, @endedAt)`,
    ),
    sessionGet: db.prepare('SELECT * FROM sessions WHERE id = ?'),
    sessionTouch: db.prepare('UPDATE sessions SET lastSeenAt = ? WHERE id = ?'),
    sessionVerified: db.prepare('UPDATE sessions SET verifiedAt = ? WHERE id = ?'),
    sessionEnd: db.prepare('UPDATE sessions SET endedAt = ? WHERE id = ? AND endedAt IS NULL'),
    verificationCreate: db.prepare(
      `INSERT INTO verifications (verifyId, method, purpose, openid, sessionId, identityId, outSeqNo,
         nameCipher, idNumberCipher, state, createdAt, expiresAt, usedAt)
       VALUES (@verifyId, @method, @purpose, @openid, @sessionId, @identityId, @outSeqNo,
         @nameCipher, @idNumberCipher, @state, @createdAt, @expiresAt, @usedAt)`,
    ),
    verificationGet: db.prepare('SELECT * FROM verifications WHERE verifyId = ?'),
    verificationUse: db.prepare(
      "UPDATE verifications SET state = 'used', usedAt = ? WHERE verifyId = ? AND state = 'pending'",
    ),
  }

  return {
    db,
    close: () => db.close(),
    ...sqliteSpaceStores(db),
    accounts: {
      get: async (openid) => parseRow(AccountRow, q.accountGet.get(openid)),
      put: async (account) => void q.accountPut.run(account),
    },
    identities: {
      get: async (id) => parseRow(IdentityRow, q.identityGet.get(id)),
      ensure: async (identity) => {
        q.identityInsert.run(identity)
        return IdentityRow.parse(q.identityGet.get(identity.id))
      },
      setCurrentSession: async (id, sessionId, at) => void q.identitySetSession.run(sessionId, at, id),
      clearSessionIf: async (id, sessionId, at) => q.identityClearIf.run(at, id, sessionId).changes === 1,
    },
    sessions: {
      create: async (session) => void q.sessionCreate.run(session),
      get: async (id) => parseRow(SessionRow, q.sessionGet.get(id)),
      touch: async (id, at) => void q.sessionTouch.run(at, id),
      markVerified: async (id, at) => void q.sessionVerified.run(at, id),
      end: async (id, at) => void q.sessionEnd.run(at, id),
    },
    verifications: {
      create: async (v) => void q.verificationCreate.run(v),
      get: async (verifyId) => parseRow(VerificationRow, q.verificationGet.get(verifyId)),
      markUsed: async (verifyId, at) => q.verificationUse.run(at, verifyId).changes === 1,
    },
  }
}
