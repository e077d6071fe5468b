import type { DocCollection, DocDb, DocQuery, DocRef } from '../../cloudfunctions/adapters/cloudbase/docDb'

/**
 * An in-memory stand-in for the slice of node-sdk's database the CloudBase stores use. It copies
 * node-sdk v3's documented/observed behaviour (read from @cloudbase/database's source):
 * - `doc(id).get()` resolves `{ data: [doc] }`, or `{ data: [] }` when missing;
 * - `set` replaces the document (upsert), `update` merges top-level fields, both take the
 *   fields directly and refuse `_id`; `update` of a missing doc resolves `{ updated: 0 }`;
 * - `add` with a taken `_id` fails with code DATABASE_DUPLICATE_WRITE (CLOUDBASE.md);
 * - `where(q).update(d)` resolves `{ updated: n }`, counting documents changed, as MongoDB does;
 * - failures throw `{ code, message }` (node-sdk's default throwOnCode) or, with
 *   `throwOnCode: false`, resolve with them, so the adapter is tested against both modes;
 * - `undefined` fields are dropped (node-sdk's filterUndefined); documents are copied on the
 *   way in and out, and every call yields once so concurrent calls interleave.
 * Update commands (`_.inc` …) are not modelled: the adapter does not use them. Of the query
 * commands only `_.in` is (at most 1,000 values, the most one `get` returns).
 */
type Doc = Record<string, unknown> & { _id: string }

export class FakeDbError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

/** What the fake's `command.in(values)` returns: matched by `matches` below. */
export class FakeIn {
  constructor(readonly values: readonly unknown[]) {}
}

export class FakeDocDb implements DocDb {
  readonly collections = new Map<string, Map<string, Doc>>()
  private seq = 0
  readonly command = { in: (values: readonly unknown[]) => new FakeIn([...values]) }

  constructor(private readonly opts: { throwOnCode?: boolean } = {}) {}

  collection(name: string): DocCollection {
    if (!this.collections.has(name)) this.collections.set(name, new Map())
    const docs = this.collections.get(name)!
    const fail = (code: string, message: string) => {
      if (this.opts.throwOnCode === false) return { code, message, requestId: 'fake' }
      throw new FakeDbError(code, message)
    }
    const doc = (id: string): DocRef => ({
      get: async () => {
        await tick()
        const found = docs.get(id)
        return { data: found ? [copy(found)] : [], requestId: 'fake' }
      },
      set: async (data) => {
        await tick()
        if ('_id' in data) return fail('INVALID_PARAM', '不能更新_id的值')
        const existed = docs.has(id)
        docs.set(id, { ...clean(data), _id: id })
        return { updated: existed ? 1 : 0, upsertedId: existed ? undefined : id, requestId: 'fake' }
      },
      update: async (data) => {
        await tick()
        if ('_id' in data) return fail('INVALID_PARAM', '不能更新_id的值')
        const found = docs.get(id)
        return { updated: found && merge(found, data) ? 1 : 0, requestId: 'fake' }
      },
      remove: async () => {
        await tick()
        return { deleted: docs.delete(id) ? 1 : 0, requestId: 'fake' }
      },
    })
    return {
      doc,
      add: async (data) => {
        await tick()
        if (Array.isArray(data)) throw new Error('FakeDocDb: batch add is not modelled')
        const id = String((data as { _id?: unknown })._id ?? `fake${++this.seq}`)
        if (docs.has(id)) {
          return fail(
            'DATABASE_DUPLICATE_WRITE',
            `E11000 duplicate key error collection: ${name} index: _id_ dup key: { _id: "${id}" }`,
          )
        }
        docs.set(id, { ...clean(data), _id: id })
        return { id, requestId: 'fake' }
      },
      where: (query) => fakeQuery(docs, query, fail, []),
    }
  }
}

type Fail = (code: string, message: string) => { code: string; message: string; requestId: string }
type Order = { field: string; dir: 'asc' | 'desc'; skip?: number; limit?: number }

/** node-sdk's Query chain: equality filter, orderBy (several), skip, limit (default 100, CLOUDBASE.md). */
function fakeQuery(docs: Map<string, Doc>, query: object, fail: Fail, orders: Order[], skip = 0, limit = 100): DocQuery {
  return {
    orderBy: (field, dir) => fakeQuery(docs, query, fail, [...orders, { field, dir }], skip, limit),
    skip: (n) => fakeQuery(docs, query, fail, orders, n, limit),
    limit: (n) => fakeQuery(docs, query, fail, orders, skip, Math.min(n, 1000)),
    get: async () => {
      await tick()
      const found = [...docs.values()].filter((d) => matches(d, query))
      found.sort((a, b) => {
        for (const o of orders) {
          const [x, y] = [a[o.field] as string | number, b[o.field] as string | number]
          if (x !== y) return (x < y ? -1 : 1) * (o.dir === 'asc' ? 1 : -1)
        }
        return 0
      })
      return { data: found.slice(skip, skip + limit).map(copy), requestId: 'fake' }
    },
    update: async (data) => {
      await tick()
      if ('_id' in data) return fail('INVALID_PARAM', '不能更新_id的值')
      let updated = 0
      for (const d of docs.values()) {
        if (matches(d, query) && merge(d, data)) updated++
      }
      return { updated, requestId: 'fake' }
    },
  }
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve))
const copy = <T>(v: T): T => structuredClone(v)

function clean(data: object): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(data)) {
    if (v === undefined) continue
    if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) !== Object.prototype && !Array.isArray(v)) {
      throw new Error(`FakeDocDb: field ${k} holds an update command or class instance, not modelled`)
    }
    out[k] = copy(v)
  }
  return out
}

/** Equality filter on top-level fields, and `_.in` (FakeIn): the only kinds the adapters send. */
function matches(d: Doc, query: object): boolean {
  return Object.entries(query).every(([k, v]) => {
    if (v instanceof FakeIn) {
      if (v.values.length > 1000) throw new Error('FakeDocDb: more than 1,000 values in _.in')
      return k in d && v.values.includes(d[k])
    }
    if (v !== null && typeof v === 'object') throw new Error('FakeDocDb: query operators are not modelled')
    return (k in d ? d[k] : undefined) === v || (v === null && d[k] === undefined)
  })
}

/** Applies a top-level `$set`; true if anything changed (MongoDB's nModified). */
function merge(d: Doc, data: object): boolean {
  let changed = false
  for (const [k, v] of Object.entries(clean(data))) {
    if (JSON.stringify(d[k]) !== JSON.stringify(v)) changed = true
    d[k] = v
  }
  return changed
}

/**
 * `inner` with every database call (a document's get / set / update / remove, an add, a query's
 * get / update) run through `through`, which may delay it, count it or fail it; building a query
 * (where, orderBy, skip, limit) is no call. Crash tests and the chaos run kill an integrator this way.
 */
export function throughEveryCall(inner: DocDb, through: <T>(run: () => Promise<T>) => Promise<T>): DocDb {
  const q = (query: DocQuery): DocQuery => ({
    get: () => through(() => query.get()),
    update: (d) => through(() => query.update(d)),
    orderBy: (f, dir) => q(query.orderBy(f, dir)),
    skip: (n) => q(query.skip(n)),
    limit: (n) => q(query.limit(n)),
  })
  return {
    command: inner.command,
    collection: (name): DocCollection => {
      const c = inner.collection(name)
      return {
        doc: (id): DocRef => {
          const d = c.doc(id)
          return { get: () => through(() => d.get()), set: (x) => through(() => d.set(x)), update: (x) => through(() => d.update(x)), remove: () => through(() => d.remove()) }
        },
        add: (x) => through(() => c.add(x)),
        where: (w) => q(c.where(w)),
      }
    },
  }
}
