export type { DocDb, DocCollection, DocRef } from './docDb'
export { createCloudBaseStores, COLLECTIONS } from './cloudbaseStores'
export { isDuplicateKeyError, DbError } from './dbErrors'
