export type { DocDb, DocCollection, DocRef, DocQuery } from './docDb'
export { createCloudBaseStores, COLLECTIONS } from './cloudbaseStores'
export { isDuplicateKeyError, DbError } from './dbErrors'
export { createCloudBaseSpaceStores, SPACE_COLLECTIONS } from './cloudbaseSpaceStores'
