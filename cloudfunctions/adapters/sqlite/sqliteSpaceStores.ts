import type Database from 'better-sqlite3'
import type { SpaceStores } from '../../ports/spaceStores'
import { AccessEventRecord, ChildLinkRecord, CredentialReportRecord, HeldCredentialRecord } from '../spaceSchemas'
import { parseRow } from './rows'

/**
 * The space Store ports on SQLite. Ensure = INSERT OR IGNORE then read back: one statement, the
 * same "insert by deterministic id" the CloudBase adapter does (a retried claim loses nothing).
 */
export function sqliteSpaceStores(db: Database.Database): SpaceStores {
  const q = {
    credInsert: db.prepare(
      `INSERT OR IGNORE INTO credentials (id, holderIdentityId, type, subjectKind, childLinkId, payloadCipher, claimedAt)
       VALUES (@id, @holderIdentityId, @type, @subjectKind, @childLinkId, @payloadCipher, @claimedAt)`,
    ),
    credGet: db.prepare('SELECT * FROM credentials WHERE id = ?'),
    credList: db.prepare('SELECT * FROM credentials WHERE holderIdentityId = ? ORDER BY claimedAt, id'),
    linkInsert: db.prepare(
      `INSERT OR IGNORE INTO child_links (id, parentIdentityId, childIdentityId, birthCertificateId, payloadCipher, linkedAt, wardClaimedAt)
       VALUES (@id, @parentIdentityId, @childIdentityId, @birthCertificateId, @payloadCipher, @linkedAt, @wardClaimedAt)`,
    ),
    linkGet: db.prepare('SELECT * FROM child_links WHERE id = ?'),
    linkList: db.prepare('SELECT * FROM child_links WHERE parentIdentityId = ? ORDER BY linkedAt, id'),
    linkClaimed: db.prepare('UPDATE child_links SET wardClaimedAt = ? WHERE id = ? AND wardClaimedAt IS NULL'),
    reportInsert: db.prepare(
      `INSERT INTO credential_reports (id, holderIdentityId, credentialId, type, fields, descriptionCipher, state, createdAt, updatedAt)
       VALUES (@id, @holderIdentityId, @credentialId, @type, @fields, @descriptionCipher, @state, @createdAt, @updatedAt)`,
    ),
    reportList: db.prepare('SELECT * FROM credential_reports WHERE holderIdentityId = ? ORDER BY createdAt DESC, id DESC'),
    eventInsert: db.prepare(
      `INSERT INTO access_events (id, identityId, at, actorKind, actorLabel, operator, action, credentialTypes, fields, noteCipher)
       VALUES (@id, @identityId, @at, @actorKind, @actorLabel, @operator, @action, @credentialTypes, @fields, @noteCipher)`,
    ),
    eventList: db.prepare('SELECT * FROM access_events WHERE identityId = ? ORDER BY id DESC LIMIT ? OFFSET ?'),
  }
  const all = <T>(schema: { parse(v: unknown): T }, rows: unknown[]) => rows.map((r) => schema.parse(r))

  return {
    credentials: {
      ensure: async (c) => {
        const created = q.credInsert.run(c).changes === 1
        return { stored: HeldCredentialRecord.parse(q.credGet.get(c.id)), created }
      },
      get: async (id) => parseRow(HeldCredentialRecord, q.credGet.get(id)),
      listByHolder: async (holder) => all(HeldCredentialRecord, q.credList.all(holder)),
    },
    childLinks: {
      ensure: async (link) => {
        const created = q.linkInsert.run(link).changes === 1
        return { stored: ChildLinkRecord.parse(q.linkGet.get(link.id)), created }
      },
      get: async (id) => parseRow(ChildLinkRecord, q.linkGet.get(id)),
      listByParent: async (parent) => all(ChildLinkRecord, q.linkList.all(parent)),
      markWardClaimed: async (id, at) => q.linkClaimed.run(at, id).changes === 1,
    },
    reports: {
      create: async (r) => void q.reportInsert.run({ ...r, fields: JSON.stringify(r.fields) }),
      listByHolder: async (holder) => all(CredentialReportRecord, q.reportList.all(holder)),
    },
    accessEvents: {
      append: async (e) =>
        void q.eventInsert.run({ ...e, credentialTypes: JSON.stringify(e.credentialTypes), fields: JSON.stringify(e.fields) }),
      list: async (identityId, page) => all(AccessEventRecord, q.eventList.all(identityId, page.limit, page.offset)),
    },
  }
}
