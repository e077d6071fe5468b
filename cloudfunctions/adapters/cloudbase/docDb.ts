/**
 * The slice of `@cloudbase/node-sdk`'s database the store adapter uses, declared here so the
 * adapter compiles against an interface and tests can pass an in-memory fake
 * (test/contract/fakeDocDb.ts). The real `app.database()` satisfies it structurally.
 *
 * node-sdk v3 shapes (read from @cloudbase/database src/document.ts, collection.ts, query.ts):
 * - `doc(id).get()` → `{ data: [doc] }`, or `{ data: [] }` when the document is missing
 *   (an array, unlike wx-server-sdk's single object; inside a transaction it is `doc | null`).
 * - `set`/`update` take the fields directly (no `{ data }` wrapper) and refuse an `_id` field.
 * - Failures either throw a TcbError `{ code, message }` (the default, throwOnCode) or, in
 *   compatibility mode, resolve to `{ code, message }`: the adapter handles both.
 */
export interface DbReply {
  code?: string | number
  message?: string
  requestId?: string
}

export interface DocGetReply extends DbReply {
  data?: unknown
}

export interface DocWriteReply extends DbReply {
  updated?: number
}

export interface DocRef {
  get(): Promise<DocGetReply>
  set(data: object): Promise<DocWriteReply>
  update(data: object): Promise<DocWriteReply>
  /** Deletes the document; `{ deleted: 0 }` when it was missing. */
  remove(): Promise<DbReply & { deleted?: number }>
}

export interface DocCollection {
  doc(id: string): DocRef
  /** With a caller-chosen `_id`; a taken `_id` fails with DATABASE_DUPLICATE_WRITE (CLOUDBASE.md). */
  add(data: object): Promise<DbReply & { id?: string }>
  /** Conditional update, or a listing by equal fields (outside transactions only, CLOUDBASE.md). */
  where(query: object): DocQuery
}

/**
 * node-sdk's Query: `update` says how many documents matched the condition and changed; `get`
 * resolves `{ data: [...] }`, 100 documents unless `limit` (1,000 at most, CLOUDBASE.md).
 */
export interface DocQuery {
  update(data: object): Promise<DocWriteReply>
  get(): Promise<DocGetReply>
  orderBy(field: string, direction: 'asc' | 'desc'): DocQuery
  skip(n: number): DocQuery
  limit(n: number): DocQuery
}

/** node-sdk's `db.command`: only `in` (`where({ _id: _.in(ids) })`, ≤ 1,000 ids per `get`) is used. */
export interface DocCommand {
  in(values: readonly unknown[]): unknown
}

export interface DocDb {
  collection(name: string): DocCollection
  readonly command: DocCommand
}
