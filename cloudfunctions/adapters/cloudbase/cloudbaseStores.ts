import type { Stores } from '../../ports/stores'
import type { DocDb } from './docDb'
import { DocTable } from './docTable'
import { createCloudBaseSpaceStores } from './cloudbaseSpaceStores'
import { AccountDoc, IdentityDoc, SessionDoc, VerificationDoc } from './schemas'

/** Collection names; DEPLOY.md lists them with their deny-all client rules. */
export const COLLECTIONS = {
  accounts: 'accounts',
  identities: 'identities',
  sessions: 'sessions',
  verifications: 'verifications',
} as const

/**
 * The Store ports over the CloudBase document database (node-sdk v3). Every call touches one
 * document by id; the two limits (one live session, a verify id used once) are conditional
 * updates on that one document, and identity creation is an insert by deterministic `_id`,
 * as CLOUDBASE.md prescribes.
 */
export function createCloudBaseStores(db: DocDb, names: typeof COLLECTIONS = COLLECTIONS): Stores {
  const accounts = new DocTable(db, names.accounts, 'openid', AccountDoc)
  const identities = new DocTable(db, names.identities, 'id', IdentityDoc)
  const sessions = new DocTable(db, names.sessions, 'id', SessionDoc)
  const verifications = new DocTable(db, names.verifications, 'verifyId', VerificationDoc)

  return {
    ...createCloudBaseSpaceStores(db),
    accounts: {
      get: (openid) => accounts.get(openid),
      put: (account) => accounts.put(account),
    },
    identities: {
      get: (id) => identities.get(id),
      // Someone (maybe a concurrent login) may have created it first: theirs is the stored one.
      ensure: async (identity) => (await identities.ensure(identity)).stored,
      async setCurrentSession(id, sessionId, at) {
        await identities.patch(id, { currentSessionId: sessionId, updatedAt: at })
      },
      clearSessionIf: (id, sessionId, at) =>
        identities.patchIf(id, { currentSessionId: sessionId }, { currentSessionId: null, updatedAt: at }),
    },
    sessions: {
      create: (session) => sessions.insert(session),
      get: (id) => sessions.get(id),
      async touch(id, at) {
        await sessions.patch(id, { lastSeenAt: at })
      },
      async markVerified(id, at) {
        await sessions.patch(id, { verifiedAt: at })
      },
      async end(id, at) {
        // The first end wins, as in the SQLite adapter (`WHERE endedAt IS NULL`).
        await sessions.patchIf(id, { endedAt: null }, { endedAt: at })
      },
    },
    verifications: {
      create: (v) => verifications.insert(v),
      get: (verifyId) => verifications.get(verifyId),
      markUsed: (verifyId, at) =>
        verifications.patchIf(verifyId, { state: 'pending' }, { state: 'used', usedAt: at }),
    },
  }
}
