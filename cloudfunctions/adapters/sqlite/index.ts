export { openSqliteStores, type SqliteStores } from './sqliteStores'
export { migrate } from './migrations'
export { sqliteHealthStores } from './sqliteHealthStores'
export { sqliteConsentStores, sqliteBulkAppend } from './sqliteConsentStores'
