import type { SpaceStores } from '../../ports/spaceStores'
import { AccessEventRecord, ChildLinkRecord, CredentialReportRecord, HeldCredentialRecord } from '../spaceSchemas'
import type { DocDb } from './docDb'
import { DocTable } from './docTable'

export const SPACE_COLLECTIONS = {
  credentials: 'credentials',
  childLinks: 'child_links',
  reports: 'credential_reports',
  accessEvents: 'access_events',
} as const

/** Insert by deterministic `_id`; a duplicate means it is already there, so read the stored one. */
/**
 * The space Store ports over the CloudBase document database. Each write touches one document by
 * id (CLOUDBASE.md); lists query one field outside any transaction.
 */
export function createCloudBaseSpaceStores(db: DocDb, names: typeof SPACE_COLLECTIONS = SPACE_COLLECTIONS): SpaceStores {
  const credentials = new DocTable(db, names.credentials, 'id', HeldCredentialRecord)
  const links = new DocTable(db, names.childLinks, 'id', ChildLinkRecord)
  const reports = new DocTable(db, names.reports, 'id', CredentialReportRecord)
  const events = new DocTable(db, names.accessEvents, 'id', AccessEventRecord)
  return {
    credentials: {
      ensure: (c) => credentials.ensure(c),
      get: (id) => credentials.get(id),
      listByHolder: (holderIdentityId) => credentials.list({ holderIdentityId }, { by: 'claimedAt', dir: 'asc' }),
    },
    childLinks: {
      ensure: (link) => links.ensure(link),
      get: (id) => links.get(id),
      listByParent: (parentIdentityId) => links.list({ parentIdentityId }, { by: 'linkedAt', dir: 'asc' }),
      markWardClaimed: (id, at) => links.patchIf(id, { wardClaimedAt: null }, { wardClaimedAt: at }),
    },
    reports: {
      create: (r) => reports.insert(r),
      listByHolder: (holderIdentityId) => reports.list({ holderIdentityId }, { by: 'createdAt', dir: 'desc' }),
    },
    accessEvents: {
      append: (e) => events.insert(e),
      // Ids start with the zero-padded time, so `_id` order is time order with a stable tie-break.
      list: (identityId, page) => events.list({ identityId }, { by: 'id', dir: 'desc' }, page),
    },
  }
}
